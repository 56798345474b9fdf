import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import communityWorkers from '../../../connectors/sample-city/departments/community-workers.ts';
import { elderlyHomes } from '../../../connectors/sample-city/simulators/elderly-homes.ts';
import spec from '../../../connectors/sample-city/simulators/systems/community-workers.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

const cityTime = (local: string | null) => (local === null ? null : new Date(`${local.replace(' ', 'T')}+08:00`).toISOString());

describe('the community-workers system (rest): workers and home visits', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(communityWorkers, spec);
  });
  afterAll(async () => {
    await system?.close();
  });

  it('serves the home visits of a street with the dispatched worker, typed by the catalogue', async () => {
    const { visits } = elderlyHomes(system.model);
    const workers = new Map(system.model.workers.map((w) => [w.workerId, w]));
    const expected = visits.filter((v) => v.streetCode === '310106013');
    expect(expected.length).toBeGreaterThan(0);
    const result = await system.run(
      `{ homeVisits(where: { streetCode: "310106013" }) { visitId alarmId personId dispatchedAt arrivedAt outcome notes worker { workerId name role } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.homeVisits).toEqual(
      expected.map((v) => ({
        visitId: v.visitId,
        alarmId: v.alarmId,
        personId: v.personId,
        dispatchedAt: cityTime(v.dispatchedAt),
        arrivedAt: cityTime(v.arrivedAt),
        outcome: v.outcome,
        notes: v.notes,
        worker: { workerId: v.workerId, name: workers.get(v.workerId)!.name, role: workers.get(v.workerId)!.role },
      })),
    );
  });

  it('resolves the visits of a batch of alarms in one paged call carrying every alarm id', async () => {
    const { visits } = elderlyHomes(system.model);
    const alarmIds = visits.slice(0, 40).map((v) => v.alarmId);
    system.rest!.calls.length = 0;
    const result = await system.run(`query ($keys: [String!]!) { _lookupSensorAlarm(keys: $keys) { alarmId homeVisit { visitId outcome } } }`, { keys: [...alarmIds, 'BJ-NO-SUCH-ALARM'] });
    expect(result.errors).toBeUndefined();
    const got = result.data._lookupSensorAlarm;
    expect(got.slice(0, 40).map((a: any) => a.homeVisit.visitId)).toEqual(visits.slice(0, 40).map((v) => v.visitId));
    expect(got[40]).toEqual({ alarmId: 'BJ-NO-SUCH-ALARM', homeVisit: null });
    const visitCalls = system.rest!.calls.filter((call) => call.path === '/api/v1/smhs/list');
    expect(visitCalls).toHaveLength(1);
    expect(visitCalls[0]!.query.bjbh!.split(',')).toHaveLength(41);
  });

  it('lists the visits of a worker through the worker', async () => {
    const { visits } = elderlyHomes(system.model);
    const workerId = visits[0]!.workerId;
    const result = await system.run(`query ($id: ID!) { communityWorker(workerId: $id) { homeVisits { visitId } } }`, { id: workerId });
    expect(result.errors).toBeUndefined();
    expect(result.data.communityWorker.homeVisits.map((v: any) => v.visitId)).toEqual(visits.filter((v) => v.workerId === workerId).map((v) => v.visitId));
  });
});
