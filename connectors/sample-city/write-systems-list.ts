// Rewrites connectors/sample-city/SYSTEMS.md from the department manifests: npx tsx connectors/sample-city/write-systems-list.ts
import { writeFileSync } from 'node:fs';
import { DEPARTMENTS } from './departments/index.ts';
import { formatSystemsList } from './systems-list.ts';

writeFileSync(new URL('./SYSTEMS.md', import.meta.url), formatSystemsList(DEPARTMENTS));
