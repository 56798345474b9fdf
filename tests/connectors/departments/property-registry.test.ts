import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import propertyRegistry from '../../../connectors/sample-city/departments/property-registry.ts';
import { populationRegisterOf } from '../../../connectors/sample-city/simulators/systems/population-registry.ts';
import spec, { propertiesOf } from '../../../connectors/sample-city/simulators/systems/property-registry.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('property-registry connector', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(propertyRegistry, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('registers homes of households in buildings of their community, with unique 28-character unit numbers', () => {
    const properties = propertiesOf(system.model);
    const { households } = populationRegisterOf(system.model);
    const heads = new Map(households.map((h) => [h.headPersonId, h]));
    expect(properties.length).toBeGreaterThan(households.length / 3);
    expect(new Set(properties.map((p) => p.propertyId)).size).toBe(properties.length);
    const problems = properties.filter((p) => {
      const household = heads.get(p.ownerPersonId);
      const spouse = household?.members.find((m) => m.relation === '配偶')?.personId ?? null;
      return p.propertyId.length !== 28 || !household || p.building.districtCode !== household.streetCode.slice(0, 6) || (p.coOwnerPersonId !== null && p.coOwnerPersonId !== spouse);
    });
    expect(problems).toEqual([]);
  });

  it('serves the properties of a batch of owners in one SOAP call with the ids joined', async () => {
    const properties = propertiesOf(system.model);
    const owners = [...new Set(properties.map((p) => p.ownerPersonId))].slice(0, 30);
    system.soap!.calls.length = 0;
    const { data, errors } = await system.run(
      `query ($keys: [String!]!) { _lookupPerson(keys: $keys) { personId properties { propertyId certificateNo buildingId ownerName shareType address use areaM2 mortgaged registeredAt coOwnerPersonId communityCode } } }`,
      { keys: owners },
    );
    expect(errors).toBeUndefined();
    expect(system.soap!.calls).toHaveLength(1);
    expect(system.soap!.calls[0]!.body).toContain(owners.slice(0, 2).join(','));
    const names = new Map(system.model.residents.map((r) => [r.personId, r.name]));
    for (const [index, owner] of owners.entries()) {
      const expected = properties.filter((p) => p.ownerPersonId === owner);
      const got = data._lookupPerson[index].properties;
      expect(got.map((p: any) => p.propertyId).sort()).toEqual(expected.map((p) => p.propertyId).sort());
      for (const property of got) {
        const model = expected.find((p) => p.propertyId === property.propertyId)!;
        expect(property).toEqual({
          propertyId: model.propertyId,
          certificateNo: model.certificateNo,
          buildingId: model.building.buildingId,
          ownerName: names.get(owner),
          shareType: model.shareType,
          address: model.address,
          use: model.use,
          areaM2: model.areaM2,
          mortgaged: model.mortgaged,
          registeredAt: model.registeredAt,
          coOwnerPersonId: model.coOwnerPersonId,
          communityCode: model.building.communityCode,
        });
      }
    }
  });

  it('answers UPSTREAM_BAD_RESPONSE naming the connector when the service answers something that is not SOAP', async () => {
    system.soap!.setRawResponse({ status: 200, body: '<html>维护中</html>', contentType: 'text/html' });
    try {
      const { errors } = await system.run(`{ properties(first: 2) { propertyId } }`);
      expect(errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', connector: 'property-registry' });
    } finally {
      system.soap!.setRawResponse(null);
    }
  });
});
