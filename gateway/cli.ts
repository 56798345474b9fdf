import { Command, InvalidArgumentError } from 'commander';
import { resolveHubConfig } from './config.ts';
import type { RunningSampleHub } from './start.ts';
import { createHubJwksCommand, createServeConnectorCommand } from './remote-command.ts';
import { createAuditCommand } from './audit/audit-command.ts';
import { createAgreementsCommand, createTokenCommand } from './governance/governance-command.ts';
import { createConnectorsCommand } from './connectors-admin/connectors-command.ts';
import { addRegistryCommands } from './connectors-admin/registry-commands.ts';

const program = new Command('cityhub').description('CityHub: one GraphQL schema over the city\'s departmental systems');

program
  .command('start')
  .description('run the hub; with --sample-city, in front of the sample city\'s simulated systems on embedded defaults')
  .option('-p, --port <port>', 'port to listen on (env PORT, default 4000)', (value) => {
    const port = Number(value);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new InvalidArgumentError('must be an integer from 0 to 65535');
    return value;
  })
  .option('-d, --data-dir <dir>', 'directory of the embedded stores (env CITYHUB_DATA_DIR, default ./data)')
  .option('--sample-city', "run the sample city's simulated systems and serve their connectors (without it: the connectors active in the registry)")
  .option('--only <ids>', 'with --sample-city: run only these systems (comma-separated connector ids)', (value) => value.split(',').map((id) => id.trim()).filter((id) => id !== ''))
  .action(async (options: { port?: string; dataDir?: string; sampleCity?: boolean; only?: string[] }) => {
    if (options.only && !options.sampleCity) throw new InvalidArgumentError('--only selects systems of the sample city: give it with --sample-city');
    const config = resolveHubConfig({
      ...process.env,
      ...(options.port !== undefined ? { PORT: options.port } : {}),
      ...(options.dataDir !== undefined ? { CITYHUB_DATA_DIR: options.dataDir } : {}),
    });
    // The handlers are in place before start-up, so a signal that arrives while the sample
    // city is still starting stops it cleanly once it is up instead of killing the process.
    let running: { close(): Promise<void> } | undefined;
    let stopping = false;
    const shutDown = (hub: { close(): Promise<void> }) =>
      hub.close().then(
        () => process.exit(0),
        (error) => {
          console.error('shutdown failed', error);
          process.exit(1);
        },
      );
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.error(`${signal} received: finishing running requests, then stopping`);
      if (running) void shutDown(running);
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
    // Loaded here, not at the top: the other commands never load the sample city or the gateway.
    // Without --sample-city: the connectors active in the registry store, endpoints from the environment.
    running = options.sampleCity
      ? await (await import('./start.ts')).startSampleHub(config, options.only ? { only: options.only } : {})
      : await (await import('./start-registry.ts')).startRegistryHub(config);
    if (stopping) await shutDown(running);
  });

program
  .command('migrate')
  .description("run the hub's store migrations as their own step, as the tables' owner (then start the hub with CITYHUB_MIGRATE_ON_START=false)")
  .option('-d, --data-dir <dir>', 'directory of the embedded store (env CITYHUB_DATA_DIR, default ./data)')
  .option('--database-url <url>', 'the store, as its owner (env CITYHUB_DATABASE_URL)')
  .option('--grant-hub-role <role>', "PostgreSQL: grant this role the hub's least privileges")
  .action(async (options: { dataDir?: string; databaseUrl?: string; grantHubRole?: string }) => (await import('./migrate-command.ts')).runMigrateCommand(options));

program
  .command('schema')
  .description('the city schema as SDL')
  .command('print')
  .description('print the SDL a running hub serves at /schema.graphql: as much of the city schema as a persona may use (without --as: open data)')
  .option('--url <url>', 'the hub (default http://<CITYHUB_HOST>:<PORT>, http://127.0.0.1:4000)')
  .option('--as <persona>', 'ask as a sample persona, with a development token from the data directory')
  .option('-d, --data-dir <dir>', 'data directory holding the development key pair (env CITYHUB_DATA_DIR, default ./data)')
  .action(async (options: { url?: string; as?: string; dataDir?: string }) => {
    process.stdout.write(await (await import('./schema-command.ts')).printSchemaSdl(options));
  });

program.addCommand(createAuditCommand());
program.addCommand(createTokenCommand());
program.addCommand(createAgreementsCommand());
program.addCommand(createServeConnectorCommand());
program.addCommand(createHubJwksCommand());
// check and schema, and the registry's register, activate, roll back, retire, list, show (each loads lazily).
program.addCommand(addRegistryCommands(createConnectorsCommand()));

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`cityhub: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
