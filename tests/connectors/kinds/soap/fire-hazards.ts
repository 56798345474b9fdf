import { execute, parse } from 'graphql';
import { createConnector, defineConnector, type Connector, type ConnectorManifestInput } from '../../../../connectors/index.ts';
import type { LegacySoapOperation } from '../../../../connectors/sample-city/simulators/soap-simulator.ts';

/** The fire brigade's hazard service namespace. */
export const NS = 'http://xf.example.gov.cn/yhpc';

/** Inspectors of the simulated fire-hazards service, legacy field names. */
export const INSPECTORS = Array.from({ length: 8 }, (_, i) => ({
  jcybh: `JCY${String(i + 1).padStart(3, '0')}`,
  xm: `检查员${i + 1}`,
  dh: `1380000${String(1000 + i)}`,
  ddbm: i % 2 === 0 ? '440304' : '440305',
}));

/** Hazards of the simulated fire-hazards service, legacy field names. */
export const HAZARDS = Array.from({ length: 30 }, (_, i) => ({
  yhbh: `YH${String(i + 1).padStart(4, '0')}`,
  jdbm: i % 3 === 0 ? '440304001' : i % 3 === 1 ? '440304002' : '440305001',
  dz: `福田区深南大道${100 + i}号 & 附楼<${i}>`,
  yhdj: String((i % 4) + 1),
  sfzg: i % 2 === 0 ? 'true' : '0',
  fxsj: `2026-0${(i % 9) + 1}-1${i % 10} 08:30:00`,
  wd: (22.5 + i / 1000).toFixed(5),
  jd: (114.05 + i / 1000).toFixed(5),
  jcybh: INSPECTORS[i % INSPECTORS.length]!.jcybh,
}));

/** The two operations of the simulated service. */
export function fireHazardOperations(hazards: ReadonlyArray<Record<string, string>> = HAZARDS): LegacySoapOperation[] {
  return [
    {
      operation: 'QueryYhxx',
      soapAction: `${NS}/QueryYhxx`,
      requestElement: 'QueryYhxxRequest',
      responseElement: 'QueryYhxxResponse',
      resultElement: 'return',
      rowElement: 'yhxx',
      rows: hazards,
      filters: { yhbh: 'yhbh', jdbm: 'jdbm' },
      within: { element: 'xzqhdm', field: 'jdbm' },
    },
    {
      operation: 'QueryJcy',
      soapAction: `${NS}/QueryJcy`,
      requestElement: 'QueryJcyRequest',
      responseElement: 'QueryJcyResponse',
      resultElement: 'return',
      rowElement: 'jcy',
      rows: INSPECTORS,
      filters: { jcybh: 'jcybh' },
      listSeparator: ',',
    },
  ];
}

/** A realistic `soap` manifest: the fire brigade's hazard register. */
export function fireHazardsManifest(overrides: Partial<ConnectorManifestInput> = {}): ConnectorManifestInput {
  return {
    id: 'fire-hazards-test',
    names: { zh: '消防安全隐患', en: 'Fire hazard register' },
    department: 'Fire and Rescue',
    domain: 'public-security',
    timeoutMs: 2_000,
    source: {
      kind: 'soap',
      endpointEnv: 'CITYHUB_TEST_FIRE_HAZARDS_URL',
      namespace: NS,
      operations: {
        FireHazard: {
          operation: 'QueryYhxx',
          soapAction: `${NS}/QueryYhxx`,
          requestElement: 'QueryYhxxRequest',
          params: { hazardId: 'yhbh', streetCode: 'jdbm' },
          withinParam: 'xzqhdm',
          rowsPath: 'QueryYhxxResponse.return.yhxx',
        },
        FireInspector: {
          operation: 'QueryJcy',
          soapAction: `${NS}/QueryJcy`,
          requestElement: 'QueryJcyRequest',
          params: { inspectorId: 'jcybh' },
          listSeparator: ',',
          rowsPath: 'QueryJcyResponse.return.jcy',
        },
      },
    },
    catalogue: {
      FireHazard: {
        key: 'hazardId',
        jurisdiction: 'streetCode',
        filters: ['streetCode', 'level'],
        fields: {
          hazardId: { type: 'ID', from: 'yhbh', sharing: 'unconditional', sensitivity: 'internal' },
          streetCode: { type: 'AdminCode', from: 'jdbm', sharing: 'unconditional', sensitivity: 'internal' },
          address: { type: 'String', from: 'dz', sharing: 'unconditional', sensitivity: 'internal' },
          level: { type: 'Int', from: 'yhdj', sharing: 'unconditional', sensitivity: 'internal' },
          rectified: { type: 'Boolean', from: 'sfzg', sharing: 'unconditional', sensitivity: 'internal' },
          reportedAt: { type: 'DateTime', from: 'fxsj', sharing: 'unconditional', sensitivity: 'internal' },
          location: { type: 'GeoPoint', from: { lat: 'wd', lng: 'jd' }, sharing: 'unconditional', sensitivity: 'internal' },
          inspectorId: { type: 'ID', from: 'jcybh', sharing: 'unconditional', sensitivity: 'internal' },
        },
      },
      FireInspector: {
        key: 'inspectorId',
        jurisdiction: 'brigadeCode',
        fields: {
          inspectorId: { type: 'ID', from: 'jcybh', sharing: 'unconditional', sensitivity: 'internal' },
          brigadeCode: { type: 'AdminCode', from: 'ddbm', sharing: 'unconditional', sensitivity: 'internal' },
          name: { type: 'String', from: 'xm', sharing: 'unconditional', sensitivity: 'personal', mask: 'name' },
          phone: { type: 'String', from: 'dh', sharing: 'conditional', sensitivity: 'personal', mask: 'phone' },
        },
      },
    },
    links: [{ kind: 'ref', on: 'FireHazard', field: 'inspector', from: 'inspectorId', target: 'FireInspector' }],
    ...overrides,
  };
}

/** Creates the connector against a running service URL, counting upstream reads. */
export function connectFireHazards(url: string, overrides: Partial<ConnectorManifestInput> = {}): { connector: Connector; reads: string[] } {
  const reads: string[] = [];
  const connector = createConnector(defineConnector(fireHazardsManifest(overrides)), {
    env: { CITYHUB_TEST_FIRE_HAZARDS_URL: url },
    dataDir: '.',
    onUpstreamCall: (call) => reads.push(call.type),
  });
  return { connector, reads };
}

/** Runs a query on a connector's subschema with a fresh context. */
export async function run(connector: Connector, query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: any[] }> {
  const result = await execute({ schema: connector.schema, document: parse(query), variableValues: variables, contextValue: {} });
  return { data: result.data as any, errors: result.errors ? [...result.errors] : undefined };
}
