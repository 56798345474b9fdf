/**
 * Start-up and memory of the full sample city, and the latency of the scenario documents.
 *
 * `npm run bench -- sample-city-startup` prints:
 * at each scale, side by side (`small` and `city`, the 1.07 million residents, by default):
 * - start-up, median of several fresh child processes: the simulators
 *   (`startSampleCity`) and the hub ready behind them (`createCityHub` with governance, every
 *   connector probed), cold (an empty data directory: every SQLite file and CSV drop written)
 *   and warm (the files of an earlier run kept, as on a second `npm start`);
 * - memory once ready (RSS and V8 heap after a full GC) and the peak RSS of the start;
 * - p50/p99 of every named query of `gateway/operations/*.graphql` through the real hub over
 *   HTTP as the city operations officer, variables taken from the city model. The scenario
 *   queries push their filters down, so their latency should follow the rows of the street
 *   or district they ask about, not the size of the city: compare the two scales' columns;
 *   answers other than HTTP 200 are counted, and the hub's event-loop delay is reported.
 *
 * Options (environment): CITYHUB_BENCH_SCALES (comma-separated, default `small,city`),
 * CITYHUB_BENCH_RUNS (child processes per variant at small scale, default 5),
 * CITYHUB_BENCH_CITY_RUNS (at city scale, default 1: a cold city start writes 1.7 GB),
 * CITYHUB_BENCH_DURATION_MS (per scenario round, default 2000), CITYHUB_BENCH_STARTUP=false
 * (the scenarios only), CITYHUB_BENCH_CITY_DATA_DIR (the city's scenarios start warm in the
 * data directory of an earlier city start, which is kept).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { getNamedType, isListType, getNullableType, parse, Kind, type OperationDefinitionNode, type TypeNode } from 'graphql';
import { CITY_SCALES, startSampleCity, type CityScale } from '../../connectors/sample-city/index.ts';
import { createCityHub, createLogger } from '../../gateway/index.ts';
import { DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER } from '../../gateway/governance/index.ts';
import { loadScenarioDocuments } from '../../gateway/operations.ts';
import { loadDevKeyPair, PERSONAS, PURPOSE_HEADER } from '../../governance/index.ts';
import { startTestHub } from '../support/sample-hub.ts';
import { compare, type LatencySummary } from './latency-recorder.ts';

const scales = (process.env.CITYHUB_BENCH_SCALES ?? 'small,city').split(',').map((name) => name.trim()) as CityScale[];
for (const name of scales) {
  if (!Object.hasOwn(CITY_SCALES, name)) throw new TypeError(`CITYHUB_BENCH_SCALES lists "${name}"; scales are ${Object.keys(CITY_SCALES).join(', ')}`);
}
const runsAt = (scale: CityScale) => Number(scale === 'small' ? (process.env.CITYHUB_BENCH_RUNS ?? 5) : (process.env.CITYHUB_BENCH_CITY_RUNS ?? 1));
const durationMs = Number(process.env.CITYHUB_BENCH_DURATION_MS ?? 2_000);

interface StartupSample {
  readonly simulatorsMs: number;
  readonly hubMs: number;
  readonly totalMs: number;
  readonly rssMb: number;
  /** The largest RSS the process had (generation included), from the kernel. */
  readonly peakRssMb: number;
  readonly heapMb: number;
  readonly connectors: number;
}

/** Child mode: start the city and the hub once in `dataDir`, print the figures as JSON, exit. */
async function child(dataDir: string, scale: CityScale): Promise<void> {
  const t0 = performance.now();
  const city = await startSampleCity({ dataDir, scale });
  const t1 = performance.now();
  const keys = await loadDevKeyPair({ dataDir });
  const hub = await createCityHub({
    definitions: city.definitions,
    env: city.env,
    dataDir,
    logger: createLogger('silent'),
    probeIntervalMs: 0,
    governance: { identity: { mode: 'development', keys, issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE }, databaseUrl: `sqlite:${join(dataDir, 'governance.sqlite')}` },
  });
  await hub.listen(0);
  const t2 = performance.now();
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  const sample: StartupSample = {
    simulatorsMs: t1 - t0,
    hubMs: t2 - t1,
    totalMs: t2 - t0,
    rssMb: memory.rss / 2 ** 20,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    heapMb: memory.heapUsed / 2 ** 20,
    connectors: hub.registry.connectors.length,
  };
  await hub.close();
  await city.close();
  console.log(`SAMPLE ${JSON.stringify(sample)}`);
}

