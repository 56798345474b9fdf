import { seedOf } from '../seed-of.ts';
import { createRandom } from '../random.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';
import { groupBy } from '../group-by.ts';

const NS = 'http://zjw.example.gov.cn/gdgl';

/** The construction commission's site register: one document/literal SOAP operation, lowercase pinyin elements. */
const spec: SimulatorSpec = {
  id: 'construction-sites',
  kind: 'soap',
  service: (model) => {
    const random = createRandom(seedOf('construction-sites', model.seed));
    const residentsByStreet = groupBy(model.residents, (r) => r.streetCode);
    return {
      service: 'GdglService',
      namespace: NS,
      operations: [
        {
          operation: 'QueryGdxx',
          soapAction: `${NS}/QueryGdxx`,
          requestElement: 'QueryGdxxRequest',
          responseElement: 'QueryGdxxResponse',
          resultElement: 'return',
          rowElement: 'gdxx',
          filters: { gdbh: 'gdbh', sgdwxydm: 'sgdwxydm', jddm: 'jddm', qxdm: 'qxdm' },
          within: { element: 'xzqhdm', field: 'wgbm' },
          rows: model.constructionSites.map((site, index) => {
            const manager = random.pick(residentsByStreet.get(site.streetCode)!);
            return {
              gdbh: site.siteId,
              gdmc: site.name,
              sgdwxydm: site.creditCode,
              sgxkzh: `${site.districtCode}${site.startedAt.slice(0, 4)}${String(index + 1).padStart(4, '0')}0101`,
              qxdm: site.districtCode,
              jddm: site.streetCode,
              wgbm: site.gridCode,
              wd: site.lat,
              jd: site.lng,
              kgrq: `${site.startedAt} 08:00:00`,
              gdzt: site.startedAt > '2026-07-01' ? '待开工' : random.chance(0.1) ? '停工' : '在建',
              jzmj: random.int(30, 900) * 100,
              xmjl: manager.name,
              xmjldh: manager.phone,
            };
          }),
        },
      ],
    };
  },
};

export default spec;
