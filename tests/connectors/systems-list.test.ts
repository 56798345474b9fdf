import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEPARTMENTS } from '../../connectors/sample-city/index.ts';
import { formatSystemsList } from '../../connectors/sample-city/systems-list.ts';

describe('the list of systems (connectors/sample-city/SYSTEMS.md)', () => {
  it('is the one the manifests give (regenerate it with: npx tsx connectors/sample-city/write-systems-list.ts)', () => {
    const shipped = readFileSync(new URL('../../connectors/sample-city/SYSTEMS.md', import.meta.url), 'utf8');
    expect(shipped).toBe(formatSystemsList(DEPARTMENTS));
  });

  it('lists every connector once, with its highest sensitivity', () => {
    const list = formatSystemsList(DEPARTMENTS);
    for (const { manifest } of DEPARTMENTS) expect(list.split('\n').filter((line) => line.startsWith(`| ${manifest.id} |`))).toHaveLength(1);
    expect(list).toContain(`${DEPARTMENTS.length} systems in all.`);
    expect(list).toMatch(/^\| elderly-registry \| .* \| personal \|$/m);
    expect(list).toMatch(/^\| grids \| .* \| public \|$/m);
  });
});