function runChild(dataDir: string, scale: CityScale): StartupSample {
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', dataDir, scale], {
    encoding: 'utf8',
    env: process.env,
    maxBuffer: 64 * 2 ** 20,
  });
  const line = result.stdout.split('\n').find((l) => l.startsWith('SAMPLE '));
  if (result.status !== 0 || !line) throw new Error(`start-up child failed (exit ${result.status}):\n${result.stderr.slice(-2_000)}`);
  return JSON.parse(line.slice('SAMPLE '.length)) as StartupSample;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function row(title: string, samples: StartupSample[]): string {
  const m = (pick: (s: StartupSample) => number) => median(samples.map(pick)).toFixed(0).padStart(9);
  return `  ${title.padEnd(30)}${m((s) => s.simulatorsMs)}${m((s) => s.hubMs)}${m((s) => s.totalMs)}${m((s) => s.rssMb)}${m((s) => s.peakRssMb)}${m((s) => s.heapMb)}`;
}

/** The data directory of each scale's last warm start, kept so the scenarios start warm. */
const keptDataDirs = new Map<CityScale, string>();
/** CITYHUB_BENCH_CITY_DATA_DIR: the scenarios at city scale start in this directory (files of an earlier city start), kept afterwards. */
const cityDataDir = process.env.CITYHUB_BENCH_CITY_DATA_DIR;

async function startup(): Promise<void> {
  const lines: string[] = [];
  for (const scale of scales) {
    const runs = runsAt(scale);
    const cold: StartupSample[] = [];
    const warm: StartupSample[] = [];
    for (let run = 0; run < runs; run += 1) {
      const dataDir = mkdtempSync(join(tmpdir(), 'cityhub-bench-startup-'));
      try {
        cold.push(runChild(dataDir, scale));
        warm.push(runChild(dataDir, scale));
      } finally {
        if (run === runs - 1) keptDataDirs.set(scale, dataDir);
        else rmSync(dataDir, { recursive: true, force: true });
      }
    }
    lines.push(row(`${scale}, cold (files written)`, cold), row(`${scale}, warm (files kept)`, warm));
    lines.push(`  ${`${scale}: ${cold[0]!.connectors} connectors, ${runs} fresh process${runs === 1 ? '' : 'es'} per variant`}`);
  }
  console.log(`\nSample city start-up (medians)`);
  console.log('  variant'.padEnd(32) + 'sims ms'.padStart(9) + 'hub ms'.padStart(9) + 'total ms'.padStart(9) + 'RSS MB'.padStart(9) + 'peak MB'.padStart(9) + 'heap MB'.padStart(9));
  for (const line of lines) console.log(line);
}

/** A value for each variable of an operation: admin codes from the model, IDs from a root list of the city. */
async function variablesFor(hub: Awaited<ReturnType<typeof startTestHub>>, operation: OperationDefinitionNode): Promise<Record<string, unknown> | string> {
  const { model } = hub.city;
  const street = model.streets.find((s) => s.code === '310106013') ?? model.streets[0]!;
  const values: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeNameOf(definition.type);
    if (definition.defaultValue || definition.type.kind !== Kind.NON_NULL_TYPE) continue;
    if (type === 'AdminCode') {
      values[name] = /district/i.test(name) ? street.districtCode : /community/i.test(name) ? model.communities.find((c) => c.streetCode === street.code)!.code : street.code;
      continue;
    }
    // An ID: the first row of a root list whose type has a field of that name.
    const query = hub.hub.registry.schema.getQueryType()!;
    const list = Object.values(query.getFields()).find((field) => {
      const named = getNamedType(field.type);
      return isListType(getNullableType(field.type)) && 'getFields' in named && Object.hasOwn((named as { getFields(): object }).getFields(), name);
    });
    if (!list) return `no root list holds a field "${name}"`;
    const answer = await hub.queryAs('cityOperationsOfficer', `{ rows: ${list.name}(first: 1) { ${name} } }`);
    const value = (answer.data?.rows as Array<Record<string, unknown>> | undefined)?.[0]?.[name];
    if (value === undefined || value === null) return `${list.name} answered no ${name}`;
    values[name] = value;
  }
  return values;
}

function typeNameOf(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : typeNameOf(type.type);
}

/** The event loop's delay (ms) while the hub served each scale's scenarios. */
const loopDelays = new Map<CityScale, { p50: number; p99: number; max: number }>();

