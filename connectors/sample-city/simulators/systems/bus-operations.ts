import { seedOf } from '../seed-of.ts';
import { createRandom } from '../random.ts';
import type { SimulatorSpec } from '../simulator-spec.ts';

/** Columns of the routes export (公交线路.csv). */
export const BUS_ROUTE_COLUMNS = ['线路编号', '线路名称', '区划代码', '运营公司', '线路长度', '首班时间', '末班时间', '票价', '日均客流'];
/** Columns of the stops export (公交站点.csv). */
export const BUS_STOP_COLUMNS = ['站点编号', '站点名称', '线路编号', '街道编码', '站序', '有无候车亭', '纬度', '经度'];
const OPERATORS = ['久事公交', '浦东公交', '巴士一公司', '巴士四公司'];
const STOP_ROADS = ['愚园路', '常德路', '延安中路', '北京西路', '新闸路', '康定路', '昌平路', '西康路', '胶州路', '武定路', '江宁路', '长寿路'];

/**
 * The transport commission's nightly bus export: two GBK files with Chinese headers. One
 * route per street, starting in that street and crossing 6 to 10 stops of its district.
 */
const spec: SimulatorSpec = {
  id: 'bus-operations',
  kind: 'csv',
  files: (model) => {
    const random = createRandom(seedOf('bus-operations', model.seed));
    const streetsByDistrict = new Map<string, typeof model.streets[number][]>();
    for (const s of model.streets) streetsByDistrict.set(s.districtCode, [...(streetsByDistrict.get(s.districtCode) ?? []), s]);
    const routes: Record<string, string | number>[] = [];
    const stops: Record<string, string | number>[] = [];
    model.streets.forEach((street, index) => {
      const streets = streetsByDistrict.get(street.districtCode)!;
      const routeId = `BUS${street.districtCode.slice(4)}${String(index + 1).padStart(4, '0')}`;
      const count = random.int(6, 10);
      routes.push({
        线路编号: routeId,
        线路名称: `${index + 1}路`,
        区划代码: street.districtCode,
        运营公司: random.pick(OPERATORS),
        线路长度: (count * (0.6 + random.next() * 0.5)).toFixed(2),
        首班时间: `0${random.int(5, 6)}:${random.pick(['00', '15', '30'])}`,
        末班时间: `${random.int(21, 23)}:${random.pick(['00', '30'])}`,
        票价: random.pick([1, 2, 2, 3]),
        日均客流: random.int(20, 300) * 100,
      });
      const start = streets.indexOf(street);
      for (let s = 0; s < count; s += 1) {
        const at = streets[(start + Math.floor(s / 2)) % streets.length]!;
        stops.push({
          站点编号: `${routeId}-${String(s + 1).padStart(2, '0')}`,
          站点名称: `${random.pick(STOP_ROADS)}${random.pick(STOP_ROADS)}`,
          线路编号: routeId,
          街道编码: at.code,
          站序: s + 1,
          有无候车亭: random.chance(0.7) ? '是' : '否',
          纬度: (at.lat + (random.next() - 0.5) * 0.01).toFixed(6),
          经度: (at.lng + (random.next() - 0.5) * 0.01).toFixed(6),
        });
      }
    });
    return [
      { name: '公交线路.csv', encoding: 'gbk', columns: BUS_ROUTE_COLUMNS, rows: routes },
      { name: '公交站点.csv', encoding: 'gbk', columns: BUS_STOP_COLUMNS, rows: stops },
    ];
  },
};

export default spec;
