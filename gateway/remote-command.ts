import { Command, InvalidArgumentError } from 'commander';
import { join, resolve } from 'node:path';
import type { SampleCity } from '../connectors/sample-city/index.ts';
import { createLogger, resolveLogFormat, resolveLogLevel } from './logger.ts';

/** The port `cityhub serve-connector` listens on when neither `--port` nor `PORT` is given. */
export const DEFAULT_CONNECTOR_PORT = 4100;

function parsePort(value: string): number {
  const port = Number(value);
  if (value.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65_535) throw new InvalidArgumentError('must be an integer from 0 to 65535');
  return port;
}

/**
 * The `cityhub serve-connector <id>` command: runs ONE connector of the city (by its
 * manifest id) as a department-hosted service, serving its subgraph at `/graphql` and its
 * readiness at `/readyz`. The legacy system's endpoint is read from the variable the manifest
 * names (`source.endpointEnv`), or with `--sample-city` from the sample city's simulators.
 * The gateway reaches it through `CITYHUB_REMOTE_<ID>_URL`. It answers only calls carrying a
 * JWT the hub signed for this connector, verified against the hub's public keys
 * (`--hub-jwks`, the hub's `<data dir>/hub-jwks.json`). SIGTERM lets the running requests
 * finish, then stops the connector (and the sample city) and exits.
 *
 * ```sh
 * CITYHUB_ELDERLY_REGISTRY_DB=postgres://civil@db/elderly cityhub serve-connector elderly-registry --port 4101 --host 10.2.0.7 --hub-jwks /etc/cityhub/hub-jwks.json
 * CITYHUB_REMOTE_ELDERLY_REGISTRY_URL=http://10.2.0.7:4101/graphql cityhub start
 * ```
 */
export function createServeConnectorCommand(): Command {
  return new Command('serve-connector')
    .description("serve one connector's subgraph over HTTP, for a department that hosts its own connector")
    .argument('<id>', 'the connector id, such as elderly-registry')
    .option('-p, --port <port>', `port to listen on (env PORT, default ${DEFAULT_CONNECTOR_PORT})`, parsePort)
    .option('--host <host>', 'address to listen on (env CITYHUB_HOST, default 127.0.0.1)')
    .option('--sample-city', "read the sample city's simulated legacy system instead of the manifest's endpoint variable")
    .option('--hub-jwks <file>', "the hub's public keys, a copy of its <data dir>/hub-jwks.json (env CITYHUB_HUB_JWKS, default <data dir>/hub-jwks.json)")
    .option('-d, --data-dir <dir>', 'directory of the sample city and of relative sqlite: endpoints (env CITYHUB_DATA_DIR, default ./data)')
    .action(async (id: string, options: { port?: number; host?: string; sampleCity?: boolean; dataDir?: string; hubJwks?: string }) => {
      // Loaded here, not at the top: the other commands (and --help) never load a connector.
      // The manifests known by id are the sample city's until the registry names the city's own.
      const [{ DEPARTMENTS, startSampleCity }, { remoteUrlVariable }, { startRemoteConnector }, { readHubJwks }] = await Promise.all([
        import('../connectors/sample-city/index.ts'),
        import('./remote-connector.ts'),
        import('./remote-server.ts'),
        import('./remote-call-verifier.ts'),
      ]);
      const definition = DEPARTMENTS.find((candidate) => candidate.manifest.id === id);
      if (!definition) {
        throw new InvalidArgumentError(`no connector "${id}"; known connectors: ${DEPARTMENTS.map((d) => d.manifest.id).join(', ')}`);
      }
      const port = options.port ?? (process.env.PORT ? parsePort(process.env.PORT) : DEFAULT_CONNECTOR_PORT);
      const dataDir = resolve(options.dataDir ?? process.env.CITYHUB_DATA_DIR ?? './data');
      const logger = createLogger({ level: resolveLogLevel(process.env), format: resolveLogFormat(process.env) });
      // Fail closed: without the hub's keys the connector could verify no call, so it does not start.
      const hubJwks = await readHubJwks(resolve(options.hubJwks ?? (process.env.CITYHUB_HUB_JWKS || join(dataDir, 'hub-jwks.json'))));
      let city: SampleCity | undefined;
      let env: Record<string, string | undefined> = process.env;
      if (options.sampleCity) {
        // Only this connector's simulated system: the department runs one connector, not the city.
        city = await startSampleCity({ dataDir, only: [id] });
        env = { ...process.env, ...city.env };
      }
      const served = await startRemoteConnector({
        definition,
        hubJwks,
        env,
        dataDir,
        port,
        host: options.host ?? process.env.CITYHUB_HOST ?? '127.0.0.1',
        logger,
        development: process.env.NODE_ENV === 'development',
      }).catch(async (error: unknown) => {
        await city?.close();
        throw error;
      });
      logger.info(`connector ${id} serves its subgraph at ${served.url}; point the gateway at it with ${remoteUrlVariable(id)}=${served.url}`);
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info(`${signal} received: finishing running requests, then stopping connector ${id}`);
        served
          .close()
          .then(() => city?.close())
          .then(
            () => process.exit(0),
            (error: unknown) => {
              console.error('shutdown failed', error);
              process.exit(1);
            },
          );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    });
}

/**
 * The `cityhub hub-jwks` command: prints the hub's public call-signing keys (a JWKS),
 * creating the key under the data directory when it does not exist yet; the same JSON is in
 * `<data dir>/hub-jwks.json`. A department gives it to `serve-connector --hub-jwks`.
 *
 * ```sh
 * cityhub hub-jwks > hub-jwks.json
 * ```
 */
export function createHubJwksCommand(): Command {
  return new Command('hub-jwks')
    .description("print the hub's public keys, which department-hosted connectors verify its calls with")
    .option('-d, --data-dir <dir>', "the hub's data directory (env CITYHUB_DATA_DIR, default ./data)")
    .action(async (options: { dataDir?: string }) => {
      const { loadRemoteCallKey } = await import('./remote-call-signer.ts');
      const { jwks } = await loadRemoteCallKey({ dataDir: resolve(options.dataDir ?? (process.env.CITYHUB_DATA_DIR || './data')) });
      console.log(JSON.stringify(jwks, null, 2));
    });
}
