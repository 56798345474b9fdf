import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskValue, PERSONAS, type PersonaName } from '../../governance/index.ts';
import { startTestHub, type TestHub } from '../support/sample-hub.ts';

/**
 * The policy matrix: every sample persona (and an anonymous caller) × six catalogued types ×
 * four ways of reaching them (root field, nested merge from another department, fragment,
 * alias). Each cell asserts exactly which rows come back and, per field, whether it is in
 * the clear, masked, or withheld.
 *
 * The expectations are written from the catalogue by hand, not computed by the policy code:
 * rows are visible when their code starts with one of the persona's jurisdictions (public
 * callers: only the four open geography types); the three Civil Affairs systems are the case
 * worker's own department; `ElderlyResident.name/phone` are conditional (withheld without an
 * agreement), `CommunityWorker.name` is unconditional personal (masked for other
 * departments), `District.population` is unconditional (withheld from public callers).
 */

type Effect = 'clear' | 'mask' | 'null';
type Who = PersonaName | null;

// Auditors read the audit log, never the city's data: they have their own row below.
const WHO: readonly Who[] = [...(Object.keys(PERSONAS) as PersonaName[]).filter((name) => name !== 'auditor'), null];
const STREET = '310106013';
const GRID = '310106013001-01';
const CIVIL_AFFAIRS = 'Civil Affairs Bureau';

interface TypeCase {
  readonly type: string;
  readonly listField: string;
  readonly key: string;
  readonly open: boolean;
  /** Selected fields and the persona-independent mask rule of personal ones. */
  readonly fields: Readonly<Record<string, { readonly effect: (who: Who) => Effect; readonly rule?: 'name' | 'phone' }>>;
  /** Every row of the type, as the catalogue names its fields, with its jurisdiction code under `$code`. */
  rows(hub: TestHub): Array<Record<string, unknown>>;
  /** A query reaching rows of the type through another department's type, and where the rows are in its data. */
  readonly nested: { readonly query: (selection: string) => string; readonly rows: (data: any) => unknown[] | null; readonly single: boolean };
}

const isGovernment = (who: Who) => who !== null && PERSONAS[who].jurisdictions.length > 0;
const own = (who: Who) => who !== null && PERSONAS[who].department === CIVIL_AFFAIRS;
const open = (): Effect => 'clear';
const unconditional = (who: Who): Effect => (isGovernment(who) ? 'clear' : 'null');
const conditional = (who: Who): Effect => (isGovernment(who) && own(who) ? 'clear' : 'null');
const personal = (who: Who): Effect => (!isGovernment(who) ? 'null' : own(who) ? 'clear' : 'mask');

const TYPES: readonly TypeCase[] = [
  {
    type: 'District', listField: 'districts', key: 'code', open: true,
    fields: { code: { effect: open }, name: { effect: open }, population: { effect: unconditional } },
    rows: (hub) => hub.city.model.districts.map((d) => ({ code: d.code, name: d.nameZh, population: d.population, $code: d.code })),
    nested: { query: (s) => `{ grid(code: "${GRID}") { community { street { district { ${s} } } } } }`, rows: (d) => one(d.grid?.community?.street?.district), single: true },
  },
  {
    type: 'Street', listField: 'streets', key: 'code', open: true,
    fields: { code: { effect: open }, name: { effect: open }, districtCode: { effect: open } },
    rows: (hub) => hub.city.model.streets.map((s) => ({ code: s.code, name: s.name, districtCode: s.districtCode, $code: s.code })),
    nested: { query: (s) => `{ grid(code: "${GRID}") { community { street { ${s} } } } }`, rows: (d) => one(d.grid?.community?.street), single: true },
  },
  {
    type: 'Community', listField: 'communities', key: 'code', open: true,
    fields: { code: { effect: open }, name: { effect: open }, streetCode: { effect: open } },
    rows: (hub) => hub.city.model.communities.map((c) => ({ code: c.code, name: c.name, streetCode: c.streetCode, $code: c.code })),
    nested: { query: (s) => `{ grid(code: "${GRID}") { community { ${s} } } }`, rows: (d) => one(d.grid?.community), single: true },
  },
  {
    type: 'Grid', listField: 'grids', key: 'code', open: true,
    fields: { code: { effect: open }, name: { effect: open }, areaKm2: { effect: open } },
    rows: (hub) => hub.city.model.grids.map((g) => ({ code: g.code, name: g.name, areaKm2: g.areaKm2, $code: g.code, $street: g.streetCode })),
    nested: { query: (s) => `{ street(code: "${STREET}") { grids { ${s} } } }`, rows: (d) => d.street?.grids ?? null, single: false },
  },
  {
    type: 'ElderlyResident', listField: 'elderlyResidents', key: 'personId', open: false,
    fields: {
      personId: { effect: unconditional },
      name: { effect: conditional },
      phone: { effect: conditional },
      careLevel: { effect: unconditional },
    },
    rows: (hub) => {
      const residents = new Map(hub.city.model.residents.map((r) => [r.personId, r]));
      return hub.city.model.elderly.map((e) => {
        const r = residents.get(e.personId)!;
        return { personId: e.personId, name: r.name, phone: r.phone, careLevel: e.careLevel, $code: r.gridCode, $street: r.streetCode };
      });
    },
    nested: { query: (s) => `{ street(code: "${STREET}") { elderlyResidents { ${s} } } }`, rows: (d) => d.street?.elderlyResidents ?? null, single: false },
  },
  {
    type: 'CommunityWorker', listField: 'communityWorkers', key: 'workerId', open: false,
    fields: {
      workerId: { effect: unconditional },
      name: { effect: personal, rule: 'name' },
      phone: { effect: conditional },
      role: { effect: unconditional },
    },
    rows: (hub) => hub.city.model.workers.map((w) => ({ workerId: w.workerId, name: w.name, phone: w.phone, role: w.role, $code: w.communityCode, $street: w.streetCode })),
    nested: { query: (s) => `{ street(code: "${STREET}") { communityWorkers { ${s} } } }`, rows: (d) => d.street?.communityWorkers ?? null, single: false },
  },
];

