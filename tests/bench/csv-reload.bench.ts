/**
 * What a large CSV reload does to the server: the event-loop delay (p99 and max, from
 * `monitorEventLoopDelay`) and the latency of queries sent meanwhile, while a 100,000-row
 * GBK drop is read, in one run:
 *
 * - **synchronous**: the file read whole, decoded and parsed with csv-parse's synchronous
 *   API and every row type-checked with the SDK's `mapRow` in one go (how the csv kind
 *   loaded before it streamed; kept here only for comparison);
 * - **streamed**: the csv kind's own reload (`CsvAdapter.reload`): streamed, decoded and
 *   parsed in batches with csv-parse's asynchronous parser, the table swapped in whole.
 *
 * Rounds alternate between the two; medians are printed.
 *
 * Run: npm run bench -- csv-reload
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { defineConnector, mapRow } from '../../connectors/index.ts';
import { formatCsv, writeCsvDrop } from '../../connectors/sample-city/simulators/csv-drop.ts';
import { busNetwork, busOperationsManifest, connectBusOperations } from '../connectors/kinds/csv/bus-operations.ts';

const ROUTES = 2_000;
const STOPS_PER_ROUTE = 50; // 100,000 stops
const ROUNDS = 5;
/** How often a query is sent while a reload runs, in milliseconds. */
const QUERY_EVERY_MS = 5;

interface Figures {
  readonly durationMs: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly queries: number;
  readonly queryMaxMs: number;
}

const dir = mkdtempSync(join(tmpdir(), 'cityhub-bench-csv-'));
const network = busNetwork(ROUTES, STOPS_PER_ROUTE);
writeCsvDrop(dir, [network.routes]);
const file = join(dir, '公交站点.csv');
writeFileSync(file, iconv.encode(formatCsv(network.stops), 'gbk'));
const { manifest } = defineConnector(busOperationsManifest());
const connector = connectBusOperations(dir);
const { adapter } = connector;

// Private: the synchronous load, as the csv kind did it before streaming.
async function synchronousLoad(): Promise<void> {
  const text = iconv.decode(readFileSync(file), 'gbk');
  const records = parse(text, { delimiter: ',', relax_column_count: true, skip_empty_lines: true }) as string[][];
  const [header, ...rows] = records;
  let kept = 0;
  for (const fields of rows) {
    const row: Record<string, unknown> = {};
    header!.forEach((column, index) => {
      row[column] = fields[index];
    });
    row['有无候车亭'] = row['有无候车亭'] === '是';
    mapRow(manifest, 'BusStop', row);
    kept += 1;
  }
  if (kept !== ROUTES * STOPS_PER_ROUTE) throw new Error(`synchronous load read ${kept} rows`);
}

async function streamedLoad(): Promise<void> {
  await adapter.reload('BusStop');
  const rows = adapter.health().files.BusStop!.lastLoad?.rows;
  if (rows !== ROUTES * STOPS_PER_ROUTE) throw new Error(`streamed load served ${rows} rows`);
}

// Private: one load with the event loop watched and a query sent every QUERY_EVERY_MS.
async function observe(load: () => Promise<void>): Promise<Figures> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const latencies: number[] = [];
  let running = true;
  histogram.enable();
  // The monitor drops its first sample: let it take one before the load starts.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const querying = (async () => {
    while (running) {
      const sent = performance.now();
      await adapter.find({ type: 'BusRoute', in: { field: 'routeId', values: ['R0001'] }, signal: AbortSignal.timeout(30_000) });
      latencies.push(performance.now() - sent);
      await new Promise((resolve) => setTimeout(resolve, QUERY_EVERY_MS));
    }
  })();
  const started = performance.now();
  await load();
  const durationMs = performance.now() - started;
  // The histogram records a stall when the loop next turns: let it turn before reading.
  await new Promise((resolve) => setTimeout(resolve, 5));
  histogram.disable();
  running = false;
  await querying;
  return {
    durationMs,
    p99Ms: histogram.percentile(99) / 1e6,
    maxMs: histogram.max / 1e6,
    queries: latencies.length,
    queryMaxMs: Math.max(...latencies),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const summarize = (runs: Figures[]) => ({
  durationMs: median(runs.map((r) => r.durationMs)),
  p99Ms: median(runs.map((r) => r.p99Ms)),
  maxMs: median(runs.map((r) => r.maxMs)),
  queries: median(runs.map((r) => r.queries)),
  queryMaxMs: median(runs.map((r) => r.queryMaxMs)),
});

try {
  // Warm up both paths (JIT, file cache) before measuring.
  await streamedLoad();
  await synchronousLoad();
  const synchronous: Figures[] = [];
  const streamed: Figures[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    synchronous.push(await observe(synchronousLoad));
    streamed.push(await observe(streamedLoad));
  }
  const before = summarize(synchronous);
  const after = summarize(streamed);
  const bytes = readFileSync(file).length;
  console.log(`reload of ${(ROUTES * STOPS_PER_ROUTE).toLocaleString('en')} GBK rows (${(bytes / 1e6).toFixed(1)} MB), medians of ${ROUNDS} interleaved rounds:`);
  const row = (name: string, f: ReturnType<typeof summarize>) =>
    `  ${name.padEnd(12)} load ${f.durationMs.toFixed(0).padStart(5)} ms | event-loop delay p99 ${f.p99Ms.toFixed(1).padStart(7)} ms, max ${f.maxMs.toFixed(1).padStart(7)} ms | ${String(f.queries).padStart(4)} queries answered meanwhile, slowest ${f.queryMaxMs.toFixed(1).padStart(7)} ms`;
  console.log(row('synchronous', before));
  console.log(row('streamed', after));
  console.log(`  event-loop delay max: ${(before.maxMs / after.maxMs).toFixed(1)}x lower streamed; load time ${(after.durationMs / before.durationMs).toFixed(2)}x`);
} finally {
  await adapter.close();
  rmSync(dir, { recursive: true, force: true });
}
