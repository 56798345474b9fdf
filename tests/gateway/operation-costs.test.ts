import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OPERATION_LIMITS, DEFAULT_ROLE_LIMITS } from '../../gateway/limits/edge-config.ts';
import { listSizesOf } from '../../gateway/limits/list-sizes.ts';
import { estimateOperationCost } from '../../gateway/limits/operation-cost.ts';
import { operationLimitsOf } from '../../gateway/limits/use-operation-limits.ts';
import { loadScenarioDocuments } from '../../gateway/operations.ts';
import { PERSONAS, type PersonaName } from '../../governance/index.ts';
import { startTestHub, type TestHub } from '../support/sample-hub.ts';

// Private: each shipped operation with the personas its scenario test sends it as (`null`:
// anonymous) and the variables it sends.
const RUNS: ReadonlyArray<{ id: string; operationName: string; personas: readonly (PersonaName | null)[]; variables?: Record<string, unknown> }> = [
  { id: 'city-vital-signs', operationName: 'CityVitalSigns', personas: ['cityOperationsOfficer', 'districtOfficer', 'appDeveloper'] },
  { id: 'city-vital-signs', operationName: 'CityVitalSignsOpenData', personas: ['appDeveloper'] },
  { id: 'elderly-living-alone', operationName: 'ElderlyLivingAlone', personas: ['caseWorker', 'streetOfficer'], variables: { street: '310106013' } },
  { id: 'flood-control', operationName: 'FloodControl', personas: ['districtOfficer', 'streetOfficer'], variables: { district: '310106' } },
  { id: 'flood-control', operationName: 'FloodControlOpenData', personas: ['appDeveloper', null], variables: { district: '310106' } },
  { id: 'historic-buildings', operationName: 'HistoricBuildingAlarms', personas: ['cityOperationsOfficer', 'streetOfficer', 'appDeveloper'], variables: { within: '310101' } },
  { id: 'muck-trucks', operationName: 'MuckTruckSite', personas: ['trafficPoliceOfficer', 'districtOfficer', 'streetOfficer'], variables: { siteId: 'CS310106001' } },
  { id: 'seconds-approval', operationName: 'SecondsApproval', personas: ['districtOfficer', 'trafficPoliceOfficer', 'streetOfficer'], variables: { applicationId: 'BJ202605020000366' } },
];

describe('the estimated cost of the shipped operations under the default limits', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ governance: true });
  }, 120_000);
  afterAll(async () => {
    await hub?.close();
  });

  const documents = new Map(loadScenarioDocuments().map((document) => [document.id, parse(document.document)]));
  const costOf = (run: (typeof RUNS)[number]) =>
    estimateOperationCost({
      schema: hub.hub.registry.schema,
      document: documents.get(run.id)!,
      operationName: run.operationName,
      variables: run.variables ?? null,
      listSizeOf: listSizesOf(() => hub.hub.registry.manifests),
    });

  it('estimates each operation from the list sizes the manifests declare', () => {
    expect(Object.fromEntries(RUNS.map((run) => [run.operationName, costOf(run)]))).toEqual({
      CityVitalSigns: 13_100,
      CityVitalSignsOpenData: 300,
      ElderlyLivingAlone: 13_002,
      FloodControl: 185_006,
      FloodControlOpenData: 3_100,
      HistoricBuildingAlarms: 2_000,
      MuckTruckSite: 139,
      SecondsApproval: 18,
    });
  });

  for (const run of RUNS) {
    for (const persona of run.personas) {
      it(`keeps ${run.operationName} as ${persona ?? 'an anonymous caller'} within that caller's cost limit`, () => {
        const limits = operationLimitsOf(persona === null ? undefined : PERSONAS[persona], DEFAULT_OPERATION_LIMITS, DEFAULT_ROLE_LIMITS);
        expect(costOf(run)).toBeLessThanOrEqual(limits.cost);
      });
    }
  }

  it("gives each overridden role a cost limit within 20% of its personas' dearest operation, and no role a looser one than it needs", () => {
    const dearest = new Map<string, number>();
    for (const run of RUNS) {
      for (const persona of run.personas) {
        const cost = costOf(run)!;
        for (const role of persona === null ? ['anonymous'] : PERSONAS[persona].roles) dearest.set(role, Math.max(dearest.get(role) ?? 0, cost));
      }
    }
    for (const [role, limits] of Object.entries(DEFAULT_ROLE_LIMITS)) {
      const needed = dearest.get(role) ?? 0;
      expect({ role, needsMoreThanArmor: needed > DEFAULT_OPERATION_LIMITS.cost }).toEqual({ role, needsMoreThanArmor: true });
      expect(limits.cost! / needed, role).toBeLessThan(1.2);
    }
  });
});
