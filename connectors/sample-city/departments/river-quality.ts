import { defineConnector } from '../../define-connector.ts';

/** 河道水质: monthly river water-quality samples at the gauging stations, from a CSV drop (open data). */
export default defineConnector({
  id: 'river-quality',
  names: { zh: '河道水质', en: 'River water quality' },
  department: 'Water Authority',
  domain: 'water',
  source: {
    kind: 'csv',
    endpointEnv: 'CITYHUB_RIVER_QUALITY_DIR',
    refreshSeconds: 3_600,
    files: { WaterQualitySample: { file: '河道水质月报.csv' } },
  },
  timeoutMs: 5_000,
  catalogue: {
    WaterQualitySample: {
      description: 'A monthly water-quality sample taken at a river gauging station.',
      key: 'sampleId',
      jurisdiction: 'streetCode',
      filters: ['stationId', 'streetCode', 'grade'],
      fields: {
        sampleId: { type: 'ID', from: '样品编号', sharing: 'open', sensitivity: 'public' },
        stationId: { type: 'ID', from: '站点编号', sharing: 'open', sensitivity: 'public' },
        river: { type: 'String', from: '河道名称', sharing: 'open', sensitivity: 'public' },
        streetCode: { type: 'AdminCode', from: '所属街道', sharing: 'open', sensitivity: 'public' },
        sampledAt: { type: 'DateTime', from: '采样时间', sharing: 'open', sensitivity: 'public' },
        grade: { type: 'String', from: '水质类别', sharing: 'open', sensitivity: 'public', description: 'Surface water class I–V or 劣V (GB 3838).' },
        dissolvedOxygenMgL: { type: 'Float', from: '溶解氧', sharing: 'open', sensitivity: 'public' },
        ammoniaNitrogenMgL: { type: 'Float', from: '氨氮', sharing: 'open', sensitivity: 'public' },
        codMgL: { type: 'Float', from: '化学需氧量', sharing: 'open', sensitivity: 'public' },
        ph: { type: 'Float', from: 'PH值', sharing: 'open', sensitivity: 'public' },
      },
    },
  },
  links: [
    { kind: 'has', on: 'WaterLevelStation', onKey: 'stationId', field: 'qualitySamples', target: 'WaterQualitySample', by: 'stationId', listSize: 3 },
    { kind: 'ref', on: 'WaterQualitySample', field: 'station', target: 'WaterLevelStation', from: 'stationId', targetKey: 'stationId' },
    { kind: 'has', on: 'Street', field: 'waterQualitySamples', target: 'WaterQualitySample', by: 'streetCode', listSize: 3 },
  ],
});
