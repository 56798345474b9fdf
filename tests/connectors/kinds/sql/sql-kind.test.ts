import { graphql } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnector, defineConnector, ManifestError, type Connector, type UpstreamCall } from '../../../../connectors/index.ts';
import type { LegacyTable } from '../../../../connectors/sample-city/simulators/sql-simulator.ts';
import { DIALECTS } from '../../../support/servers.ts';
import { createLegacyDatabase, type LegacyDatabase } from './legacy-database.ts';

const GRIDS = ['310106013001-01', '310106013001-02', '310106013002-01', '310101001001-01'];
/** Codes that hold LIKE's wildcards: a prefix with `_` or `%` must match them literally. */
const TRICKY = { P090: '310106_99', P091: '3101069999', P092: '310106%88', P093: '3101060088' } as const;

const residents = [
  ...Array.from({ length: 40 }, (_, i) => {
    const id = `P${String(i + 1).padStart(3, '0')}`;
    return { RYBS: id, XM: `居民${i + 1}`, WGBM: GRIDS[i % GRIDS.length]!, HLDJ: 1 + (i % 3), SFDJ: i % 2, PF: 60 + i / 4, DJSJ: `2024-03-${String(1 + (i % 28)).padStart(2, '0')} 08:30:00` };
  }),
  ...Object.entries(TRICKY).map(([id, code]) => ({ RYBS: id, XM: `特殊${id}`, WGBM: code, HLDJ: 1, SFDJ: 0, PF: 50.5, DJSJ: '2024-01-01 00:00:00' })),
];
const visits = residents.flatMap((r, i) =>
  Array.from({ length: i % 3 }, (_, n) => ({ FWID: `V${r.RYBS}-${n}`, RYBS: r.RYBS, WGBM: r.WGBM, JG: n === 0 ? '正常' : '需跟进' })),
);

const TABLES: LegacyTable[] = [
  { name: 'T_TEST_RK', columns: { RYBS: 'TEXT', XM: 'TEXT', WGBM: 'TEXT', HLDJ: 'INTEGER', SFDJ: 'INTEGER', PF: 'REAL', DJSJ: 'TEXT' }, rows: residents },
  { name: 'T_TEST_FW', columns: { FWID: 'TEXT', RYBS: 'TEXT', WGBM: 'TEXT', JG: 'TEXT' }, rows: visits },
  {
    name: 'T_TEST_BAD',
    columns: { RYBS: 'TEXT', WGBM: 'TEXT', HLDJ: 'TEXT' },
    rows: [
      { RYBS: 'P001', WGBM: GRIDS[0], HLDJ: '2' },
      { RYBS: 'P002', WGBM: GRIDS[0], HLDJ: 'high' },
    ],
  },
];

function manifest() {
  return {
    id: 'test-registry',
    names: { zh: '测试登记', en: 'Test registry' },
    department: 'Test Bureau',
    domain: 'test',
    source: { kind: 'sql', endpointEnv: 'CITYHUB_TEST_REGISTRY_DB', tables: { Resident: 'T_TEST_RK', Visit: 'T_TEST_FW', BadResident: 'T_TEST_BAD' } },
    timeoutMs: 2_000,
    catalogue: {
      Resident: {
        key: 'personId',
        jurisdiction: 'gridCode',
        filters: ['careLevel', 'name', 'livesAlone'],
        fields: {
          personId: { type: 'ID', from: 'RYBS', sharing: 'unconditional', sensitivity: 'internal' },
          name: { type: 'String', from: 'XM', sharing: 'conditional', sensitivity: 'personal', mask: 'name' },
          gridCode: { type: 'AdminCode', from: 'WGBM', sharing: 'unconditional', sensitivity: 'internal' },
          careLevel: { type: 'Int', from: 'HLDJ', sharing: 'unconditional', sensitivity: 'internal' },
          livesAlone: { type: 'Boolean', from: 'SFDJ', sharing: 'unconditional', sensitivity: 'internal' },
          score: { type: 'Float', from: 'PF', sharing: 'unconditional', sensitivity: 'internal' },
          registeredAt: { type: 'DateTime', from: 'DJSJ', sharing: 'unconditional', sensitivity: 'internal' },
        },
      },
      Visit: {
        key: 'visitId',
        jurisdiction: 'gridCode',
        fields: {
          visitId: { type: 'ID', from: 'FWID', sharing: 'unconditional', sensitivity: 'internal' },
          personId: { type: 'ID', from: 'RYBS', sharing: 'unconditional', sensitivity: 'internal' },
          gridCode: { type: 'AdminCode', from: 'WGBM', sharing: 'unconditional', sensitivity: 'internal' },
          result: { type: 'String', from: 'JG', sharing: 'unconditional', sensitivity: 'internal' },
        },
      },
      BadResident: {
        key: 'personId',
        jurisdiction: 'gridCode',
        fields: {
          personId: { type: 'ID', from: 'RYBS', sharing: 'unconditional', sensitivity: 'internal' },
          gridCode: { type: 'AdminCode', from: 'WGBM', sharing: 'unconditional', sensitivity: 'internal' },
          careLevel: { type: 'Int', from: 'HLDJ', sharing: 'unconditional', sensitivity: 'internal' },
        },
      },
    },
    links: [{ kind: 'has', on: 'Resident', field: 'visits', target: 'Visit', by: 'personId' }],
  };
}

