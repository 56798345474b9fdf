import {
  ManifestError,
  createConnector,
  defineConnector,
  manifestPathLocator,
  parseManifestDocument,
  type Connector,
  type ConnectorDefinition,
  type ManifestFormat,
  type SourceRuntime,
} from '../../connectors/index.ts';
import { loadScenarioDocuments, type ScenarioDocument } from '../operations.ts';
import { breakingChangeFindings } from './breaking-change-findings.ts';
import type { CheckFinding, CheckName, CheckReport, SkippedCheck } from './check-report.ts';
import { compositionFindings, detachedSubgraphs, governSubgraphs } from './composition-findings.ts';
import { environmentFindings } from './environment-findings.ts';
import { governanceFindings } from './governance-findings.ts';

/** A connector version to check: a manifest object (as `defineConnector` takes), or a JSON or YAML document. */
export type CheckCandidate =
  | { readonly manifest: unknown }
  | {
      readonly document: string;
      /** @default from the extension of `file`, else 'yaml' (see `parseManifestDocument`) */
      readonly format?: ManifestFormat;
      /** The document's name, reported in findings and errors. @default none */
      readonly file?: string;
    };

/** What {@link checkConnector} checks a candidate against; nothing in it is changed. */
export interface CheckContext {
  /** The active connectors (the registry's active set): the city the candidate would join. */
  readonly active: readonly ConnectorDefinition[];
  /** The environment the candidate's endpoint and credential variables are read from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory of the embedded stores, against which relative `sqlite:` paths resolve. @default './data' */
  readonly dataDir?: string;
  /** Whether to probe the candidate's legacy system; `false` reports the probe as not run. @default true */
  readonly probe?: boolean;
  /** The scenario operations breaking changes are checked against. @default loadScenarioDocuments() (gateway/operations/) */
  readonly scenarios?: readonly ScenarioDocument[];
  /** The clock of `checkedAt`. @default () => new Date() */
  readonly now?: () => Date;
}

/**
 * Checks a candidate connector version before it may go live, like `rover subgraph check`,
 * and reports every finding. The checks run in order:
 *
 * 1. `manifest`: the manifest's own validation (every `ManifestError` issue is a finding,
 *    with its line and column for a document); nothing else can run without it;
 * 2. `environment`: every variable the `source` block names (endpoint, credentials) is set;
 * 3. `probe`: a connector of the candidate is created, probed under its manifest's timeout,
 *    and closed (skipped when a variable is missing or `probe` is false);
 * 4. `composition`: the candidate composed with `active` (replacing an active version of the
 *    same id): shared keys, merge conflicts, name collisions (see `compositionFindings`);
 * 5. `governance`: masks of personal fields, administrative-code jurisdictions (see
 *    `governanceFindings`);
 * 6. `breaking-changes`: when `active` holds a version of the same connector, what changes
 *    for clients and which scenario operations it would break (see `breakingChangeFindings`).
 *
 * For a document candidate, every finding that names a manifest path (rather than a schema
 * coordinate such as `Query.farms`) carries its line and column in the document.
 *
 * Throws a `TypeError` when the active set itself does not compose (what is served now could
 * not be compared with), and whatever is not a `ManifestError` from reading the candidate.
 *
 * A check never changes what is served: it builds its own connector for the probe, and
 * composes from definitions without contacting the active connectors' systems. The report's
 * `ok` is false when any finding is an error.
 *
 * ```ts
 * const report = await checkConnector({ document: text, file: 'farm-subsidies.json' }, { active: DEPARTMENTS, env: process.env });
 * if (!report.ok) console.log(report.findings);
 * ```
 */
export async function checkConnector(candidate: CheckCandidate, context: CheckContext): Promise<CheckReport> {
  const now = context.now ?? (() => new Date());
  const file = 'document' in candidate ? candidate.file : undefined;
  const findings: CheckFinding[] = [];
  const ran: CheckName[] = [];
  const skipped: SkippedCheck[] = [];
  const report = (connectorId: string): CheckReport => ({
    connectorId,
    checkedAt: now().toISOString(),
    ok: !findings.some((finding) => finding.severity === 'error'),
    ran,
    findings,
    skipped,
    ...(file ? { file } : {}),
  });
  const skip = (checks: readonly CheckName[], reason: string) => skipped.push(...checks.map((check) => ({ check, reason })));

  ran.push('manifest');
  let definition: ConnectorDefinition;
  try {
    definition = 'document' in candidate
      ? parseManifestDocument(candidate.document, { ...(candidate.format ? { format: candidate.format } : {}), ...(file ? { file } : {}) })
      : defineConnector(candidate.manifest);
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    for (const issue of error.issues) {
      findings.push({
        check: 'manifest',
        severity: 'error',
        path: issue.path,
        message: issue.message,
        ...(issue.line !== undefined ? { line: issue.line, column: issue.column ?? 1 } : {}),
      });
    }
    skip(['environment', 'probe', 'composition', 'governance', 'breaking-changes'], 'the manifest is invalid');
    return report((error.extensions as { connector?: string }).connector ?? '');
  }
  const { manifest } = definition;

  ran.push('environment');
  const missing = environmentFindings(manifest, context.env);
  findings.push(...missing);

  if (context.probe === false) skip(['probe'], 'the probe was turned off');
  else if (missing.length > 0) skip(['probe'], 'environment variables are missing');
  else {
    ran.push('probe');
    findings.push(...(await probeFindings(definition, { env: context.env, dataDir: context.dataDir ?? './data' })));
  }

  ran.push('composition');
  const active = detachedSubgraphs(context.active);
  const composition = compositionFindings(definition, active);
  findings.push(...composition.findings);

  ran.push('governance');
  findings.push(...governanceFindings(manifest));

  const previous = context.active.some((active) => active.manifest.id === manifest.id);
  if (!previous) skip(['breaking-changes'], `no version of "${manifest.id}" is active`);
  else if (!composition.schema) skip(['breaking-changes'], 'the city schema with the candidate does not compose');
  else {
    ran.push('breaking-changes');
    let before;
    try {
      before = governSubgraphs(active);
    } catch (error) {
      // The active set is what is served now; if it no longer composes, say so rather than guess.
      throw new TypeError(`the active connectors do not compose: ${(error as Error).message}`, { cause: error });
    }
    findings.push(...breakingChangeFindings(before, composition.schema, context.scenarios ?? loadScenarioDocuments()));
  }
  if ('document' in candidate) {
    // Findings that name a manifest path point into the document too, as the manifest's own do.
    const locate = manifestPathLocator(candidate.document);
    findings.forEach((finding, index) => {
      const at = finding.path ? locate(finding.path) : undefined;
      if (at && finding.line === undefined) findings[index] = { ...finding, ...at };
    });
  }
  return report(manifest.id);
}

// Private: the probe of a connector of the candidate's own, closed whatever happens. A
// connector that cannot even be created fails its probe the same way.
async function probeFindings(definition: ConnectorDefinition, runtime: SourceRuntime): Promise<CheckFinding[]> {
  let connector: Connector | undefined;
  try {
    connector = createConnector(definition, runtime);
    await connector.probe();
    return [];
  } catch (error) {
    const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
    return [{ check: 'probe', severity: 'error', message: `${(error as Error).message}${typeof code === 'string' ? ` (${code})` : ''}` }];
  } finally {
    await connector?.close();
  }
}
