import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import populationRegistry from '../../../connectors/sample-city/departments/population-registry.ts';
import spec, { populationRegisterOf } from '../../../connectors/sample-city/simulators/systems/population-registry.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('population-registry connector', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(populationRegistry, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('registers every resident of the city model in exactly one household of their community', () => {
    const { households, people } = populationRegisterOf(system.model);
    expect(people.size).toBe(system.model.residents.length);
    const members = households.flatMap((h) => h.members.map((m) => m.personId));
    expect(new Set(members).size).toBe(system.model.residents.length);
    for (const household of households) {
      expect(household.members[0]).toEqual({ personId: household.headPersonId, relation: '户主' });
      for (const member of household.members) expect(people.get(member.personId)!.resident.communityCode).toBe(household.communityCode);
    }
    const alone = system.model.elderly.filter((e) => e.livesAlone);
    expect(alone.length).toBeGreaterThan(0);
    for (const elder of alone) {
      const household = households.find((h) => h.householdId === people.get(elder.personId)!.householdId)!;
      expect(household.members).toHaveLength(1);
    }
  });

  it('serves a person with the model values under the shared key personId', async () => {
    const resident = system.model.residents[123]!;
    const { data, errors } = await system.run(
      `query ($id: ID!) { person(personId: $id) { personId name idNumber gender birthDate phone address streetCode gridCode registeredAt } }`,
      { id: resident.personId },
    );
    expect(errors).toBeUndefined();
    expect(data.person).toMatchObject({
      personId: resident.personId,
      name: resident.name,
      idNumber: resident.idNumber,
      gender: resident.gender === 'M' ? '男' : '女',
      birthDate: resident.birthDate,
      phone: resident.phone,
      address: resident.address,
      streetCode: resident.streetCode,
      gridCode: resident.gridCode,
    });
    expect(data.person.registeredAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('answers a community\'s households with their members in one query per level', async () => {
    const community = system.model.communities[5]!;
    const expected = populationRegisterOf(system.model).households.filter((h) => h.communityCode === community.code);
    system.upstreamCalls.length = 0;
    const { data, errors } = await system.run(
      `query ($code: AdminCode!) { households(where: { communityCode: $code }, first: 1000) { householdId memberCount head { personId } members { personId relationToHead household { householdId } } } }`,
      { code: community.code },
    );
    expect(errors).toBeUndefined();
    expect(data.households.map((h: any) => h.householdId).sort()).toEqual(expected.map((h) => h.householdId).sort());
    for (const household of data.households) {
      const model = expected.find((h) => h.householdId === household.householdId)!;
      expect(household.memberCount).toBe(model.members.length);
      expect(household.head.personId).toBe(model.headPersonId);
      expect(household.members.map((m: any) => [m.personId, m.relationToHead]).sort()).toEqual(model.members.map((m) => [m.personId, m.relation]).sort());
      expect(household.members.every((m: any) => m.household.householdId === household.householdId)).toBe(true);
    }
    // Households, then one batch of heads, one batch of members, one batch of the members' households.
    expect(system.upstreamCalls.length).toBeLessThanOrEqual(4);
  });

  it('answers the lookup of a batch of person keys in key order, null for an unknown key', async () => {
    const [a, b] = [system.model.residents[7]!, system.model.residents[900]!];
    const { data, errors } = await system.run(`query ($keys: [String!]!) { _lookupPerson(keys: $keys) { personId name } }`, { keys: [b.personId, 'P-unknown', a.personId] });
    expect(errors).toBeUndefined();
    expect(data._lookupPerson).toEqual([{ personId: b.personId, name: b.name }, null, { personId: a.personId, name: a.name }]);
  });
});
