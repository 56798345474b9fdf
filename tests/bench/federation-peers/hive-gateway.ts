/**
 * Peer: Hive Gateway with its Rust query planner (`@graphql-hive/router-runtime`), over the
 * supergraph composed from the four subgraphs' SDL (`@theguild/federation-composition`).
 *
 * Run as a process with the subgraphs' URLs as JSON in `argv[2]`; prints `ready <url>`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { SUBGRAPH_NAMES, SUBGRAPH_SDL, type SubgraphName } from './subgraphs.ts';

const urls = JSON.parse(process.argv[2] ?? '{}') as Record<SubgraphName, string>;
const composed = composeServices(SUBGRAPH_NAMES.map((name) => ({ name, typeDefs: parse(SUBGRAPH_SDL[name]), url: urls[name] })));
if (composed.errors && composed.errors.length > 0) throw new Error(`supergraph composition failed: ${composed.errors.map((error) => error.message).join('; ')}`);
if (!composed.supergraphSdl) throw new Error("supergraph composition produced no supergraph");
const gateway = createGatewayRuntime({ supergraph: composed.supergraphSdl, unifiedGraphHandler, logging: false, graphiql: false, landingPage: false });
const server = createServer(gateway);
server.listen(0, '127.0.0.1', () => console.log(`ready http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`));
