import { InvalidArgumentError, type Command } from 'commander';

/** The options every registry subcommand takes. */
export interface RegistryCommandOptions {
  /** A sample persona to act as (development). */
  readonly as?: string;
  /** A bearer token to act as (env CITYHUB_TOKEN), verified like the hub verifies it. */
  readonly token?: string;
  readonly dataDir?: string;
}

/**
 * Adds `register <file>`, `activate <id> [--version n]`, `rollback <id>`, `retire <id>`,
 * `list` and `show <id>` to the `cityhub connectors` command group. Each acts on the hub's
 * store (`<dataDir>/cityhub.sqlite`, or `CITYHUB_DATABASE_URL`) as a principal, and a
 * running hub serves the change within a second (PostgreSQL: NOTIFY; SQLite: its periodic
 * check). The implementation is imported only when a subcommand runs.
 *
 * ```ts
 * addRegistryCommands(program.command('connectors'));
 * ```
 */
export function addRegistryCommands(group: Command): Command {
  const run = (action: 'register' | 'activate' | 'rollback' | 'retire' | 'list' | 'show') => async (...args: unknown[]) => {
    const { runRegistryCommand } = await import('./registry-cli.ts');
    const options = args.find((arg): arg is RegistryCommandOptions & { version?: number } => typeof arg === 'object' && arg !== null && !Array.isArray(arg) && !('commands' in arg));
    await runRegistryCommand(action, typeof args[0] === 'string' ? args[0] : undefined, options ?? {});
  };
  const identity = (command: Command) =>
    command
      .option('--as <persona>', 'act as a sample persona (development), e.g. connectorAdmin or platformAdmin')
      .option('--token <jwt>', 'act as the bearer of this token (env CITYHUB_TOKEN)')
      .option('-d, --data-dir <dir>', 'data directory (env CITYHUB_DATA_DIR, default ./data)');
  identity(group.command('register').description('check a JSON manifest and register it as the connector\'s next version (exits 1 when its check reports an error)').argument('<file>', 'the manifest, a JSON file')).action(run('register'));
  identity(
    group
      .command('activate')
      .description('serve a registered version (default: the latest); running hubs swap to it within a second')
      .argument('<id>', 'the connector id')
      .option('--version <n>', 'the version to activate', (value) => {
        const version = Number(value);
        if (!Number.isInteger(version) || version < 1) throw new InvalidArgumentError('must be a positive integer');
        return version;
      }),
  ).action(run('activate'));
  identity(group.command('rollback').description('serve again the version that was active before the current one').argument('<id>', 'the connector id')).action(run('rollback'));
  identity(group.command('retire').description('stop serving a connector').argument('<id>', 'the connector id')).action(run('retire'));
  identity(group.command('list').description('the latest version of every connector you administer')).action(run('list'));
  identity(group.command('show').description('every version of one connector, with its check report').argument('<id>', 'the connector id')).action(run('show'));
  return group;
}
