import type { EnterpriseKind } from '../city-model.ts';
import { createRandom } from '../random.ts';
import { seedOf } from '../seed-of.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

const NS = 'http://scjg.example.gov.cn/qydj';

const ENTERPRISE_TYPE: Readonly<Record<EnterpriseKind, string>> = {
  construction: '有限责任公司(自然人投资或控股)',
  transport: '有限责任公司(自然人投资或控股)',
  manufacturing: '有限责任公司(自然人独资)',
  catering: '有限责任公司(自然人独资)',
  retail: '有限责任公司(自然人投资或控股)',
  services: '其他有限责任公司',
};

/**
 * Market regulation's enterprise registration service (SOAP 1.1, document/literal): one
 * operation `QueryQyjbxx` answering `<qyxx>` rows with pinyin-initial element names. Every
 * enterprise of the city model is registered; the legal representative's name comes from the
 * population the model holds.
 */
const spec: SimulatorSpec = {
  id: 'business-registry',
  kind: 'soap',
  service: (model) => {
    const random = createRandom(seedOf('business-registry', model.seed));
    const names = new Map(model.residents.map((r) => [r.personId, r.name]));
    return {
      service: 'QydjService',
      namespace: NS,
      operations: [
        {
          operation: 'QueryQyjbxx',
          soapAction: `${NS}/QueryQyjbxx`,
          requestElement: 'QueryQyjbxxRequest',
          responseElement: 'QueryQyjbxxResponse',
          resultElement: 'return',
          rowElement: 'qyxx',
          rows: model.enterprises.map((e) => ({
            tyshxydm: e.creditCode,
            qymc: e.name,
            hylb: e.kind,
            qylx: ENTERPRISE_TYPE[e.kind],
            djzt: random.chance(0.94) ? '存续' : random.pick(['吊销', '注销']),
            zczb: random.pick([50, 100, 200, 500, 1000, 3000]),
            clrq: e.registeredAt,
            zs: e.address,
            fddbr: names.get(e.legalRepresentativeId) ?? '',
            fddbrbs: e.legalRepresentativeId,
            qxdm: e.districtCode,
            jddm: e.streetCode,
          })),
          filters: { tyshxydm: 'tyshxydm', jddm: 'jddm', qxdm: 'qxdm', hylb: 'hylb', djzt: 'djzt', fddbrbs: 'fddbrbs' },
          within: { element: 'xzqhdm', field: 'jddm' },
        },
      ],
    };
  },
};

export default spec;
