import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openHubStores } from '../../gateway/store-database.ts';
import { loadedModules } from '../support/loaded-modules.ts';

const importing = (entry: string) => ['--input-type=module', '-e', `await import(${JSON.stringify(entry)});`];
const sampleCityOf = (files: readonly string[]) => files.filter((file) => file.startsWith('connectors/sample-city/'));

describe('what the entry points load', { timeout: 60_000 }, () => {
  it('records the sample city when it is imported (the check below can fail)', () => {
    const loaded = loadedModules(importing('./connectors/sample-city/index.ts'));
    expect(loaded.status, loaded.output).toBe(0);
    expect(sampleCityOf(loaded.own)).toContain('connectors/sample-city/simulators/systems/index.ts');
    expect(sampleCityOf(loaded.own).length).toBeGreaterThan(60);
  });

  it.each(['./gateway/index.ts', './gateway/hub.ts', './connectors/index.ts', './governance/index.ts'])('loads no module of the sample city when %s is imported', (entry) => {
    const loaded = loadedModules(importing(entry));
    expect(loaded.status, loaded.output).toBe(0);
    expect(loaded.own).toContain(entry.slice(2));
    expect(sampleCityOf(loaded.own)).toEqual([]);
  });

  it('loads no source kind when the whole connector SDK is imported (the kinds import the SDK, never the reverse)', () => {
    const files = readdirSync(join(import.meta.dirname, '..', '..', 'connectors', 'sdk')).filter((file) => file.endsWith('.ts'));
    const loaded = loadedModules(['--input-type=module', '-e', files.map((file) => `await import('./connectors/sdk/${file}');`).join('\n')]);
    expect(loaded.status, loaded.output).toBe(0);
    expect(loaded.own).toContain('connectors/sdk/define-connector.ts');
    expect(loaded.own.filter((file) => file.startsWith('connectors/') && !file.startsWith('connectors/sdk/'))).toEqual([]);
  });

  it.each([
    ['token', ['token', 'auditor']],
    ['--help', ['--help']],
    ['audit verify', ['audit', 'verify']],
  ])('runs `cityhub %s` without loading the sample city, the gateway or stitching', async (_name, args) => {
    // A data directory with a hub store: `audit verify` refuses one without.
    const dataDir = mkdtempSync(join(tmpdir(), 'cityhub-modules-store-'));
    try {
      await (await openHubStores({ dataDir })).close();
      const loaded = loadedModules(['gateway/cli.ts', ...args], { CITYHUB_DATA_DIR: dataDir });
      expect(loaded.status, loaded.output).toBe(0);
      expect(sampleCityOf(loaded.own)).toEqual([]);
      expect(loaded.own).not.toContain('gateway/hub.ts');
      expect(loaded.own).not.toContain('gateway/start.ts');
      expect(loaded.own.filter((file) => file.startsWith('connectors/kinds/') && !file.startsWith('connectors/kinds/sql/'))).toEqual([]);
      expect(loaded.packages).not.toContain('@graphql-tools/stitch');
      expect(loaded.packages).not.toContain('graphql-yoga');
      expect(loaded.packages).not.toContain('@apollo/server');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
