import { execute, parse } from 'graphql';
import { buildConnectorSubschema, defineConnector, type ConnectorManifestInput } from '../../../../connectors/index.ts';
import { createCsvAdapter, type CsvAdapter } from '../../../../connectors/kinds/csv/index.ts';
import type { LegacyCsvFile } from '../../../../connectors/sample-city/simulators/csv-drop.ts';
import type { GraphQLSchema } from 'graphql';

/** Columns of the GBK stops export (站点). */
export const STOP_COLUMNS = ['站点编号', '站点名称', '线路编号', '街道编码', '站序', '有无候车亭', '纬度', '经度', '更新时间'];
/** Columns of the UTF-8 routes export (线路). */
export const ROUTE_COLUMNS = ['线路编号', '线路名称', '区划编码', '线路长度'];

/** `count` routes, each with `stopsPerRoute` stops, legacy column names. */
export function busNetwork(routes = 12, stopsPerRoute = 5, version = 1): { routes: LegacyCsvFile; stops: LegacyCsvFile } {
  const routeRows = Array.from({ length: routes }, (_, r) => ({
    线路编号: `R${String(r + 1).padStart(3, '0')}`,
    线路名称: `${r + 1}路`,
    区划编码: r % 2 === 0 ? '440304' : '440305',
    线路长度: (10 + r / 4).toFixed(2),
  }));
  const stopRows = routeRows.flatMap((route, r) =>
    Array.from({ length: stopsPerRoute }, (_, s) => ({
      站点编号: `${route.线路编号}-${String(s + 1).padStart(2, '0')}`,
      站点名称: `v${version} ${route.线路名称}第${s + 1}站, "东"`,
      线路编号: route.线路编号,
      街道编码: `${route.区划编码}00${(s % 3) + 1}`,
      站序: s + 1,
      有无候车亭: s % 2 === 0 ? '是' : '否',
      纬度: (22.5 + r / 100 + s / 1000).toFixed(5),
      经度: (114.0 + r / 100).toFixed(5),
      更新时间: s === 0 ? '' : `2026-03-0${(s % 9) + 1} 06:00:00`,
    })),
  );
  return {
    routes: { name: '公交线路.csv', encoding: 'utf-8', columns: ROUTE_COLUMNS, rows: routeRows },
    stops: { name: '公交站点.csv', encoding: 'gbk', columns: STOP_COLUMNS, rows: stopRows },
  };
}

/** A realistic `csv` manifest: the transport commission's bus network drop. */
export function busOperationsManifest(source: Record<string, unknown> = {}, overrides: Partial<ConnectorManifestInput> = {}): ConnectorManifestInput {
  return {
    id: 'bus-operations-test',
    names: { zh: '公交运营', en: 'Bus operations' },
    department: 'Transport Commission',
    domain: 'transport',
    timeoutMs: 2_000,
    source: {
      kind: 'csv',
      endpointEnv: 'CITYHUB_TEST_BUS_OPERATIONS_DIR',
      encoding: 'gbk',
      files: { BusStop: { file: '公交站点.csv' }, BusRoute: { file: '公交线路.csv', encoding: 'utf-8' } },
      ...source,
    },
    catalogue: {
      BusRoute: {
        key: 'routeId',
        jurisdiction: 'districtCode',
        fields: {
          routeId: { type: 'ID', from: '线路编号', sharing: 'open', sensitivity: 'public' },
          name: { type: 'String', from: '线路名称', sharing: 'open', sensitivity: 'public' },
          districtCode: { type: 'AdminCode', from: '区划编码', sharing: 'open', sensitivity: 'public' },
          lengthKm: { type: 'Float', from: '线路长度', sharing: 'open', sensitivity: 'public' },
        },
      },
      BusStop: {
        key: 'stopId',
        jurisdiction: 'streetCode',
        filters: ['streetCode', 'sheltered'],
        fields: {
          stopId: { type: 'ID', from: '站点编号', sharing: 'open', sensitivity: 'public' },
          name: { type: 'String', from: '站点名称', sharing: 'open', sensitivity: 'public' },
          routeId: { type: 'ID', from: '线路编号', sharing: 'open', sensitivity: 'public' },
          streetCode: { type: 'AdminCode', from: '街道编码', sharing: 'open', sensitivity: 'public' },
          sequence: { type: 'Int', from: '站序', sharing: 'open', sensitivity: 'public' },
          sheltered: { type: 'Boolean', from: '有无候车亭', sharing: 'open', sensitivity: 'public' },
          location: { type: 'GeoPoint', from: { lat: '纬度', lng: '经度' }, sharing: 'open', sensitivity: 'public' },
          updatedAt: { type: 'DateTime', from: '更新时间', nullable: true, sharing: 'open', sensitivity: 'public' },
        },
      },
    },
    links: [{ kind: 'has', on: 'BusRoute', field: 'stops', target: 'BusStop', by: 'routeId' }],
    ...overrides,
  };
}

/** A bus-operations connector's subschema over a drop directory, with its adapter and read log. */
export interface BusConnector {
  readonly schema: GraphQLSchema;
  readonly adapter: CsvAdapter;
  readonly reads: string[];
}

/** Builds the full subschema of the bus-operations connector over `path`. */
export function connectBusOperations(path: string, source: Record<string, unknown> = {}, overrides: Partial<ConnectorManifestInput> = {}): BusConnector {
  const { manifest } = defineConnector(busOperationsManifest(source, overrides));
  const adapter = createCsvAdapter(manifest as any, { env: { CITYHUB_TEST_BUS_OPERATIONS_DIR: path }, dataDir: '.' });
  const reads: string[] = [];
  const schema = buildConnectorSubschema(manifest, adapter, { onUpstreamCall: (call) => reads.push(call.type) });
  return { schema, adapter, reads };
}

/** Runs a query on a subschema with a fresh context. */
export async function run(schema: GraphQLSchema, query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: any[] }> {
  const result = await execute({ schema, document: parse(query), variableValues: variables, contextValue: {} });
  return { data: result.data as any, errors: result.errors ? [...result.errors] : undefined };
}
