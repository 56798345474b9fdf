import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineConnector } from '../../connectors/index.ts';
import { startSampleCity, type SampleCity } from '../../connectors/sample-city/index.ts';
import { createCityHub, createLogger, type CityHub } from '../../gateway/index.ts';
import { DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER } from '../../gateway/governance/index.ts';
import { PERSONAS, generateDevKeyPair, mintToken, type DevKeyPair, type PersonaName } from '../../governance/index.ts';

const DISTRICT = '310106';
const STREET = '310106013';

type GraphQLError = { message: string; path?: Array<string | number>; extensions?: Record<string, any> };

/** The errors reported at exactly `path`. */
const errorsAt = (errors: GraphQLError[] | undefined, path: Array<string | number>) =>
  (errors ?? []).filter((error) => JSON.stringify(error.path) === JSON.stringify(path));

/**
 * Null single objects under the row policy: a missing row at a root lookup answers like a
 * hidden one, a nested object hidden by the policy answers null with FORBIDDEN, and a nested
 * reference with no row behind it is a plain null. The sample city plus one catalogue
 * variation: `InsuranceRecord.danglingEmployer`, a reference to an `Enterprise` by the
 * person's ID, whose key is never null and never matches a row.
 */
describe('null single objects under the row policy', () => {
  let dataDir: string;
  let city: SampleCity;
  let hub: CityHub;
  let keys: DevKeyPair;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cityhub-governed-nulls-'));
    city = await startSampleCity({ dataDir });
    keys = await generateDevKeyPair();
    const definitions = city.definitions.map((definition) => {
      if (definition.manifest.id !== 'social-insurance') return definition;
      const links = [...definition.manifest.links, { kind: 'ref' as const, on: 'InsuranceRecord', field: 'danglingEmployer', target: 'Enterprise', from: 'personId' }];
      return defineConnector({ ...definition.manifest, links });
    });
    hub = await createCityHub({
      definitions,
      env: city.env,
      dataDir,
      logger: createLogger('silent'),
      probeIntervalMs: 0,
      governance: {
        identity: { mode: 'development', keys, issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE },
        databaseUrl: 'sqlite::memory:',
      },
    });
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
    await city?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function ask(persona: PersonaName, query: string, purpose?: string) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    headers.authorization = `Bearer ${await mintToken({ principal: PERSONAS[persona], keys, issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE })}`;
    headers['x-cityhub-purpose'] = purpose ?? PERSONAS[persona].purposes[0]!;
    const response = await hub.yoga.fetch('http://yoga/graphql', { method: 'POST', headers, body: JSON.stringify({ query }) });
    return { status: response.status, ...((await response.json()) as { data?: any; errors?: GraphQLError[] }) };
  }

  it('answers a nested reference with a null key (an alarm nobody closed) as a plain null, with no error', async () => {
    // The alarms reach the hub over MQTT: wait until the monitors' first round has arrived.
    const query = `{ vibrationAlarms(within: "${DISTRICT}", first: 500) { alarmId closedByOfficerId closedBy { officerId } } }`;
    let response = await ask('districtOfficer', query);
    for (const deadline = Date.now() + 10_000; (response.data?.vibrationAlarms?.length ?? 0) === 0 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      response = await ask('districtOfficer', query);
    }
    const alarms: Array<{ alarmId: string; closedByOfficerId: string | null; closedBy: unknown }> = response.data.vibrationAlarms;
    const unclosed = alarms.map((alarm, index) => ({ alarm, index })).filter(({ alarm }) => alarm.closedByOfficerId === null);
    expect(unclosed.length).toBeGreaterThan(0);
    for (const { alarm, index } of unclosed) {
      expect(alarm.closedBy).toBeNull();
      expect(errorsAt(response.errors, ['vibrationAlarms', index, 'closedBy'])).toEqual([]);
    }
    // Only the closing officers that are there may be reported on, never an alarm nobody closed.
    const closed = new Set(alarms.flatMap((alarm, index) => (alarm.closedByOfficerId === null ? [] : [index])));
    const officerErrors = (response.errors ?? []).filter((error) => error.extensions?.type === 'HousingOfficer');
    expect(officerErrors.every((error) => closed.has(error.path![1] as number))).toBe(true);
  });

  it('answers a self-employed person\'s employer as a plain null, and an employer outside the jurisdiction as null with FORBIDDEN', async () => {
    const query = `{ insuranceRecords(within: "${DISTRICT}", first: 1000) { recordId employerCreditCode employer { creditCode streetCode } } }`;
    const response = await ask('districtOfficer', query, 'service-approval');
    const records: Array<{ employerCreditCode: string | null; employer: { creditCode: string; streetCode: string } | null }> = response.data.insuranceRecords;
    const selfEmployed = records.filter((record) => record.employerCreditCode === null);
    expect(selfEmployed.length).toBeGreaterThan(0);
    const hidden: number[] = [];
    records.forEach((record, index) => {
      const errors = errorsAt(response.errors, ['insuranceRecords', index, 'employer']);
      if (record.employerCreditCode === null) {
        expect(record.employer).toBeNull();
        expect(errors).toEqual([]);
      } else if (record.employer === null) {
        // The employer exists (the city model's enterprises are all registered) but lies outside the district.
        hidden.push(index);
        expect(errors.map((error) => [error.extensions?.code, error.extensions?.type])).toEqual([['FORBIDDEN', 'Enterprise']]);
        expect(errors[0]!.message).toBe('Enterprise is not available: it does not exist or lies outside your jurisdiction');
      } else {
        expect(record.employer.creditCode).toBe(record.employerCreditCode);
        expect(record.employer.streetCode.startsWith(DISTRICT)).toBe(true);
        expect(errors).toEqual([]);
      }
    });
    // The same records as the city sees them: every hidden employer exists, outside the district.
    const city = await ask('cityOperationsOfficer', query);
    for (const index of hidden) {
      const employer = city.data.insuranceRecords[index].employer;
      expect(employer).not.toBeNull();
      expect(employer.streetCode.startsWith(DISTRICT)).toBe(false);
    }
  });

  it('answers a nested single object outside the jurisdiction as null with FORBIDDEN, even when its own department withheld it', async () => {
    // Street and District come from one department, whose source reads the link within the
    // officer's pushed-down scope: the district arrives as null, but its key is not null, so
    // the gateway reports it as withheld.
    const response = await ask('streetOfficer', `{ street(code: "${STREET}") { code districtCode district { code } } }`);
    expect(response.data.street).toEqual({ code: STREET, districtCode: DISTRICT, district: null });
    expect(errorsAt(response.errors, ['street', 'district']).map((error) => error.extensions)).toEqual([
      expect.objectContaining({ code: 'FORBIDDEN', type: 'District' }),
    ]);
    // The gateway's own key selection never reaches the client.
    expect(Object.keys(response.data.street).sort()).toEqual(['code', 'district', 'districtCode']);
    const city = await ask('cityOperationsOfficer', `{ street(code: "${STREET}") { district { code } } }`);
    expect(city.data.street.district).toEqual({ code: DISTRICT });
  });

  it('answers a nested reference whose key matches no row like a hidden row, since the caller holds the key', async () => {
    const response = await ask('districtOfficer', `{ insuranceRecords(within: "${DISTRICT}", first: 3) { personId danglingEmployer { creditCode } } }`, 'service-approval');
    const records: Array<{ personId: string; danglingEmployer: unknown }> = response.data.insuranceRecords;
    expect(records.length).toBe(3);
    records.forEach((record, index) => {
      expect(record.personId).not.toBeNull();
      expect(record.danglingEmployer).toBeNull();
      expect(errorsAt(response.errors, ['insuranceRecords', index, 'danglingEmployer']).map((error) => error.message)).toEqual([
        'Enterprise is not available: it does not exist or lies outside your jurisdiction',
      ]);
    });
  });

  it('answers a root lookup of a missing row exactly like one of a hidden row', async () => {
    const streets = await ask('cityOperationsOfficer', '{ streets(first: 500) { code } }');
    const outside = streets.data.streets.map((street: { code: string }) => street.code).find((code: string) => !code.startsWith(STREET));
    expect(outside).toBeDefined();
    const hidden = await ask('streetOfficer', `{ street(code: "${outside}") { code } }`);
    const missing = await ask('streetOfficer', '{ street(code: "310106999") { code } }');
    expect(hidden.data).toEqual({ street: null });
    expect(missing.data).toEqual({ street: null });
    const shape = (errors: GraphQLError[] | undefined) => errors?.map((error) => ({ message: error.message, path: error.path, extensions: error.extensions }));
    expect(shape(missing.errors)).toEqual(shape(hidden.errors));
    expect(missing.errors!.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});
