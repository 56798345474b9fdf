// Rewrites connectors/SYSTEMS.md from the department manifests: npx tsx connectors/write-systems-list.ts
import { writeFileSync } from 'node:fs';
import { DEPARTMENTS } from './departments/index.ts';
import { formatSystemsList } from './sdk/systems-list.ts';

writeFileSync(new URL('./SYSTEMS.md', import.meta.url), formatSystemsList(DEPARTMENTS));
