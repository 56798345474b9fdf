import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineConnector, type ConnectorDefinition } from '../../connectors/index.ts';

/** How a hostile legacy system answers one path (the query string is in `url`). */
export type HostileHandler = (request: IncomingMessage, response: ServerResponse, url: URL) => void | Promise<void>;

/** A small legacy HTTP system on a loopback port whose answers a test decides. */
export interface HostileLegacySystem {
  readonly url: string;
  /** The handler of each path; tests swap them between requests. */
  readonly routes: Map<string, HostileHandler>;
  /** Every request received, as `path?query`, oldest first. */
  readonly calls: string[];
  close(): Promise<void>;
}

/**
 * Starts a legacy system that answers each path with its handler (404 for others), for the
 * tests of what the hub does when a department's system misbehaves: hangs, fails with SQL
 * text, streams gigabytes, answers malformed rows.
 */
export async function startHostileLegacySystem(routes: Record<string, HostileHandler> = {}): Promise<HostileLegacySystem> {
  const table = new Map(Object.entries(routes));
  const calls: string[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://legacy');
    calls.push(`${url.pathname}${url.search}`);
    const handler = table.get(url.pathname);
    if (!handler) {
      response.writeHead(404).end();
      return;
    }
    Promise.resolve(handler(request, response, url)).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routes: table,
    calls,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Answers JSON rows as `{ rows: [...] }`. */
export const answerRows = (rows: readonly unknown[]): HostileHandler => (_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ rows }));
};

/** Never answers (until the client gives up). */
export const hang: HostileHandler = () => {};

/** Two REST connectors of one street over a hostile system: `towers`, each referencing an `operators` row. */
export function towerConnectors(options: { timeoutMs?: number; maxResponseBytes?: number; circuitBreaker?: { failureThreshold?: number; openMs?: number } } = {}): ConnectorDefinition[] {
  const common = {
    department: 'Test Bureau',
    domain: 'test',
    timeoutMs: options.timeoutMs ?? 400,
    ...(options.maxResponseBytes ? { maxResponseBytes: options.maxResponseBytes } : {}),
    ...(options.circuitBreaker ? { circuitBreaker: options.circuitBreaker } : {}),
  };
  const towers = defineConnector({
    ...common,
    id: 'towers',
    names: { zh: '铁塔', en: 'Towers' },
    source: { kind: 'rest', endpointEnv: 'LEGACY_URL', resources: { Tower: { path: '/towers', itemsPath: 'rows', params: { towerId: 'id' } } } },
    catalogue: {
      Tower: {
        key: 'towerId',
        jurisdiction: 'streetCode',
        fields: {
          towerId: { type: 'ID', from: 'TID', sharing: 'open', sensitivity: 'public' },
          streetCode: { type: 'AdminCode', from: 'JD', sharing: 'open', sensitivity: 'public' },
          height: { type: 'Int', from: 'GD', sharing: 'open', sensitivity: 'public' },
          operatorId: { type: 'ID', from: 'YYS', sharing: 'open', sensitivity: 'public', nullable: true },
          keeperPhone: { type: 'String', from: 'DH', sharing: 'conditional', sensitivity: 'personal', nullable: true },
        },
      },
    },
    links: [{ kind: 'ref', on: 'Tower', field: 'operator', target: 'Operator', from: 'operatorId', targetKey: 'operatorId' }],
  });
  const operators = defineConnector({
    ...common,
    id: 'operators',
    names: { zh: '运营商', en: 'Operators' },
    source: { kind: 'rest', endpointEnv: 'LEGACY_URL', resources: { Operator: { path: '/operators', itemsPath: 'rows', params: { operatorId: 'id' } } } },
    catalogue: {
      Operator: {
        key: 'operatorId',
        jurisdiction: 'streetCode',
        fields: {
          operatorId: { type: 'ID', from: 'YID', sharing: 'open', sensitivity: 'public' },
          streetCode: { type: 'AdminCode', from: 'JD', sharing: 'open', sensitivity: 'public' },
          name: { type: 'String', from: 'MC', sharing: 'open', sensitivity: 'public' },
        },
      },
    },
  });
  return [towers, operators];
}

/** Legacy tower rows of street 310106013, each operated by `O1`. */
export const TOWER_ROWS = [
  { TID: 'T1', JD: '310106013', GD: 30, YYS: 'O1', DH: '13812345678' },
  { TID: 'T2', JD: '310106013', GD: 45, YYS: 'O1', DH: '13987654321' },
];
/** The legacy row of operator `O1`. */
export const OPERATOR_ROWS = [{ YID: 'O1', JD: '310106013', MC: '城东通信' }];
