import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defineConnector, type ConnectorDefinition } from '../../connectors/index.ts';
import { DEPARTMENTS } from '../../connectors/sample-city/departments/index.ts';
import { writeSqliteSystem } from '../../connectors/sample-city/simulators/sql-simulator.ts';
import { checkConnector, type CheckContext } from '../../gateway/connectors-admin/check.ts';
import type { CheckReport } from '../../gateway/connectors-admin/check-report.ts';
import { createConnectorsCommand } from '../../gateway/connectors-admin/connectors-command.ts';
import { FIXTURES_DIR, farmSubsidiesManifest, farmSubsidiesTables, fixture } from '../support/farm-subsidies.ts';

// The active set is the sample city's definitions; none of their systems is started, since
// composing needs no call. The candidate is a NEW system with its own small SQLite database.
const scratch = mkdtempSync(join(tmpdir(), 'cityhub-connectors-check-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const farmDb = join(scratch, 'farm-subsidies.sqlite');
writeSqliteSystem(farmDb, 'test', farmSubsidiesTables);
const farmEnv = { CITYHUB_FARM_SUBSIDIES_DB: `sqlite:${farmDb}` };
const context: CheckContext = { active: DEPARTMENTS, env: farmEnv, dataDir: scratch };
const check = (manifest: unknown, overrides: Partial<CheckContext> = {}) => checkConnector({ manifest }, { ...context, ...overrides });
const errors = (report: CheckReport) => report.findings.filter((finding) => finding.severity === 'error');
const sampleManifest = (id: string) => structuredClone(DEPARTMENTS.find((definition) => definition.manifest.id === id)!.manifest) as any;

/** The farm manifest with a second catalogued type of two fields: its key and its jurisdiction. */
function farmsWith(type: string, key: { name: string; type: string; sharing?: string }, jurisdiction = 'streetCode') {
  const manifest = farmSubsidiesManifest();
  manifest.source.tables[type] = `T_NY_${type.toUpperCase()}`;
  manifest.catalogue[type] = {
    key: key.name, jurisdiction, listField: `farm${type}s`, singleField: `farm${type}`,
    fields: {
      [key.name]: { type: key.type, from: 'BH', sharing: key.sharing ?? 'open', sensitivity: 'public' },
      [jurisdiction]: { type: 'AdminCode', from: 'JDDM', sharing: 'open', sensitivity: 'public' },
    },
  };
  return manifest;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('checkConnector', () => {
  it('passes a clean candidate of a new system whose legacy system answers', async () => {
    const report = await checkConnector({ document: fixture('farm-subsidies.json'), file: 'farm-subsidies.json' }, { ...context, now: () => new Date('2026-05-01T08:00:00Z') });
    expect(report).toEqual({
      connectorId: 'farm-subsidies',
      checkedAt: '2026-05-01T08:00:00.000Z',
      ok: true,
      ran: ['manifest', 'environment', 'probe', 'composition', 'governance'],
      findings: [],
      skipped: [{ check: 'breaking-changes', reason: 'no version of "farm-subsidies" is active' }],
      file: 'farm-subsidies.json',
    });
  });

  it('reports every manifest issue as a finding with its position, and runs nothing else', async () => {
    const text = fixture('farm-subsidies.yaml').replace('sensitivity: internal }\n      scheme', 'sensitivity: secret }\n      scheme').replace('timeoutMs: 2000', 'timeoutMs: 0');
    const report = await checkConnector({ document: text, file: 'farm-subsidies.yaml' }, context);
    expect(report.ok).toBe(false);
    expect(report.connectorId).toBe('farm-subsidies');
    expect(report.ran).toEqual(['manifest']);
    expect(report.findings).toEqual([
      { check: 'manifest', severity: 'error', path: 'timeoutMs', message: expect.stringMatching(/>=1/), line: 11, column: 1 },
      { check: 'manifest', severity: 'error', path: 'catalogue.FarmSubsidy.fields.subsidyId.sensitivity', message: expect.stringMatching(/^Invalid option/), line: 18, column: 66 },
    ]);
    expect(report.skipped!.map((skipped) => skipped.check)).toEqual(['environment', 'probe', 'composition', 'governance', 'breaking-changes']);
    expect(new Set(report.skipped!.map((skipped) => skipped.reason))).toEqual(new Set(['the manifest is invalid']));
  });

  it('names an endpoint variable that is not set, and does not probe', async () => {
    const report = await check(farmSubsidiesManifest(), { env: { CITYHUB_FARM_SUBSIDIES_DB: '' } });
    expect(errors(report)).toEqual([
      { check: 'environment', severity: 'error', path: 'source.endpointEnv', message: 'environment variable CITYHUB_FARM_SUBSIDIES_DB is not set' },
    ]);
    expect(report.skipped).toContainEqual({ check: 'probe', reason: 'environment variables are missing' });
  });

  it('names a credential variable that is not set', async () => {
    const manifest = sampleManifest('community-workers');
    manifest.source.headersFromEnv = { 'x-api-key': 'CITYHUB_COMMUNITY_WORKERS_KEY' };
    const report = await check(manifest, { env: { [manifest.source.endpointEnv]: 'http://127.0.0.1:9' }, probe: false });
    expect(errors(report)).toEqual([
      { check: 'environment', severity: 'error', path: 'source.headersFromEnv.x-api-key', message: 'environment variable CITYHUB_COMMUNITY_WORKERS_KEY is not set' },
    ]);
  });

  it('reports a legacy system that is down (a closed loopback port)', async () => {
    const port = await closedPort();
    const report = await check(farmSubsidiesManifest(), { env: { CITYHUB_FARM_SUBSIDIES_DB: `postgres://postgres@127.0.0.1:${port}/farms` } });
    expect(report.ok).toBe(false);
    expect(errors(report)).toEqual([
      { check: 'probe', severity: 'error', message: 'Connector "farm-subsidies": the legacy system is unavailable (ECONNREFUSED) (UPSTREAM_UNAVAILABLE)' },
    ]);
  });

  it('reports the probe as not run when it is turned off', async () => {
    const report = await check(farmSubsidiesManifest(), { env: { CITYHUB_FARM_SUBSIDIES_DB: 'postgres://postgres@127.0.0.1:9/none' }, probe: false });
    expect(report.ok).toBe(true);
    expect(report.ran).not.toContain('probe');
    expect(report.skipped).toContainEqual({ check: 'probe', reason: 'the probe was turned off' });
  });

  it('refuses a shared key of another scalar than schema/keys.ts says', async () => {
    const manifest = farmsWith('Vehicle', { name: 'plate', type: 'String' });
    const report = await check(manifest, { probe: false });
    expect(errors(report)[0]).toEqual({
      check: 'composition',
      severity: 'error',
      path: 'catalogue.Vehicle.fields.plate',
      message: 'Vehicle.plate is the shared key of Vehicle: its scalar must be ID (schema/keys.ts), this connector declares String',
    });
    // The other connectors' Vehicle.plate cannot merge with it either.
    expect(errors(report).slice(1).every((finding) => /^Vehicle\.plate is String! here but ID! in connector "/.test(finding.message))).toBe(true);
  });

  it('refuses a field and a root field that another connector already serves', async () => {
    const manifest = farmSubsidiesManifest();
    manifest.links[0].field = 'elderlyResidents';
    manifest.catalogue.FarmSubsidy.singleField = 'school';
    const report = await check(manifest, { probe: false });
    expect(errors(report)).toEqual([
      { check: 'composition', severity: 'error', path: 'catalogue.FarmSubsidy.singleField', message: 'root field Query.school is already served by connector "schools"' },
      { check: 'composition', severity: 'error', path: 'links.0.field', message: 'Street.elderlyResidents is already served by connector "elderly-registry"' },
    ]);
    expect(report.ran).toContain('governance');
  });

  it('refuses a type that another connector already catalogues', async () => {
    const manifest = farmSubsidiesManifest();
    const school = sampleManifest('schools');
    const type = Object.keys(school.catalogue)[0]!;
    manifest.catalogue[type] = { ...school.catalogue[type], listField: 'farmSchools', singleField: 'farmSchool' };
    manifest.source.tables[type] = 'T_NY_XX';
    const report = await check(manifest, { probe: false });
    expect(errors(report)).toContainEqual({
      check: 'composition',
      severity: 'error',
      path: `catalogue.${type}`,
      message: `${type} is already catalogued by connector "schools"; a type several departments hold needs a shared key in schema/keys.ts, or a link to the other department's type`,
    });
  });

  it('refuses a shared entity keyed by another field than schema/keys.ts says', async () => {
    const report = await check(farmsWith('Enterprise', { name: 'licenceNo', type: 'ID' }), { probe: false });
    expect(errors(report)).toContainEqual({
      check: 'composition',
      severity: 'error',
      path: 'catalogue.Enterprise.key',
      message: 'Enterprise is a shared entity keyed by creditCode (schema/keys.ts), not by licenceNo',
    });
  });

  it('refuses a subgraph that does not build: a catalogued type named like a city vocabulary type', async () => {
    const manifest = farmsWith('GeoPoint', { name: 'pointId', type: 'ID' });
    const report = await check(manifest, { probe: false });
    expect(errors(report)).toEqual([
      { check: 'composition', severity: 'error', path: '', message: "the connector's subgraph does not build: Duplicate typename: Another type with name GeoPoint already exists." },
    ]);
    expect(report.skipped).not.toContainEqual(expect.objectContaining({ check: 'governance' }));
  });

  it('refuses a shared key catalogued with another sharing attribute than the active connectors give it', async () => {
    // population-registry catalogues Person.personId as unconditional.
    const manifest = farmsWith('Person', { name: 'personId', type: 'ID', sharing: 'open' }, 'farmStreet');
    const report = await check(manifest, { probe: false });
    expect(errors(report)).toEqual([
      {
        check: 'composition',
        severity: 'error',
        path: '',
        message: 'the city schema does not compose: Person.personId is catalogued differently by connectors "population-registry" and "farm-subsidies"',
      },
    ]);
  });

  it('throws when the active set itself does not compose, since there is nothing to compare with', async () => {
    const broken = farmsWith('Person', { name: 'personId', type: 'ID', sharing: 'open' }, 'farmStreet');
    const active = [DEPARTMENTS.find((definition) => definition.manifest.id === 'population-registry')!, defineConnector(broken)];
    await expect(check(farmSubsidiesManifest(), { active, probe: false })).rejects.toThrow(
      'the active connectors do not compose: Person.personId is catalogued differently by connectors "population-registry" and "farm-subsidies"',
    );
  });

  it('refuses a personal field that leaves the department without a mask rule, or that is open', async () => {
    const manifest = farmSubsidiesManifest();
    delete manifest.catalogue.FarmSubsidy.fields.farmerPhone.mask;
    manifest.catalogue.FarmSubsidy.fields.farmerName.sharing = 'open';
    manifest.catalogue.FarmSubsidy.fields.farmerPersonId = { ...manifest.catalogue.FarmSubsidy.fields.farmerPersonId, sharing: 'none', mask: undefined };
    delete manifest.catalogue.FarmSubsidy.fields.farmerPersonId.mask;
    const report = await check(manifest);
    expect(errors(report)).toEqual([
      { check: 'governance', severity: 'error', path: 'catalogue.FarmSubsidy.fields.farmerName.sharing', message: 'personal field FarmSubsidy.farmerName is shared open: anyone without a token would read it in the clear' },
      {
        check: 'governance',
        severity: 'error',
        path: 'catalogue.FarmSubsidy.fields.farmerPhone.mask',
        message: 'personal field FarmSubsidy.farmerPhone is shared conditional but names no mask rule (one of phone, idNumber, name, address, redact); it would be redacted whole',
      },
    ]);
  });

  it('refuses a jurisdiction field that is not an AdminCode', async () => {
    const manifest = farmSubsidiesManifest();
    manifest.catalogue.FarmSubsidy.fields.streetCode.type = 'String';
    const report = await check(manifest);
    expect(errors(report)).toEqual([
      {
        check: 'governance',
        severity: 'error',
        path: 'catalogue.FarmSubsidy.jurisdiction',
        message: 'jurisdiction field "streetCode" is a String; the row policy compares administrative codes, so it must be an AdminCode',
      },
    ]);
  });

  it('names the scenario operation a breaking change would break', async () => {
    const manifest = sampleManifest('historic-buildings');
    delete manifest.catalogue.HistoricBuilding.fields.listedBatch;
    const report = await check(manifest, { env: { CITYHUB_HISTORIC_BUILDINGS_DIR: scratch }, probe: false });
    expect(report.ran).toContain('breaking-changes');
    expect(errors(report)).toEqual([
      {
        check: 'breaking-changes',
        severity: 'error',
        path: 'HistoricBuilding.listedBatch',
        message: 'FIELD_REMOVED: HistoricBuilding.listedBatch was removed.',
        operations: ['historic-buildings/HistoricBuildingAlarms'],
      },
    ]);
  });

  it('does not compare schemas when the new version does not compose', async () => {
    const manifest = sampleManifest('historic-buildings');
    manifest.catalogue.HistoricBuilding.listField = 'schools';
    const report = await check(manifest, { env: { CITYHUB_HISTORIC_BUILDINGS_DIR: scratch }, probe: false });
    expect(errors(report).map((finding) => finding.message)).toEqual(['root field Query.schools is already served by connector "schools"']);
    expect(report.skipped).toContainEqual({ check: 'breaking-changes', reason: 'the city schema with the candidate does not compose' });
  });

  it('reports a breaking change no scenario operation uses as a warning', async () => {
    const manifest = sampleManifest('historic-buildings');
    delete manifest.catalogue.HistoricBuilding.fields.originalUse;
    const report = await check(manifest, { env: { CITYHUB_HISTORIC_BUILDINGS_DIR: scratch }, probe: false });
    expect(report.ok).toBe(true);
    expect(report.findings).toEqual([
      { check: 'breaking-changes', severity: 'warning', path: 'HistoricBuilding.originalUse', message: 'FIELD_REMOVED: HistoricBuilding.originalUse was removed.' },
    ]);
  });

  it('passes an unchanged active connector, and changes nothing it was given', async () => {
    const before = JSON.stringify(DEPARTMENTS.map((definition: ConnectorDefinition) => definition.manifest));
    const report = await check(sampleManifest('elderly-registry'), { env: { CITYHUB_ELDERLY_REGISTRY_DB: 'sqlite:none.sqlite' }, probe: false });
    expect(report).toMatchObject({ ok: true, findings: [], ran: ['manifest', 'environment', 'composition', 'governance', 'breaking-changes'] });
    expect(JSON.stringify(DEPARTMENTS.map((definition: ConnectorDefinition) => definition.manifest))).toBe(before);
  });
});

describe('cityhub connectors', () => {
  const run = async (args: string[], env: Record<string, string | undefined> = farmEnv) => {
    let output = '';
    let code = 0;
    const command = createConnectorsCommand({ env, write: (text) => void (output += text), setExitCode: (value) => void (code = value) });
    // Commander's usage errors throw instead of exiting this process, and print nowhere.
    for (const each of [command, ...command.commands]) each.exitOverride().configureOutput({ writeErr: () => {} });
    await command.parseAsync(args, { from: 'user' });
    return { output, code };
  };

  it('check prints one line per finding and exits 1 on an error', async () => {
    const { output, code } = await run(['check', join(FIXTURES_DIR, 'farm-subsidies.yaml'), '--against', 'sample-city'], {});
    expect(code).toBe(1);
    const lines = output.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^FAILED: connector "farm-subsidies" \(farm-subsidies\.yaml\), 1 error, 0 warnings; checked manifest, environment, composition, governance at /);
    expect(lines[1]).toMatch(/^CHECK\s+SEVERITY\s+PATH\s+MESSAGE$/);
    expect(lines[2]).toMatch(/^environment\s+error\s+source\.endpointEnv \(farm-subsidies\.yaml:8:3\)\s+environment variable CITYHUB_FARM_SUBSIDIES_DB is not set$/);
    expect(lines[3]).toMatch(/^probe\s+not run\s+environment variables are missing$/);
    expect(lines[4]).toMatch(/^breaking-changes\s+not run\s+no version of "farm-subsidies" is active$/);
  });

  it('check --json prints the report, and exits 0 when it passes', async () => {
    const { output, code } = await run(['check', join(FIXTURES_DIR, 'farm-subsidies.json'), '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(output)).toMatchObject({ connectorId: 'farm-subsidies', ok: true, ran: ['manifest', 'environment', 'probe', 'composition', 'governance'], file: 'farm-subsidies.json' });
  });

  it('check prints a manifest finding with its file, line and column', async () => {
    const file = join(scratch, 'farms.yaml');
    writeFileSync(file, fixture('farm-subsidies.yaml').replace('key: subsidyId', 'key: paymentId'));
    const { output, code } = await run(['check', file, '--no-probe']);
    expect(code).toBe(1);
    expect(output).toMatch(/\nmanifest\s+error\s+catalogue\.FarmSubsidy\.key \(farms\.yaml:14:5\)\s+names "paymentId", which is not a field of FarmSubsidy\n/);
  });

  it('check refuses an active set it does not know, and a file that is not a manifest document', async () => {
    await expect(run(['check', join(FIXTURES_DIR, 'farm-subsidies.json'), '--against', 'registry'])).rejects.toThrow(/Allowed choices are sample-city/);
    await expect(run(['check', join(scratch, 'farms.txt')])).rejects.toThrow('a manifest document must be a .json, .yaml or .yml file');
  });

  it('schema prints the JSON Schema of manifest documents', async () => {
    const { output } = await run(['schema']);
    const schema = JSON.parse(output);
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'CityHub connector manifest', type: 'object' });
    expect(schema.properties.source.oneOf.map((option: any) => option.properties.kind.const).sort()).toEqual(['csv', 'graphql', 'mqtt', 'rest', 'soap', 'sql']);
  });
});
