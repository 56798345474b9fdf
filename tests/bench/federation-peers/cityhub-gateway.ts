/**
 * CityHub over the four federation subgraphs, governance and audit on: development tokens
 * verified with the key pair in `argv[3]` (a data directory), agreements and the audit log in
 * that directory's SQLite store, every read row-checked and audited.
 *
 * Run as a process with the subgraphs' URLs as JSON in `argv[2]`; prints `ready <url>`.
 */
import { defineConnector } from '../../../connectors/index.ts';
import { createCityHub, createLogger, DEFAULT_ROLE_LIMITS } from '../../../gateway/index.ts';
import { DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER } from '../../../gateway/governance/index.ts';
import { openHubStores } from '../../../gateway/store-database.ts';
import { loadDevKeyPair } from '../../../governance/index.ts';
import { BENCH_MANIFESTS, ENDPOINT_ENV } from './manifests.ts';
import type { SubgraphName } from './subgraphs.ts';

const urls = JSON.parse(process.argv[2] ?? '{}') as Record<SubgraphName, string>;
const dataDir = process.argv[3];
if (!dataDir) throw new Error('cityhub-gateway.ts needs the data directory as its second argument');
const env = Object.fromEntries(Object.entries(ENDPOINT_ENV).map(([name, variable]) => [variable, urls[name as SubgraphName]]));
const keys = await loadDevKeyPair({ dataDir });
const stores = await openHubStores({ dataDir });
const hub = await createCityHub({
  definitions: BENCH_MANIFESTS.map((manifest) => defineConnector(manifest)),
  env,
  dataDir,
  logger: createLogger('warn'),
  probeIntervalMs: 0,
  graphiql: false,
  governance: { identity: { mode: 'development', keys, issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE }, agreements: stores.agreements },
  audit: stores.audit!,
  // The heavy query nests eight levels, one past the officers' default depth; the rest of the
  // edge protection (cost, rate limits, body limit) stays as the hub ships it.
  edge: { roleLimits: { ...DEFAULT_ROLE_LIMITS, officer: { ...DEFAULT_ROLE_LIMITS.officer, depth: 8 } } },
});
console.log(`ready ${await hub.listen(0)}/graphql`);
