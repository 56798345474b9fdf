import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGovernedHub, type GovernedHub } from '../support/governed-hub.ts';
import { answerRows, OPERATOR_ROWS, startHostileLegacySystem, TOWER_ROWS, towerConnectors, type HostileLegacySystem } from '../support/hostile-legacy.ts';

/**
 * A withheld field's `FORBIDDEN` names where it was withheld: `Tower.keeperPhone` is a
 * conditional personal field that a street officer without an agreement may not read.
 */
describe('withheld fields', () => {
  let legacy: HostileLegacySystem;
  let hub: GovernedHub;

  beforeAll(async () => {
    legacy = await startHostileLegacySystem({ '/towers': answerRows(TOWER_ROWS), '/operators': answerRows(OPERATOR_ROWS) });
    hub = await startGovernedHub({ definitions: towerConnectors(), env: { LEGACY_URL: legacy.url } });
  });
  afterAll(async () => {
    await hub?.close();
    await legacy?.close();
  });

  it('reports a withheld field at its path, once for a list of rows', async () => {
    const response = await hub.queryAs('streetOfficer', '{ towers { towerId keeperPhone } }');
    expect(response.data.towers).toEqual([
      { towerId: 'T1', keeperPhone: null },
      { towerId: 'T2', keeperPhone: null },
    ]);
    expect(response.errors).toMatchObject([
      { path: ['towers', 0, 'keeperPhone'], extensions: { code: 'FORBIDDEN', field: 'Tower.keeperPhone', reason: 'no-agreement' } },
    ]);
  });

  it('reports a withheld field at every place it was selected, aliases and fragments included', async () => {
    const response = await hub.queryAs(
      'streetOfficer',
      '{ towers { keeperPhone } again: towers { ...Keeper } one: tower(towerId: "T2") { ... on Tower { phone: keeperPhone } } } fragment Keeper on Tower { keeperPhone }',
    );
    const paths = response.errors!.filter((error) => error.extensions?.code === 'FORBIDDEN').map((error) => error.path);
    expect(paths).toEqual([
      ['towers', 0, 'keeperPhone'],
      ['again', 0, 'keeperPhone'],
      ['one', 'phone'],
    ]);
  });
});
