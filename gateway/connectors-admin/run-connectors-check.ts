import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { formatOf, type ConnectorDefinition } from '../../connectors/index.ts';
import { checkConnector } from './check.ts';
import { formatCheckReport } from './format-check-report.ts';

/** Options of {@link runConnectorsCheck}. */
export interface RunConnectorsCheckOptions {
  /** Print the report as JSON instead of the readable table. @default false */
  readonly json?: boolean;
  /** Probe the legacy system. @default true */
  readonly probe?: boolean;
  /** The active set to check against. @default 'sample-city' */
  readonly against?: 'sample-city';
  /** Directory of the embedded stores. @default env CITYHUB_DATA_DIR, else './data' */
  readonly dataDir?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly write: (text: string) => void;
}

/**
 * What `cityhub connectors check <file>` does: reads the manifest document, checks it
 * against the active set, prints the report, and answers the exit code (1 when a finding is
 * an error). A file that cannot be read throws (the CLI prints it and exits 1).
 */
export async function runConnectorsCheck(file: string, options: RunConnectorsCheckOptions): Promise<number> {
  if (!formatOf(file)) throw new TypeError(`a manifest document must be a .json, .yaml or .yml file, received ${JSON.stringify(file)}`);
  const document = await readFile(file, 'utf8');
  const report = await checkConnector(
    { document, file: basename(file), format: formatOf(file)! },
    {
      active: await activeSet(options.against ?? 'sample-city'),
      env: options.env,
      dataDir: options.dataDir ?? options.env.CITYHUB_DATA_DIR ?? './data',
      probe: options.probe ?? true,
    },
  );
  options.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatCheckReport(report));
  return report.ok ? 0 : 1;
}

// Private: the sample city's manifests, loaded only when a check names them.
async function activeSet(against: 'sample-city'): Promise<readonly ConnectorDefinition[]> {
  if (against !== 'sample-city') throw new TypeError(`--against must be "sample-city", received ${JSON.stringify(against)}`);
  const { DEPARTMENTS } = await import('../../connectors/sample-city/departments/index.ts');
  return DEPARTMENTS;
}
