import { Command, Option } from 'commander';

/** Where the `connectors` commands read their environment and write their output. */
export interface ConnectorsCommandIo {
  /** The environment a check reads the candidate's endpoint and credential variables from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Writes to standard output. @default process.stdout.write */
  readonly write?: (text: string) => void;
  /** Receives the exit code of a command that fails. @default sets process.exitCode */
  readonly setExitCode?: (code: number) => void;
}

/** The active sets `connectors check --against` can name until the registry store holds the active set. */
export const CHECK_AGAINST = ['sample-city'] as const;

/**
 * The `cityhub connectors` command group. The commands load what they need when they run
 * (the check, the source kinds, the sample city's manifests), so registering the group
 * costs nothing to commands that do not use it.
 *
 * - `connectors check <file> [--json] [--no-probe] [--against sample-city] [--data-dir dir]`:
 *   checks a manifest document (`.json`, `.yaml`, `.yml`) before it goes live (see
 *   `checkConnector`) and prints a report, one line per finding; exit code 1 on an error;
 * - `connectors schema`: prints the JSON Schema of manifest documents, for editors.
 *
 * ```ts
 * program.addCommand(createConnectorsCommand());
 * ```
 */
export function createConnectorsCommand(io: ConnectorsCommandIo = {}): Command {
  const write = io.write ?? ((text: string) => void process.stdout.write(text));
  const setExitCode = io.setExitCode ?? ((code: number) => void (process.exitCode = code));
  const connectors = new Command('connectors').description("departments' connectors: check a manifest before it goes live, print the manifest JSON Schema");

  connectors
    .command('check')
    .description('check a connector manifest (JSON or YAML) against the active city: manifest, environment, probe, composition, governance, breaking changes')
    .argument('<file>', 'the manifest document: .json, .yaml or .yml')
    .option('--json', 'print the report as JSON')
    .option('--no-probe', 'do not contact the legacy system (the probe is reported as not run)')
    .addOption(new Option('--against <set>', 'the active connectors to check against').choices(CHECK_AGAINST).default('sample-city'))
    .option('-d, --data-dir <dir>', 'directory relative sqlite: endpoints resolve against (env CITYHUB_DATA_DIR, default ./data)')
    .action(async (file: string, options: { json?: boolean; probe: boolean; against: (typeof CHECK_AGAINST)[number]; dataDir?: string }) => {
      const { runConnectorsCheck } = await import('./run-connectors-check.ts');
      const code = await runConnectorsCheck(file, { ...options, env: io.env ?? process.env, write });
      if (code !== 0) setExitCode(code);
    });

  connectors
    .command('schema')
    .description('print the JSON Schema of connector manifest documents (point an editor at it with "$schema")')
    .action(async () => {
      const [{ manifestJsonSchema }, { SOURCE_KINDS }] = await Promise.all([
        import('../../connectors/sdk/manifest-json-schema.ts'),
        import('../../connectors/kinds/index.ts'),
      ]);
      write(`${JSON.stringify(manifestJsonSchema(SOURCE_KINDS), null, 2)}\n`);
    });
  return connectors;
}