async function scenarios(scale: CityScale): Promise<Map<string, LatencySummary>> {
  const failures = new Map<string, number>();
  const documents = loadScenarioDocuments();
  if (documents.length === 0) throw new Error('no scenario documents in gateway/operations: nothing to measure');
  const dataDir = (scale === 'city' ? cityDataDir : undefined) ?? keptDataDirs.get(scale);
  // The edge's limits stay on, its per-principal rate limit lifted: one client sends every
  // request here, and 429s would be measured instead of the queries.
  const hub = await startTestHub({ governance: true, scale, edge: { rate: { requests: 10_000_000, windowSeconds: 60, sockets: 10, subscriptions: 20 } }, ...(dataDir ? { dataDir } : {}) });
  // The sensors' retained readings reach the MQTT connectors shortly after they subscribe.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  try {
    const variants: Array<[string, () => Promise<unknown>]> = [];
    for (const document of documents) {
      for (const definition of parse(document.document).definitions) {
        if (definition.kind !== Kind.OPERATION_DEFINITION || definition.operation !== 'query') continue;
        const name = definition.name!.value;
        const variables = await variablesFor(hub, definition);
        if (typeof variables === 'string') {
          console.log(`  skipped ${name}: ${variables}`);
          continue;
        }
        const body = JSON.stringify({ query: document.document, variables, operationName: name });
        const headers = {
          'content-type': 'application/json',
          authorization: `Bearer ${await hub.token('cityOperationsOfficer')}`,
          [PURPOSE_HEADER]: PERSONAS.cityOperationsOfficer.purposes[0]!,
        };
        const send = () => fetch(`${hub.url}/graphql`, { method: 'POST', headers, body });
        const once = (await (await send()).json()) as { errors?: unknown[] };
        const errors = once.errors?.length ?? 0;
        if (errors > 0) console.log(`  ${name} at "${scale}" scale answers with ${errors} error(s): ${JSON.stringify(once.errors).slice(0, 300)}`);
        variants.push([
          name,
          async () => {
            const response = await send();
            await response.arrayBuffer();
            if (response.status !== 200) failures.set(`${name} HTTP ${response.status}`, (failures.get(`${name} HTTP ${response.status}`) ?? 0) + 1);
          },
        ]);
      }
    }
    // The hub runs in this process: its event loop's delay while it serves the scenarios.
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const summaries = await compare(`Scenario queries through the governed hub at "${scale}" scale, as the city operations officer`, variants, { rounds: 3, durationMs });
    delay.disable();
    loopDelays.set(scale, { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 });
    for (const [what, count] of failures) console.log(`  at "${scale}" scale ${what}: ${count} answer(s)`);
    return summaries;
  } finally {
    await hub.close();
  }
}

/** Every scenario's p50/p99 at each scale, one column pair per scale. */
function sideBySide(byScale: Map<CityScale, Map<string, LatencySummary>>): void {
  const names = [...new Set([...byScale.values()].flatMap((summaries) => [...summaries.keys()]))];
  console.log(`\nScenario queries at each scale, side by side (ms)`);
  console.log('  scenario'.padEnd(44) + [...byScale.keys()].map((scale) => `${scale} p50`.padStart(12) + `${scale} p99`.padStart(12)).join(''));
  for (const name of names) {
    const cells = [...byScale.values()].map((summaries) => {
      const s = summaries.get(name);
      return s ? s.p50.toFixed(2).padStart(12) + s.p99.toFixed(2).padStart(12) : 'n/a'.padStart(12) + 'n/a'.padStart(12);
    });
    console.log(`  ${name}`.padEnd(44) + cells.join(''));
  }
  const delays = [...byScale.keys()].map((scale) => loopDelays.get(scale));
  console.log('  event-loop delay (p50 / p99 / max)'.padEnd(44) + delays.map((d) => (d ? `${d.p50.toFixed(1)} / ${d.p99.toFixed(1)} / ${d.max.toFixed(0)}`.padStart(24) : 'n/a'.padStart(24))).join(''));
}

if (process.argv[2] === '--child') {
  await child(process.argv[3]!, process.argv[4] as CityScale);
} else {
  if (process.env.CITYHUB_BENCH_STARTUP !== 'false') await startup();
  const byScale = new Map<CityScale, Map<string, LatencySummary>>();
  try {
    for (const scale of scales) byScale.set(scale, await scenarios(scale));
  } finally {
    for (const dataDir of keptDataDirs.values()) rmSync(dataDir, { recursive: true, force: true });
  }
  sideBySide(byScale);
}
