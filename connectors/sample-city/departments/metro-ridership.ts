import { defineConnector } from '../../define-connector.ts';

/** 地铁客流: hourly entries and exits per metro station, from the metro operator's daily CSV drop. */
export default defineConnector({
  id: 'metro-ridership',
  names: { zh: '地铁客流', en: 'Metro ridership' },
  department: 'Metro Operator',
  domain: 'transport',
  source: {
    kind: 'csv',
    endpointEnv: 'CITYHUB_METRO_RIDERSHIP_DIR',
    refreshSeconds: 900,
    files: { StationFlow: { file: 'AFC_STATION_FLOW_HOUR.csv' } },
  },
  timeoutMs: 2_000,
  catalogue: {
    StationFlow: {
      description: 'Passengers entering and leaving one metro station in one hour (AFC gate counts).',
      key: 'flowId',
      jurisdiction: 'streetCode',
      filters: ['stationId', 'line', 'hour', 'streetCode'],
      fields: {
        flowId: { type: 'ID', from: 'REC_ID', sharing: 'unconditional', sensitivity: 'internal' },
        stationId: { type: 'ID', from: 'STATION_ID', sharing: 'open', sensitivity: 'public' },
        stationName: { type: 'String', from: 'STATION_NAME', sharing: 'open', sensitivity: 'public' },
        line: { type: 'String', from: 'LINE_NO', sharing: 'open', sensitivity: 'public' },
        districtCode: { type: 'AdminCode', from: 'DIST_CODE', sharing: 'unconditional', sensitivity: 'internal' },
        streetCode: { type: 'AdminCode', from: 'STREET_CODE', sharing: 'unconditional', sensitivity: 'internal' },
        date: { type: 'String', from: 'STAT_DATE', sharing: 'unconditional', sensitivity: 'internal' },
        hour: { type: 'Int', from: 'STAT_HOUR', sharing: 'unconditional', sensitivity: 'internal' },
        entries: { type: 'Int', from: 'IN_CNT', sharing: 'unconditional', sensitivity: 'internal' },
        exits: { type: 'Int', from: 'OUT_CNT', sharing: 'unconditional', sensitivity: 'internal' },
      },
    },
  },
  links: [{ kind: 'has', on: 'Street', field: 'metroStationFlows', target: 'StationFlow', by: 'streetCode', listSize: 19 }],
});
