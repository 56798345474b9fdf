import { performance } from 'node:perf_hooks';

/** Latency figures of one measured task. */
export interface LatencySummary {
  /** Requests per second over the measured period (sequential requests). */
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly samples: number;
}

/**
 * Runs `task` repeatedly for `durationMs` after `warmupMs` of unmeasured runs, one at a time,
 * and returns its throughput and latency percentiles (milliseconds). `before` runs before
 * each measured call, outside the measurement (emptying a cache to time cold requests).
 */
export async function measure(task: () => Promise<unknown>, options: { durationMs?: number; warmupMs?: number; before?: () => Promise<unknown> } = {}): Promise<LatencySummary> {
  const warmupUntil = performance.now() + (options.warmupMs ?? 500);
  while (performance.now() < warmupUntil) await task();
  const samples: number[] = [];
  const started = performance.now();
  const until = started + (options.durationMs ?? 3_000);
  let untimed = 0;
  while (performance.now() - untimed < until) {
    if (options.before) {
      const b0 = performance.now();
      await options.before();
      untimed += performance.now() - b0;
    }
    const t0 = performance.now();
    await task();
    samples.push(performance.now() - t0);
  }
  const elapsed = performance.now() - started - untimed;
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))] ?? NaN;
  return { rps: (samples.length / elapsed) * 1000, p50: at(50), p99: at(99), samples: samples.length };
}

/**
 * Measures several variants side by side, interleaved in rounds (A, B, A, B, …) so that
 * machine noise hits them alike, and prints per-variant medians over rounds and the ratio of
 * each variant's p50 to the first's.
 */
export async function compare(
  title: string,
  variants: Array<[name: string, task: () => Promise<unknown>, options?: { before?: () => Promise<unknown> }]>,
  options: { rounds?: number; durationMs?: number; warmupMs?: number } = {},
): Promise<Map<string, LatencySummary>> {
  const rounds = options.rounds ?? 3;
  const results = new Map<string, LatencySummary[]>(variants.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, task, variant] of variants) {
      results.get(name)!.push(await measure(task, { durationMs: options.durationMs ?? 2_000, warmupMs: options.warmupMs, ...(variant?.before ? { before: variant.before } : {}) }));
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const summaries = new Map<string, LatencySummary>();
  for (const [name, list] of results) {
    summaries.set(name, {
      rps: median(list.map((s) => s.rps)),
      p50: median(list.map((s) => s.p50)),
      p99: median(list.map((s) => s.p99)),
      samples: list.reduce((total, s) => total + s.samples, 0),
    });
  }
  const base = summaries.get(variants[0]![0])!;
  console.log(`\n${title} (medians of ${rounds} interleaved rounds)`);
  console.log('  variant'.padEnd(40) + 'req/s'.padStart(10) + 'p50 ms'.padStart(10) + 'p99 ms'.padStart(10) + 'p50 ratio'.padStart(11) + 'req/s ratio'.padStart(13));
  for (const [name, s] of summaries) {
    console.log(
      `  ${name}`.padEnd(40) +
        s.rps.toFixed(1).padStart(10) +
        s.p50.toFixed(2).padStart(10) +
        s.p99.toFixed(2).padStart(10) +
        `${(s.p50 / base.p50).toFixed(2)}x`.padStart(11) +
        `${(s.rps / base.rps).toFixed(2)}x`.padStart(13),
    );
  }
  return summaries;
}
