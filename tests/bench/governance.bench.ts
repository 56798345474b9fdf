/**
 * The cost of governance on the hot path: the same query over 1,000 elderly residents (with
 * their assigned community worker from a second department) through a hub with policies off
 * and through a hub with policies on, in one run. The governed caller is the city operations
 * officer: city-level, so all 1,000 rows come back, each re-checked, two conditional fields
 * withheld and the worker's name masked — the full per-row and per-field work.
 *
 * Run: npm run bench -- governance
 */
import { startTestHub, type TestHub } from '../support/sample-hub.ts';
import { compare } from './latency-recorder.ts';

const QUERY = `{
  elderlyResidents(first: 1000) {
    personId name phone careLevel gridCode livesAlone
    assignedWorker { workerId name phone role }
  }
}`;

let plain: TestHub | undefined;
let governed: TestHub | undefined;
try {
  plain = await startTestHub();
  governed = await startTestHub({ governance: true });
  const token = await governed.token('cityOperationsOfficer');
  const headers = { authorization: `Bearer ${token}`, 'x-cityhub-purpose': 'city-operations' };
  const run = (hub: TestHub, extra: Record<string, string>, governedRun: boolean) => async () => {
    const response = await hub.query(QUERY, undefined, extra);
    const rows = response.data?.elderlyResidents;
    if (!Array.isArray(rows) || rows.length !== 1000) throw new Error(`expected 1,000 rows, received ${JSON.stringify(response).slice(0, 300)}`);
    if (governedRun && !(rows[0].name === null && /\*/.test(rows[0].assignedWorker.name))) throw new Error('policies did not apply');
  };
  const summaries = await compare('1,000 elderly residents with their community worker, sequential requests', [
    ['policies off', run(plain, {}, false)],
    ['policies on (city operations officer)', run(governed, headers, true)],
  ]);
  const off = summaries.get('policies off')!;
  const on = summaries.get('policies on (city operations officer)')!;
  console.log(`\ngovernance overhead: p50 ${on.p50.toFixed(2)} ms vs ${off.p50.toFixed(2)} ms = ${(on.p50 / off.p50).toFixed(2)}x`);
} finally {
  await governed?.close();
  await plain?.close();
}
