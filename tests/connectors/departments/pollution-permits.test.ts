import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import definition from '../../../connectors/sample-city/departments/pollution-permits.ts';
import spec from '../../../connectors/sample-city/simulators/systems/pollution-permits.ts';
import { startDepartmentSystem, type DepartmentSystem } from '../../support/department-system.ts';

describe('the pollution-permits connector over its simulated SOAP service', () => {
  let system: DepartmentSystem;
  beforeAll(async () => {
    system = await startDepartmentSystem(definition, spec);
  });
  afterAll(async () => {
    await system.close();
  });

  it('passes the WSDL probe', async () => {
    await expect(system.connector.probe()).resolves.toBeUndefined();
  });

  it('issues every manufacturer of a district a permit under its credit code', async () => {
    const result = await system.run(`{ dischargePermits(within: "310106", first: 1000) { creditCode holderName category streetCode } }`);
    expect(result.errors).toBeUndefined();
    const manufacturers = system.model.enterprises.filter((e) => e.kind === 'manufacturing' && e.districtCode === '310106');
    const permits = result.data.dischargePermits as any[];
    for (const enterprise of manufacturers) {
      const permit = permits.find((p) => p.creditCode === enterprise.creditCode);
      expect(permit).toMatchObject({ holderName: enterprise.name, streetCode: enterprise.streetCode });
      expect(permit.category).not.toBe('登记管理');
    }
    expect(system.soap!.calls.at(-1)!.params).toEqual({ xzqhdm: ['310106'] });
  });

  it('extends Enterprise by credit code with one SOAP call for a batch', async () => {
    system.soap!.calls.length = 0;
    const enterprises = system.model.enterprises.filter((e) => e.kind === 'manufacturing').slice(0, 4).map((e) => e.creditCode);
    const retail = system.model.enterprises.find((e) => e.kind === 'retail')!.creditCode;
    const result = await system.run(`query($codes: [ID!]!) { _lookupEnterprise(keys: $codes) { creditCode dischargePermits { creditCode enterprise { creditCode } } } }`, { codes: [...enterprises, retail] });
    expect(result.errors).toBeUndefined();
    for (const [index, code] of enterprises.entries()) {
      expect(result.data._lookupEnterprise[index].dischargePermits).toEqual([{ creditCode: code, enterprise: { creditCode: code } }]);
    }
    expect(result.data._lookupEnterprise[4]).toEqual({ creditCode: retail, dischargePermits: [] });
    expect(system.soap!.calls).toHaveLength(1);
    expect(system.soap!.calls[0]!.params.tyshxydm).toHaveLength(5);
  });

  it('reports a SOAP fault as UPSTREAM_UNAVAILABLE naming the connector', async () => {
    system.soap!.setFault({ code: 'Server', string: '数据库连接失败' });
    try {
      const result = await system.run(`{ dischargePermits(first: 1) { permitNo } }`);
      expect(result.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', connector: 'pollution-permits' });
    } finally {
      system.soap!.setFault(null);
    }
  });
});
