import { protectedBuildings } from '../protected-buildings.ts';
import type { CsvSimulatorSpec } from '../simulator-spec.ts';

const COLUMNS = ['建筑编号', '建筑名称', '保护级别', '公布批次', '建成年份', '原用途', '现用途', '管理单位', '区代码', '街道代码', '社区代码', '网格编码', '地址'];

/** The housing administration's register of protected buildings: one GBK CSV with Chinese headers. */
const spec: CsvSimulatorSpec = {
  id: 'historic-buildings',
  kind: 'csv',
  files: (model) => [
    {
      name: '优秀历史建筑名录.csv',
      encoding: 'gbk',
      columns: COLUMNS,
      rows: protectedBuildings(model).records.map((r) => ({
        建筑编号: r.buildingId,
        建筑名称: r.name,
        保护级别: r.protectionLevel,
        公布批次: r.listedBatch,
        建成年份: r.yearBuilt,
        原用途: r.originalUse,
        现用途: r.currentUse,
        管理单位: r.custodian,
        区代码: r.districtCode,
        街道代码: r.streetCode,
        社区代码: r.communityCode,
        网格编码: r.gridCode,
        地址: r.address,
      })),
    },
  ],
};

export default spec;
