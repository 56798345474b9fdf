/**
 * Hot swap under load: the hub serves all 66 sample connectors (governed, audited, as `npm
 * start` does) while six clients query the swapped connector (community workers) and a
 * cross-department query; meanwhile one connector is swapped 20 times (a new version of its
 * manifest each time). Reports the swap time (from `update()` to the new schema served:
 * connectors created and the city schema composed) as median and max — goal < 1 s — and the
 * failed requests — goal 0.
 *
 * Run: npm run bench -- connector-swap
 */
import { defineConnector } from '../../connectors/index.ts';
import { startTestHub } from '../support/sample-hub.ts';

const SWAPS = 20;
const CLIENTS = 6;
const QUERIES = [
  '{ communityWorkers(first: 5) { workerId role } }',
  '{ street(code: "310106013") { name district { name } communityWorkers { workerId } } }',
];

const hub = await startTestHub({ governance: true, audit: true });
const definition = hub.hub.registry.connectors.find((connector) => connector.id === 'community-workers')!;
const versionOf = (n: number) =>
  defineConnector({
    ...definition.manifest,
    catalogue: { ...definition.manifest.catalogue, CommunityWorker: { ...definition.manifest.catalogue.CommunityWorker!, description: `Version ${n}.` } },
  });

let stop = false;
let requests = 0;
const failures: string[] = [];
const client = async (index: number) => {
  for (let turn = index; !stop; turn++) {
    const response = await hub.queryAs('caseWorker', QUERIES[turn % QUERIES.length]!, undefined, 'elderly-care');
    requests++;
    if (response.status !== 200 || response.errors) failures.push(JSON.stringify(response.errors ?? response.status));
  }
};
const clients = Array.from({ length: CLIENTS }, (_, index) => client(index));
await new Promise((resolve) => setTimeout(resolve, 500));
const swaps: number[] = [];
for (let n = 1; n <= SWAPS; n++) {
  const definitions = hub.hub.registry.connectors.map((connector) => (connector.id === 'community-workers' ? versionOf(n) : defineConnector(connector.manifest)));
  const update = await hub.hub.registry.update(definitions);
  if (update.replaced.join() !== 'community-workers') throw new Error(`swap ${n} replaced ${update.replaced.join()}`);
  swaps.push(update.swapMs);
  await new Promise((resolve) => setTimeout(resolve, 100));
}
stop = true;
await Promise.all(clients);
const served = hub.hub.registry.connectors.find((connector) => connector.id === 'community-workers')?.manifest.catalogue.CommunityWorker?.description;
const connectors = hub.hub.registry.connectors.length;
await hub.close();

const sorted = [...swaps].sort((a, b) => a - b);
const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
console.log(`connector swap with ${connectors} connectors, ${SWAPS} swaps under load (${CLIENTS} clients)`);
console.log(`  swap time: median ${median.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms (goal < 1000 ms)`);
console.log(`  requests: ${requests}, failed: ${failures.length} (goal 0)${failures.length ? `; first: ${failures[0]}` : ''}`);
console.log(`  served after the last swap: ${served}`);
if (failures.length > 0 || served !== `Version ${SWAPS}.`) process.exit(1);