const byKey = <T extends { RYBS: string }>(rows: readonly T[]) => [...rows].sort((a, b) => (a.RYBS < b.RYBS ? -1 : a.RYBS > b.RYBS ? 1 : 0));

for (const dialect of DIALECTS) {
  describe(`sql source kind on ${dialect.name}`, () => {
    let legacy: LegacyDatabase;
    let connector: Connector;
    const calls: UpstreamCall[] = [];
    const definition = defineConnector(manifest());
    const query = async (source: string) => {
      calls.length = 0;
      return graphql({ schema: connector.schema, source, contextValue: {} });
    };

    beforeAll(async () => {
      legacy = await createLegacyDatabase(dialect, TABLES);
      connector = createConnector(definition, { env: { CITYHUB_TEST_REGISTRY_DB: legacy.url }, dataDir: '.', onUpstreamCall: (call) => calls.push(call) });
    });
    afterAll(async () => {
      await connector?.close();
      await legacy?.drop();
    });

    it('answers its probe', async () => {
      await expect(connector.probe()).resolves.toBeUndefined();
    });

    it('maps legacy columns to typed fields', async () => {
      const result = await query(`{ resident(personId: "P006") { personId name gridCode careLevel livesAlone score registeredAt } }`);
      expect(result.errors).toBeUndefined();
      expect(result.data!.resident).toEqual({
        personId: 'P006', name: '居民6', gridCode: GRIDS[1], careLevel: 3, livesAlone: true, score: 61.25, registeredAt: '2024-03-06T00:30:00.000Z',
      });
    });

    it('pushes an equality filter into SQL, before the page is cut', async () => {
      const result = await query(`{ residents(where: { careLevel: 3 }, first: 4, offset: 1) { personId careLevel } }`);
      expect(result.errors).toBeUndefined();
      const expected = byKey(residents).filter((r) => r.HLDJ === 3).slice(1, 5);
      expect(result.data!.residents).toEqual(expected.map((r) => ({ personId: r.RYBS, careLevel: 3 })));
      expect(calls).toEqual([{ connector: 'test-registry', type: 'Resident', batchSize: undefined }]);
    });

    it('pushes a boolean filter on a 0/1 legacy column into SQL', async () => {
      const result = await query(`{ residents(where: { livesAlone: true }, first: 3) { personId livesAlone } }`);
      expect(result.errors).toBeUndefined();
      const expected = byKey(residents).filter((r) => r.SFDJ === 1).slice(0, 3);
      expect(result.data!.residents).toEqual(expected.map((r) => ({ personId: r.RYBS, livesAlone: true })));
    });

    it('pushes the jurisdiction prefix into SQL', async () => {
      const result = await query(`{ residents(within: "310106013001", first: 100) { personId gridCode } }`);
      const expected = byKey(residents).filter((r) => r.WGBM.startsWith('310106013001'));
      expect(result.data!.residents).toEqual(expected.map((r) => ({ personId: r.RYBS, gridCode: r.WGBM })));
    });

    it('escapes % and _ in a jurisdiction prefix, so they match only themselves', async () => {
      const adapter = definition.kind.createAdapter(definition.manifest, { env: { CITYHUB_TEST_REGISTRY_DB: legacy.url }, dataDir: '.' });
      try {
        const ids = async (scope: string) =>
          (await adapter.find({ type: 'Resident', within: { field: 'gridCode', scopes: [scope] }, signal: AbortSignal.timeout(2_000) })).map((row) => row.RYBS);
        expect(await ids('310106_')).toEqual(['P090']);
        expect(await ids('310106%')).toEqual(['P092']);
        expect(await ids('31010600')).toEqual(['P093']);
        // Unescaped, `_` would also match P091 (3101069999) and `%` every row of the district.
        expect(await ids('3101069')).toEqual(['P091']);
      } finally {
        await adapter.close();
      }
    });

    it('pages deterministically by key: pages are disjoint and cover every row', async () => {
      const seen: string[] = [];
      for (let offset = 0; offset < residents.length; offset += 7) {
        const result = await query(`{ residents(first: 7, offset: ${offset}) { personId } }`);
        seen.push(...(result.data!.residents as Array<{ personId: string }>).map((r) => r.personId));
      }
      expect(seen).toEqual(byKey(residents).map((r) => r.RYBS));
    });

    it('loads the nested rows of N parents with one IN query per level', async () => {
      const result = await query(`{ residents(first: 30) { personId visits { visitId result } } }`);
      expect(result.errors).toBeUndefined();
      const got = result.data!.residents as Array<{ personId: string; visits: Array<{ visitId: string }> }>;
      expect(got).toHaveLength(30);
      for (const resident of got) {
        expect(resident.visits.map((v) => v.visitId).sort()).toEqual(visits.filter((v) => v.RYBS === resident.personId).map((v) => v.FWID).sort());
      }
      expect(calls).toEqual([
        { connector: 'test-registry', type: 'Resident', batchSize: undefined },
        { connector: 'test-registry', type: 'Visit', batchSize: 30 },
      ]);
    });

    it('answers UPSTREAM_BAD_RESPONSE naming connector, type, field and row for a wrong-typed column, and serves the other rows', async () => {
      const result = await query(`{ badResidents { personId careLevel } }`);
      expect(result.data).toEqual({ badResidents: [{ personId: 'P001', careLevel: 2 }, null] });
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0]!.path).toEqual(['badResidents', 1]);
      expect(result.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', connector: 'test-registry', type: 'BadResident', field: 'careLevel' });
      expect(result.errors![0]!.message).toBe('Connector "test-registry": BadResident.careLevel (legacy "HLDJ") of row "P002" must be Int, received "high"');
    });

    it('answers UPSTREAM_UNAVAILABLE when the database is down', async () => {
      const down = dialect.name === 'postgres' ? legacy.url.replace(/:\d+\//, ':1/') : 'sqlite:/nonexistent/cityhub/legacy.sqlite';
      const offline = createConnector(definition, { env: { CITYHUB_TEST_REGISTRY_DB: down }, dataDir: '.' });
      try {
        const result = await graphql({ schema: offline.schema, source: `{ residents(first: 1) { personId } }`, contextValue: {} });
        expect(result.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', connector: 'test-registry' });
        await expect(offline.probe()).rejects.toMatchObject({ extensions: { code: 'UPSTREAM_UNAVAILABLE', connector: 'test-registry' } });
      } finally {
        await offline.close();
      }
    });

    it('refuses to start without its endpoint variable, naming source.endpointEnv', () => {
      expect(() => createConnector(definition, { env: {}, dataDir: '.' })).toThrow(ManifestError);
      expect(() => createConnector(definition, { env: {}, dataDir: '.' })).toThrow(
        'Invalid manifest "test-registry": source.endpointEnv: environment variable CITYHUB_TEST_REGISTRY_DB is not set',
      );
    });
  });
}
