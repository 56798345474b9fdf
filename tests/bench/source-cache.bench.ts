/**
 * What the source cache saves on a scenario query: the same scenario operation, sent by the
 * same persona, through a governed hub without the cache, and through hubs with it in memory
 * and in Redis, each cold (emptied before every request, outside the timing) and warm,
 * interleaved in one run. SecondsApproval crosses five systems, every one with a
 * `cacheTtlSeconds` (SQL, SOAP and REST sources on loopback).
 *
 * Redis is used when CITYHUB_TEST_REDIS_URL (or CITYHUB_REDIS_URL) is set, else skipped.
 *
 * Run: npm run bench -- source-cache
 */
import { randomBytes } from 'node:crypto';
import { loadScenarioDocuments } from '../../gateway/operations.ts';
import { startEdgeHub, type EdgeHub } from '../support/edge-hub.ts';
import { compare } from './latency-recorder.ts';

const redisUrl = process.env.CITYHUB_TEST_REDIS_URL ?? process.env.CITYHUB_REDIS_URL;
const scenario = loadScenarioDocuments().find((document) => document.id === 'seconds-approval')!;
const SYSTEMS = ['admin-divisions', 'service-applications', 'service-catalogue', 'population-registry', 'social-insurance', 'property-registry', 'identity-accounts'];
const body = { query: scenario.document, operationName: 'SecondsApproval', variables: scenario.example.variables };
const persona = scenario.example.persona!;
const purpose = scenario.example.purpose!;

const hubs: EdgeHub[] = [];
try {
  const off = await startEdgeHub({ only: SYSTEMS });
  hubs.push(off);
  const memory = await startEdgeHub({ only: SYSTEMS, sourceCache: true });
  hubs.push(memory);
  const redis = redisUrl ? await startEdgeHub({ only: SYSTEMS, sourceCache: { redisUrl, redisKeyPrefix: `cityhub-bench-${randomBytes(4).toString('hex')}` } }) : undefined;
  if (redis) hubs.push(redis);
  const run = (hub: EdgeHub) => {
    const headersReady = hub.headersFor(persona, purpose);
    return async () => {
      const response = await fetch(`${hub.url}/graphql`, { method: 'POST', headers: await headersReady, body: JSON.stringify(body) });
      const answer = (await response.json()) as { data?: { serviceApplication?: unknown } };
      if (response.status !== 200 || !answer.data?.serviceApplication) throw new Error(`SecondsApproval failed: ${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
    };
  };
  const cold = (hub: EdgeHub) => ({ before: () => hub.hub.sourceCache!.clear() });
  const variants: Parameters<typeof compare>[1] = [
    ['no source cache', run(off)],
    ['memory, cold', run(memory), cold(memory)],
    ['memory, warm', run(memory)],
    ...(redis ? ([['Redis, cold', run(redis), cold(redis)], ['Redis, warm', run(redis)]] as Parameters<typeof compare>[1]) : []),
  ];
  const summaries = await compare(`SecondsApproval as ${persona} (${purpose}), sequential requests`, variants, { rounds: 5, durationMs: 1_500 });
  const p50 = (name: string) => summaries.get(name)!.p50;
  const lines = [`memory: cold ${p50('memory, cold').toFixed(2)} ms, warm ${p50('memory, warm').toFixed(2)} ms = ${(p50('memory, warm') / p50('memory, cold')).toFixed(2)}x of cold`];
  if (redis) lines.push(`Redis:  cold ${p50('Redis, cold').toFixed(2)} ms, warm ${p50('Redis, warm').toFixed(2)} ms = ${(p50('Redis, warm') / p50('Redis, cold')).toFixed(2)}x of cold`);
  else lines.push('Redis:  skipped (set CITYHUB_TEST_REDIS_URL to measure it)');
  lines.push(`no cache: ${p50('no source cache').toFixed(2)} ms`);
  const reads = (hub: EdgeHub) => hub.upstreamCalls.length;
  lines.push(`upstream reads during the run: no cache ${reads(off)}, memory ${reads(memory)}${redis ? `, Redis ${reads(redis)}` : ''}`);
  console.log(`\nSecondsApproval p50, source cache cold vs warm:\n  ${lines.join('\n  ')}`);
} finally {
  for (const hub of hubs.reverse()) await hub.close();
}
