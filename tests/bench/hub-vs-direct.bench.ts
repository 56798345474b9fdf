/**
 * The gateway is every request's hot path. This compares, in one run, the cross-department
 * query (street → elderly residents → assigned community worker) through the hub over HTTP
 * with the same data fetched straight from the simulated legacy systems by a hand-written
 * client (SQL on the registry files, one batched call to the workers API).
 *
 * Run: npm run bench -- hub-vs-direct
 */
import SQLite from 'better-sqlite3';
import { DEFAULT_EDGE_CONFIG } from '../../gateway/index.ts';
import { startTestHub, type TestHub } from '../support/sample-hub.ts';
import { compare } from './latency-recorder.ts';

const STREETS = ['310106013', '310104004', '310115007', '310101001', '310110010'];
const QUERY = `query StreetElderly($code: AdminCode!) {
  street(code: $code) {
    code name district { name }
    elderlyResidents { personId name phone livesAlone assignedWorker { workerId name phone } }
  }
}`;

let hub: TestHub;
let divisions: SQLite.Database;
let registry: SQLite.Database;
let workersUrl: string;
let turn = 0;

async function queryHub(): Promise<void> {
  const code = STREETS[turn++ % STREETS.length]!;
  const response = await hub.query(QUERY, { code });
  if (response.errors || !response.data.street) throw new Error(`hub answered ${JSON.stringify(response.errors)}`);
}

async function queryDirect(): Promise<void> {
  const code = STREETS[turn++ % STREETS.length]!;
  const street = divisions.prepare('SELECT JDDM, JDMC, SSQX_DM FROM T_XZQH_JD WHERE JDDM = ?').get(code) as Record<string, string>;
  const district = divisions.prepare('SELECT QXMC FROM T_XZQH_QX WHERE QXDM = ?').get(street.SSQX_DM) as Record<string, string>;
  const elderly = registry
    .prepare('SELECT RYBS, XM, LXDH, SFDJ, ZRGZRY FROM T_MZ_LNR_DJ WHERE JDDM = ? ORDER BY RYBS')
    .all(code) as Array<Record<string, string>>;
  const ids = [...new Set(elderly.map((row) => row.ZRGZRY))].join(',');
  const response = await fetch(`${workersUrl}/api/v1/gzry/list?ryid=${ids}&pageNo=1&pageSize=500`);
  const body = (await response.json()) as { data: { rows: Array<Record<string, unknown>> } };
  const workers = new Map(body.data.rows.map((w) => [w.RYID, w]));
  const answer = { street: { ...street, district, elderly: elderly.map((e) => ({ ...e, worker: workers.get(e.ZRGZRY) })) } };
  if (answer.street.elderly.some((e) => !e.worker)) throw new Error('a worker is missing');
}

// One anonymous caller asks as fast as it can: the per-principal rate limit (300 per 10 s)
// would refuse a fast hub's requests mid-run, so it is lifted for the bench.
hub = await startTestHub({ edge: { rate: { ...DEFAULT_EDGE_CONFIG.rate, requests: 1_000_000 } } });
divisions = new SQLite(hub.city.env.CITYHUB_ADMIN_DIVISIONS_DB!.slice('sqlite:'.length), { readonly: true });
registry = new SQLite(hub.city.env.CITYHUB_ELDERLY_REGISTRY_DB!.slice('sqlite:'.length), { readonly: true });
workersUrl = hub.city.env.CITYHUB_COMMUNITY_WORKERS_URL!;
try {
  await compare('street → elderly residents → assigned community worker, sequential requests', [
    ['direct from the legacy systems', queryDirect],
    ['through the hub (HTTP, stitched)', queryHub],
  ]);
} finally {
  divisions.close();
  registry.close();
  await hub.close();
}
