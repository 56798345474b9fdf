/**
 * The cost of the edge protection on the scenario queries: the same scenario operations,
 * sent by the same personas, through a governed hub with the limits, the rate limiter, the
 * trusted-documents and open-stream plugins off (`edge: false`) and through one with them
 * on (the defaults, with a rate high enough never to refuse), interleaved in one run.
 * Goal: the p50 ratio under 1.03. Nine rounds, since the ratio of two medians on a loaded
 * machine swings by more than the edge costs; for the edge's own share, profile the run:
 * `node --cpu-prof --import tsx tests/bench/limits.bench.ts` (see README, Limits).
 *
 * Run: npm run bench -- limits
 */
import { loadScenarioDocuments } from '../../gateway/operations.ts';
import { startTestHub, type TestHub } from '../support/sample-hub.ts';
import { compare } from './latency-recorder.ts';

const documents = new Map(loadScenarioDocuments().map((document) => [document.id, document.document]));
const SCENARIOS = [
  { title: 'city vital signs (CityVitalSigns, city operations officer)', id: 'city-vital-signs', operationName: 'CityVitalSigns', persona: 'cityOperationsOfficer' as const, purpose: 'city-operations', variables: undefined },
  { title: 'elderly living alone (ElderlyLivingAlone, case worker)', id: 'elderly-living-alone', operationName: 'ElderlyLivingAlone', persona: 'caseWorker' as const, purpose: 'elderly-care', variables: { street: '310106013' } },
];

let off: TestHub | undefined;
let on: TestHub | undefined;
try {
  off = await startTestHub({ governance: true, edge: false });
  on = await startTestHub({ governance: true, edge: { rate: { requests: 10_000_000, windowSeconds: 60, sockets: 10, subscriptions: 20 } } });
  const ratios: string[] = [];
  for (const scenario of SCENARIOS) {
    const body = JSON.stringify({ query: documents.get(scenario.id), operationName: scenario.operationName, variables: scenario.variables });
    const run = (hub: TestHub, token: string) => async () => {
      const response = await fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-cityhub-purpose': scenario.purpose },
        body,
      });
      const answer = (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
      if (response.status !== 200 || !answer.data) throw new Error(`${scenario.operationName} failed: ${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
    };
    const summaries = await compare(scenario.title, [
      ['limits and rate limiter off', run(off, await off.token(scenario.persona))],
      ['limits and rate limiter on', run(on, await on.token(scenario.persona))],
    ], { rounds: 9, durationMs: 1_500 });
    const base = summaries.get('limits and rate limiter off')!;
    const guarded = summaries.get('limits and rate limiter on')!;
    ratios.push(`${scenario.operationName}: p50 ${guarded.p50.toFixed(2)} ms vs ${base.p50.toFixed(2)} ms = ${(guarded.p50 / base.p50).toFixed(3)}x`);
  }
  console.log(`\nedge protection overhead (goal under 1.03x of p50):\n  ${ratios.join('\n  ')}`);
} finally {
  await on?.close();
  await off?.close();
}
