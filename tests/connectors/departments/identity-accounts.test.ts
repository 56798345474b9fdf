import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import identityAccounts from '../../../connectors/sample-city/departments/identity-accounts.ts';
import spec, { identityAccountsOf } from '../../../connectors/sample-city/simulators/systems/identity-accounts.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('identity-accounts connector', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(identityAccounts, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('gives each person at most one account, in one batched request for a list of people', async () => {
    const accounts = identityAccountsOf(system.model);
    expect(new Set(accounts.map((a) => a.personId)).size).toBe(accounts.length);
    const people = system.model.residents.slice(0, 60).map((r) => r.personId);
    system.rest!.calls.length = 0;
    const { data, errors } = await system.run(
      `query ($keys: [String!]!) { _lookupPerson(keys: $keys) { personId citizenAccount { accountId mobile realNameLevel authMethod status registeredAt } } }`,
      { keys: people },
    );
    expect(errors).toBeUndefined();
    expect(system.rest!.calls).toHaveLength(1);
    expect(system.rest!.calls[0]!.query.identityHash!.split(',')).toHaveLength(60);
    for (const [index, personId] of people.entries()) {
      const model = accounts.find((a) => a.personId === personId);
      const got = data._lookupPerson[index].citizenAccount;
      if (!model) expect(got).toBeNull();
      else expect(got).toMatchObject({ accountId: model.accountId, mobile: model.mobile, realNameLevel: model.realNameLevel, authMethod: model.authMethod, status: model.status });
    }
    expect(data._lookupPerson.some((p: any) => p.citizenAccount === null)).toBe(true);
  });

  it('walks every page of a street when the API caps pages at 100', async () => {
    const street = system.model.streets[2]!.code;
    const expected = identityAccountsOf(system.model).filter((a) => a.streetCode === street);
    expect(expected.length).toBeGreaterThan(100);
    system.rest!.calls.length = 0;
    const { data, errors } = await system.run(`query ($s: AdminCode!) { citizenAccounts(where: { streetCode: $s }, first: 1000) { accountId } }`, { s: street });
    expect(errors).toBeUndefined();
    expect(data.citizenAccounts.map((a: any) => a.accountId).sort()).toEqual(expected.map((a) => a.accountId).sort());
    expect(system.rest!.calls).toHaveLength(Math.ceil(expected.length / 100));
  });

  it('answers UPSTREAM_BAD_RESPONSE naming the connector when the platform refuses the credentials', async () => {
    system.rest!.setFailure(401);
    try {
      const { errors } = await system.run(`{ citizenAccounts(first: 3) { accountId } }`);
      expect(errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', connector: 'identity-accounts' });
    } finally {
      system.rest!.setFailure(null);
    }
  });
});