function one(value: unknown): unknown[] | null {
  return value === null || value === undefined ? null : [value];
}

function visible(who: Who, type: TypeCase, code: unknown): boolean {
  if (!isGovernment(who)) return type.open;
  return PERSONAS[who!].jurisdictions.some((scope) => typeof code === 'string' && code.startsWith(scope));
}

/** The row as the persona must receive it. */
function shown(who: Who, type: TypeCase, row: Record<string, unknown>, rename: (field: string) => string = (f) => f) {
  return Object.fromEntries(
    Object.entries(type.fields).map(([field, spec]) => {
      const effect = spec.effect(who);
      const value = row[field];
      return [rename(field), effect === 'clear' ? value : effect === 'mask' ? maskValue(spec.rule!, value) : null];
    }),
  );
}

const byKey = (key: string) => (a: any, b: any) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0);

describe('the policy matrix: persona × catalogued type × path', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ governance: true });
  });
  afterAll(async () => {
    await hub.close();
  });

  for (const type of TYPES) {
    const selection = Object.keys(type.fields).join(' ');
    it(`auditor is refused ${type.type} on every path (root, nested merge, fragments, aliases): FORBIDDEN and no data`, async () => {
      const [first, ...rest] = Object.keys(type.fields);
      const aliased = Object.keys(type.fields).map((field) => `a_${field}: ${field}`).join(' ');
      for (const query of [
        `{ ${type.listField}(first: 1000) { ${selection} } }`,
        type.nested.query(selection),
        `query { ${type.listField}(first: 1000) { ...Head ... on ${type.type} { ${rest.join(' ')} } } } fragment Head on ${type.type} { ${first} }`,
        `{ rows: ${type.listField}(first: 1000) { ${aliased} } }`,
      ]) {
        const response = await hub.queryAs('auditor', query);
        expect(response.status).toBe(403);
        expect(response.data ?? null).toBeNull();
        expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      }
    });
    for (const who of WHO) {
      const label = who ?? 'anonymous';
      const rootExpected = (hub: TestHub) =>
        type.rows(hub).sort(byKey(type.key)).filter((row) => visible(who, type, row.$code)).slice(0, 1000).map((row) => shown(who, type, row));

      it(`${label} reads exactly the visible ${type.type} rows and fields through the root field`, async () => {
        const response = await hub.queryAs(who, `{ ${type.listField}(first: 1000) { ${selection} } }`);
        expect(response.status).toBe(200);
        const rows = [...response.data[type.listField]].sort(byKey(type.key));
        expect(rows).toEqual(rootExpected(hub));
      });

      it(`${label} reads ${type.type} through a nested merge with the same rows and fields`, async () => {
        const response = await hub.queryAs(who, type.nested.query(selection));
        const rows = type.nested.rows(response.data);
        if (type.nested.single) {
          const target = type.rows(hub).find((row) => row.$code === (type.type === 'District' ? '310106' : type.type === 'Street' ? STREET : GRID.slice(0, 12)))!;
          if (visible(who, type, target.$code)) {
            expect(rows).toEqual([shown(who, type, target)]);
          } else {
            expect(rows).toBeNull();
            expect(response.errors?.some((e) => e.extensions?.code === 'FORBIDDEN' && /does not exist or lies outside/.test(e.message))).toBe(true);
          }
        } else {
          const expected = type.rows(hub).filter((row) => row.$street === STREET && visible(who, type, row.$code)).sort(byKey(type.key));
          expect([...(rows as any[])].sort(byKey(type.key))).toEqual(expected.map((row) => shown(who, type, row)));
          if (!type.open && !isGovernment(who)) expect(rows).toEqual([]);
        }
      });

      it(`${label} reads ${type.type} through named and inline fragments with the same rows and fields`, async () => {
        const [first, ...rest] = Object.keys(type.fields);
        const response = await hub.queryAs(
          who,
          `query { ${type.listField}(first: 1000) { ...Head ... on ${type.type} { ${rest.join(' ')} } } } fragment Head on ${type.type} { ${first} }`,
        );
        const rows = [...response.data[type.listField]].sort(byKey(type.key));
        expect(rows).toEqual(rootExpected(hub));
      });

      it(`${label} reads ${type.type} under aliases with the same rows and fields`, async () => {
        const aliased = Object.keys(type.fields).map((field) => `a_${field}: ${field}`).join(' ');
        const response = await hub.queryAs(who, `{ rows: ${type.listField}(first: 1000) { ${aliased} } }`);
        const rows = [...response.data.rows].sort(byKey(`a_${type.key}`));
        expect(rows).toEqual(
          type.rows(hub).sort(byKey(type.key)).filter((row) => visible(who, type, row.$code)).slice(0, 1000).map((row) => shown(who, type, row, (f) => `a_${f}`)),
        );
      });
    }
  }

  it('reports each withheld field once, naming it, and never returns the gateway’s jurisdiction selection', async () => {
    const response = await hub.queryAs('streetOfficer', `{ elderlyResidents(first: 10) { personId name phone } }`);
    expect(response.data.elderlyResidents).toHaveLength(10);
    const withheld = response.errors!.filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.extensions!.field).sort();
    expect(withheld).toEqual(['ElderlyResident.name', 'ElderlyResident.phone']);
    expect(JSON.stringify(response.data)).not.toContain('_cityhub');
  });

  it('refuses a client alias in the gateway’s reserved namespace', async () => {
    const response = await hub.queryAs('cityOperationsOfficer', `{ elderlyResidents(first: 1) { _cityhubJurisdiction: streetCode } }`);
    expect(response.data ?? null).toBeNull();
    expect(response.errors![0]!.message).toMatch(/alias "_cityhubJurisdiction" is reserved/);
  });

  it('answers a single row outside the jurisdiction exactly like a row that does not exist', async () => {
    const outside = await hub.queryAs('streetOfficer', `{ elderlyResident(personId: "${hub.city.model.elderly.find((e) => !hub.city.model.residents.find((r) => r.personId === e.personId)!.streetCode.startsWith(STREET))!.personId}") { personId } }`);
    const missing = await hub.queryAs('streetOfficer', `{ elderlyResident(personId: "P-does-not-exist") { personId } }`);
    expect(outside.data.elderlyResident).toBeNull();
    expect(missing.data.elderlyResident).toBeNull();
    expect(outside.errors!.map((e) => [e.message, e.extensions?.code])).toEqual(missing.errors!.map((e) => [e.message, e.extensions?.code]));
  });

  it('pushes the jurisdiction down, so a street officer’s list reads only its street from the registry', async () => {
    hub.upstreamCalls.length = 0;
    const response = await hub.queryAs('streetOfficer', `{ elderlyResidents(first: 5) { personId } }`);
    expect(response.data.elderlyResidents).toHaveLength(5);
    const anonymous = await hub.queryAs(null, `{ elderlyResidents(first: 5) { personId } }`);
    expect(anonymous.data.elderlyResidents).toEqual([]);
    // The anonymous caller's empty scope costs no upstream call at all.
    expect(hub.upstreamCalls.filter((call) => call.connector === 'elderly-registry')).toHaveLength(1);
  });
});
