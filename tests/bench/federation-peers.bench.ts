/**
 * CityHub against the fastest gateways, side by side, on the public gateway benchmark's
 * workload: the four Apollo Federation subgraphs (accounts, inventory, products, reviews, see
 * `federation-peers/`) and the heavy query `users → reviews → product → reviews → author →
 * reviews → product` plus `topProducts → …`.
 *
 * - **CityHub**, reaching the subgraphs through its `graphql` kind (`style: 'federation'`),
 *   governance and audit on, a new development token (its own subject) on every request so
 *   nothing can be shared across requests;
 * - **Hive Gateway** with its Rust query planner (`@graphql-hive/router-runtime`);
 * - a plain **graphql-yoga + `@graphql-tools/stitch`** gateway merging through `_entities`.
 *
 * Each gateway runs alone, in its own process pinned to core 0 with `taskset`
 * (`NODE_ENV=production`); the subgraphs and autocannon run on core 1. Every answer is
 * checked against the expected body, worked out from the subgraphs' data (a wrong or
 * reordered answer counts as a mismatch and fails the run). Prints, per gateway, requests per
 * CPU-second of the gateway process (requests/s per core), p50/p99 and peak RSS, and the
 * ratios. Runs are interleaved (A B C, A B C, …) and the medians reported.
 *
 * Run: npm run bench -- federation-peers
 * Knobs: FEDERATION_PEERS_SECONDS (per run, default 10), FEDERATION_PEERS_CONNECTIONS
 * (default 10), FEDERATION_PEERS_ROUNDS (default 3), FEDERATION_PEERS_GATEWAYS (comma list of
 * cityhub, hive, stitch; default all).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER } from '../../gateway/governance/index.ts';
import { loadDevKeyPair, mintToken, PURPOSE_HEADER } from '../../governance/index.ts';
import { EXPECTED_DATA_JSON, HEAVY_QUERY } from './federation-peers/query.ts';

/** JSON with every object's keys sorted, so answers compare whatever their field order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : inner,
  );
}
const EXPECTED_CANONICAL = canonicalJson(JSON.parse(EXPECTED_DATA_JSON));

const here = join(dirname(fileURLToPath(import.meta.url)), 'federation-peers');
const seconds = Number(process.env.FEDERATION_PEERS_SECONDS ?? 10);
const connections = Number(process.env.FEDERATION_PEERS_CONNECTIONS ?? 10);
const rounds = Number(process.env.FEDERATION_PEERS_ROUNDS ?? 3);
const GATEWAYS = { cityhub: 'CityHub (governance and audit on)', hive: 'Hive Gateway (Rust planner)', stitch: 'yoga + stitch' } as const;
type GatewayName = keyof typeof GATEWAYS;
const chosen = (process.env.FEDERATION_PEERS_GATEWAYS ?? 'cityhub,hive,stitch').split(',').map((name) => name.trim()) as GatewayName[];
for (const name of chosen) if (!(name in GATEWAYS)) throw new Error(`FEDERATION_PEERS_GATEWAYS names "${name}", not one of ${Object.keys(GATEWAYS).join(', ')}`);

// This process (autocannon) and the subgraphs on core 1; each gateway on core 0.
const pin = spawnSync('taskset', ['-p', '-c', '1', String(process.pid)]);
if (pin.status !== 0) throw new Error(`taskset could not pin the load generator: ${pin.stderr}`);

const children: ChildProcess[] = [];
// Hive Gateway drains on SIGTERM and may take its time: SIGKILL after a grace period.
const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), 2_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });

/** Starts `script` with `args` pinned to `core`, resolving with its first line of output and its process. */
function startProcess(script: string, args: string[], core: number, prefix: string): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn('taskset', ['-c', String(core), process.execPath, '--import', 'tsx', join(here, script), ...args], {
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n').find((candidate) => candidate.startsWith(prefix));
      if (line) resolve({ child, line: line.slice(prefix.length) });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready:\n${stderr}`)));
  });
}

/** CPU time (user + system) of a process so far, in seconds, and its peak RSS in MB. */
function usageOf(pid: number): { cpuSeconds: number; peakRssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuSeconds: ticks / 100, peakRssMb: hwm ? Number(hwm[1]) / 1024 : Number.NaN };
}

interface RunFigures {
  readonly requests: number;
  readonly perCpuSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly peakRssMb: number;
  readonly failures: number;
}

const dataDir = mkdtempSync(join(tmpdir(), 'cityhub-federation-peers-'));
try {
  const subgraphs = await startProcess('subgraphs.ts', [], 1, '{');
  const urls = `{${subgraphs.line}`;
  const keys = await loadDevKeyPair({ dataDir });
  // A new token per request; minted ahead so signing does not load the generator during a run.
  const tokens: string[] = [];
  const tokenCount = chosen.includes('cityhub') ? Math.max(2_000, seconds * 400) : 0;
  for (let n = 0; n < tokenCount; n += 1) {
    tokens.push(
      await mintToken({
        principal: { subject: `bench-officer-${n}`, department: 'District Operations Center 310106', roles: ['officer'], jurisdictions: ['310106'], purposes: ['city-operations'] },
        keys,
        issuer: DEFAULT_DEV_ISSUER,
        audience: DEFAULT_AUDIENCE,
        expiresInSeconds: 3_600,
      }),
    );
  }
  let nextToken = 0;
  const body = JSON.stringify({ query: HEAVY_QUERY, operationName: 'TestQuery' });
  // Every answer must hold exactly the expected data. Field order is checked on the first
  // answer only and reported, not failed: every gateway here executes with the pinned
  // @graphql-tools/executor, which orders fields as they finish (see the report line).
  const verify = (text: string | Buffer | undefined) => {
    try {
      const answer = JSON.parse(String(text)) as { data?: unknown; errors?: unknown };
      return answer.errors === undefined && canonicalJson(answer.data) === EXPECTED_CANONICAL;
    } catch {
      return false;
    }
  };

  const runOnce = async (name: GatewayName): Promise<RunFigures> => {
    const script = { cityhub: 'cityhub-gateway.ts', hive: 'hive-gateway.ts', stitch: 'stitch-gateway.ts' }[name];
    const gateway = await startProcess(script, name === 'cityhub' ? [urls, dataDir] : [urls], 0, 'ready ');
    const url = gateway.line.trim();
    try {
      const headers = (): Record<string, string> => {
        const base: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
        if (name !== 'cityhub') return base;
        const token = tokens[nextToken++];
        if (!token) throw new Error(`ran out of the ${tokens.length} pre-minted tokens: raise the count`);
        return { ...base, authorization: `Bearer ${token}`, [PURPOSE_HEADER]: 'city-operations' };
      };
      // The first answer, checked before any load: a gateway that answers wrongly is reported as such.
      const first = await fetch(url, { method: 'POST', headers: headers(), body });
      const firstText = await first.text();
      if (!verify(firstText)) throw new Error(`${GATEWAYS[name]} answered the heavy query wrongly (HTTP ${first.status}): ${firstText.slice(0, 600)}`);
      ordered.set(name, JSON.stringify((JSON.parse(firstText) as { data: unknown }).data) === EXPECTED_DATA_JSON);
      const load = (duration: number) =>
        autocannon({
          url,
          connections,
          duration,
          method: 'POST',
          body,
          requests: [{ setupRequest: (request) => ({ ...request, headers: headers() }) }],
          verifyBody: verify,
          timeout: 10,
        });
      await load(Math.min(3, seconds)); // warm-up, not counted
      const before = usageOf(gateway.child.pid!);
      const result = await load(seconds);
      const after = usageOf(gateway.child.pid!);
      const failures = result.errors + result.timeouts + result.non2xx + result.mismatches;
      return {
        requests: result.requests.total,
        perCpuSecond: result.requests.total / (after.cpuSeconds - before.cpuSeconds),
        p50: result.latency.p50,
        p99: result.latency.p99,
        peakRssMb: after.peakRssMb,
        failures,
      };
    } finally {
      await stop(gateway.child);
    }
  };

  const ordered = new Map<GatewayName, boolean>();
  const figures = new Map<GatewayName, RunFigures[]>(chosen.map((name) => [name, []]));
  for (let round = 1; round <= rounds; round += 1) {
    for (const name of chosen) {
      const run = await runOnce(name);
      figures.get(name)!.push(run);
      console.log(
        `round ${round} ${GATEWAYS[name].padEnd(34)} ${run.perCpuSecond.toFixed(1).padStart(7)} req/CPU-s  p50 ${String(run.p50).padStart(5)} ms  p99 ${String(run.p99).padStart(5)} ms  peak RSS ${run.peakRssMb.toFixed(0)} MB  (${run.requests} requests, ${run.failures} failed)`,
      );
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const summary = new Map([...figures].map(([name, runs]) => [name, {
    perCpuSecond: median(runs.map((run) => run.perCpuSecond)),
    p50: median(runs.map((run) => run.p50)),
    p99: median(runs.map((run) => run.p99)),
    peakRssMb: Math.max(...runs.map((run) => run.peakRssMb)),
    failures: runs.reduce((sum, run) => sum + run.failures, 0),
  }]));
  console.log(`\nmedians of ${rounds} rounds, ${connections} connections, ${seconds} s each; the answer is ${(EXPECTED_DATA_JSON.length / 1024).toFixed(0)} KB of data`);
  for (const [name, s] of summary) {
    console.log(
      `${GATEWAYS[name].padEnd(34)} ${s.perCpuSecond.toFixed(1).padStart(7)} req/s per core  p50 ${s.p50} ms  p99 ${s.p99} ms  peak RSS ${s.peakRssMb.toFixed(0)} MB  failures ${s.failures}  fields in query order: ${ordered.get(name) ? 'yes' : 'no'}`,
    );
  }
  const hub = summary.get('cityhub');
  if (hub) {
    for (const peer of ['hive', 'stitch'] as const) {
      const other = summary.get(peer);
      if (other) console.log(`CityHub / ${GATEWAYS[peer]}: ${(hub.perCpuSecond / other.perCpuSecond).toFixed(2)}x requests per core, p99 ${(hub.p99 / other.p99).toFixed(2)}x`);
    }
  }
  const failed = [...summary.values()].reduce((sum, s) => sum + s.failures, 0);
  if (failed > 0) throw new Error(`${failed} requests failed or answered wrongly`);
} finally {
  await Promise.all(children.map(stop));
  rmSync(dataDir, { recursive: true, force: true });
}
