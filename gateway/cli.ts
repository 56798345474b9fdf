import { Command, InvalidArgumentError } from 'commander';
import { resolveHubConfig } from './config.ts';
import { startSampleHub } from './start.ts';
import { createServeConnectorCommand } from './remote-command.ts';
import { createAuditCommand } from './audit/audit-command.ts';
import { createAgreementsCommand, createTokenCommand } from './governance/governance-command.ts';
import { addRegistryCommands } from './connectors-admin/registry-commands.ts';

const program = new Command('cityhub').description('CityHub: one GraphQL schema over the city\'s departmental systems');

program
  .command('start')
  .description('run the hub on its embedded defaults: the sample city\'s simulated systems and the gateway')
  .option('-p, --port <port>', 'port to listen on (env PORT, default 4000)', (value) => {
    const port = Number(value);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new InvalidArgumentError('must be an integer from 0 to 65535');
    return value;
  })
  .option('-d, --data-dir <dir>', 'directory of the embedded stores (env CITYHUB_DATA_DIR, default ./data)')
  .option('--sample-city', "run the sample city's simulated systems and serve their connectors (without it: the connectors active in the registry)")
  .action(async (options: { port?: string; dataDir?: string; sampleCity?: boolean }) => {
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
    // Without --sample-city: the connectors active in the registry store, endpoints from the environment.
    running = options.sampleCity ? await startSampleHub(config) : await (await import('./start-registry.ts')).startRegistryHub(config);
    if (stopping) await shutDown(running);
  });

program.addCommand(createAuditCommand());
// The connector registry: register, activate, roll back, retire, list, show (implementations load lazily).
addRegistryCommands(program.command('connectors').description('register, check and activate the connectors the hub serves'));
program.addCommand(createTokenCommand());
program.addCommand(createAgreementsCommand());
program.addCommand(createServeConnectorCommand());

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`cityhub: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
