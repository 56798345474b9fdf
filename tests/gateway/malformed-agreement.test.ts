import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlDatabase, type SqlDatabase } from '../../connectors/index.ts';
import { AGREEMENTS_TABLE, PERSONAS, createAgreementStore, type Principal } from '../../governance/index.ts';
import { startGovernedHub, type GovernedHub } from '../support/governed-hub.ts';
import { answerRows, OPERATOR_ROWS, startHostileLegacySystem, TOWER_ROWS, towerConnectors, type HostileLegacySystem } from '../support/hostile-legacy.ts';

const keeper: Principal = { subject: 'tower-keeper-1', department: 'Test Bureau', roles: ['officer'], jurisdictions: ['3101'], purposes: ['city-operations'] };

/** One unreadable agreement row in the hub's store must not fail its department's requests. */
describe('a malformed agreement row in the store', () => {
  let dir: string;
  let database: SqlDatabase;
  let legacy: HostileLegacySystem;
  let hub: GovernedHub;
  let bad: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cityhub-malformed-agreement-'));
    const url = `sqlite:${join(dir, 'cityhub.sqlite')}`;
    database = openSqlDatabase(url);
    const store = createAgreementStore({ db: database.db, onMalformedRow: () => {} });
    const ask = () =>
      store.request({
        requesterDepartment: PERSONAS.streetOfficer.department,
        providerDepartment: 'Test Bureau',
        typeName: 'Tower',
        fields: ['keeperPhone'],
        purpose: PERSONAS.streetOfficer.purposes[0]!,
        validFrom: new Date(Date.now() - 60_000),
        validUntil: new Date(Date.now() + 3600_000),
        requestedBy: PERSONAS.streetOfficer,
        reason: 'Tower maintenance calls',
      });
    const good = await ask();
    await store.approve(good.id, { by: keeper });
    bad = (await ask()).id;
    await store.approve(bad, { by: keeper });
    await sql`update ${sql.table(AGREEMENTS_TABLE)} set fields = ${'keeperPhone'} where id = ${bad}`.execute(database.db);
    legacy = await startHostileLegacySystem({ '/towers': answerRows(TOWER_ROWS), '/operators': answerRows(OPERATOR_ROWS) });
    hub = await startGovernedHub({ definitions: towerConnectors(), env: { LEGACY_URL: legacy.url }, databaseUrl: url });
  });
  afterAll(async () => {
    await hub?.close();
    await legacy?.close();
    await database?.db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves the department's requests under the readable agreements and names the skipped row in /readyz", async () => {
    const response = await hub.queryAs('streetOfficer', '{ towers { towerId keeperPhone } }');
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(response.data.towers.map((tower: { keeperPhone: string | null }) => tower.keeperPhone)).toEqual(['13812345678', '13987654321']);
    const operator = { authorization: `Bearer ${await hub.token('platformAdmin')}` };
    const readiness = (await (await fetch(`${hub.url}/readyz`, { headers: operator })).json()) as { agreements?: { malformedRows: unknown[] } };
    expect(readiness.agreements?.malformedRows).toEqual([{ id: bad, problem: 'fields must be a JSON array of field names', seenAt: expect.any(String) }]);
    // The public answer counts the unreadable rows without naming them.
    expect(((await (await fetch(`${hub.url}/readyz`)).json()) as { agreements?: unknown }).agreements).toEqual({ malformedRows: 1 });
  });
});
