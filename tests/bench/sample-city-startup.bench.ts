/**
 * Start-up and memory of the full sample city, and the latency of the scenario documents.
 *
 * `npm run bench -- sample-city-startup` prints:
 * - start-up at `small` scale, median of several fresh child processes: the simulators
 *   (`startSampleCity`) and the hub ready behind them (`createCityHub` with governance, every
 *   connector probed), cold (an empty data directory: every SQLite file and CSV drop written)
 *   and warm (the files of an earlier run kept, as on a second `npm start`);
 * - memory once ready (RSS and V8 heap after a full GC);
 * - p50/p99 of every named query of `gateway/operations/*.graphql` through the real hub over
 *   HTTP as the city operations officer, variables taken from the city model.
 *
 * Options (environment): CITYHUB_BENCH_RUNS (child processes per variant, default 5),
 * CITYHUB_BENCH_SCALE (default small), CITYHUB_BENCH_DURATION_MS (per scenario round, default 2000).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { getNamedType, isListType, getNullableType, parse, Kind, type OperationDefinitionNode, type TypeNode } from 'graphql';
import { startSampleCity, type CityScale } from '../../connectors/sample-city/index.ts';
import { createCityHub, createLogger } from '../../gateway/index.ts';
import { DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER } from '../../gateway/governance/index.ts';
import { loadScenarioDocuments } from '../../gateway/operations.ts';
import { loadDevKeyPair, PERSONAS, PURPOSE_HEADER } from '../../governance/index.ts';
import { startTestHub } from '../support/sample-hub.ts';
import { compare } from './latency-recorder.ts';

const scale = (process.env.CITYHUB_BENCH_SCALE ?? 'small') as CityScale;
const runs = Number(process.env.CITYHUB_BENCH_RUNS ?? 5);
const durationMs = Number(process.env.CITYHUB_BENCH_DURATION_MS ?? 2_000);

interface StartupSample {
  readonly simulatorsMs: number;
  readonly hubMs: number;
  readonly totalMs: number;
  readonly rssMb: number;
  readonly heapMb: number;
  readonly connectors: number;
}

/** Child mode: start the city and the hub once in `dataDir`, print the figures as JSON, exit. */
async function child(dataDir: string): Promise<void> {
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
    heapMb: memory.heapUsed / 2 ** 20,
    connectors: hub.registry.connectors.length,
  };
  await hub.close();
  await city.close();
  console.log(`SAMPLE ${JSON.stringify(sample)}`);
}

function runChild(dataDir: string): StartupSample {
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', dataDir], { encoding: 'utf8', env: process.env });
  const line = result.stdout.split('\n').find((l) => l.startsWith('SAMPLE '));
  if (result.status !== 0 || !line) throw new Error(`start-up child failed (exit ${result.status}):\n${result.stderr.slice(-2_000)}`);
  return JSON.parse(line.slice('SAMPLE '.length)) as StartupSample;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function report(title: string, samples: StartupSample[]): void {
  const m = (pick: (s: StartupSample) => number) => median(samples.map(pick)).toFixed(0).padStart(8);
  console.log(`  ${title.padEnd(34)}${m((s) => s.simulatorsMs)}${m((s) => s.hubMs)}${m((s) => s.totalMs)}${m((s) => s.rssMb)}${m((s) => s.heapMb)}`);
}

async function startup(): Promise<void> {
  console.log(`\nSample city start-up at "${scale}" scale (medians of ${runs} fresh processes)`);
  const cold: StartupSample[] = [];
  const warm: StartupSample[] = [];
  for (let run = 0; run < runs; run += 1) {
    const dataDir = mkdtempSync(join(tmpdir(), 'cityhub-bench-startup-'));
    try {
      cold.push(runChild(dataDir));
      warm.push(runChild(dataDir));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  console.log(`  connectors: ${cold[0]!.connectors}`);
  console.log('  variant'.padEnd(36) + 'sims ms'.padStart(8) + ' hub ms'.padStart(8) + 'total ms'.padStart(8) + ' RSS MB'.padStart(8) + 'heap MB'.padStart(8));
  report('cold (files written)', cold);
  report('warm (files kept)', warm);
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

async function scenarios(): Promise<void> {
  const documents = loadScenarioDocuments();
  if (documents.length === 0) {
    console.log('\nno scenario documents in gateway/operations: nothing to measure');
    return;
  }
  const hub = await startTestHub({ governance: true, scale });
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
        variants.push([`${name}${errors ? ` (${errors} errors)` : ''}`, async () => (await send()).arrayBuffer()]);
      }
    }
    if (variants.length > 0) await compare(`Scenario queries through the governed hub at "${scale}" scale, as the city operations officer`, variants, { rounds: 3, durationMs });
  } finally {
    await hub.close();
  }
}

if (process.argv[2] === '--child') {
  await child(process.argv[3]!);
} else {
  await startup();
  await scenarios();
}
