import {
  ManifestError,
  buildDetachedSubschema,
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
import type { CitySubgraph } from '../compose.ts';
import pLimit from 'p-limit';
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
  return runChecks(candidate, context, { active: detachedSubgraphs(context.active), compose: true });
}

/**
 * Checks a batch of connectors that go live together (the sample city's manifests at
 * start-up), as {@link checkConnector} checks each, but composing the city once for the whole
 * batch instead of once per candidate:
 *
 * - a candidate with no active version is checked against the active set and the other
 *   candidates of the batch (its manifest, variables, probe, shared keys, merge conflicts,
 *   name collisions, governance), the probes first, {@link BATCH_PROBE_CONCURRENCY} at a
 *   time, a failing one again every 500 ms for {@link BATCH_PROBE_DEADLINE_MS} after the first round; then the city with every candidate
 *   that passed is stitched and governed once. When that fails, each is composed with the
 *   active set alone to name the culprit, and when none fails alone every one of them is
 *   reported as not composing with the rest of the batch;
 * - a candidate that replaces an active version is checked on its own by `checkConnector`
 *   (breaking changes against its active version included), against the active set with the
 *   new candidates that passed.
 *
 * Candidates are manifest objects; reports come back in their order.
 *
 * ```ts
 * const reports = await checkConnectors(DEPARTMENTS.map((d) => d.manifest), { active: [], env: city.env });
 * ```
 */
export async function checkConnectors(candidates: readonly unknown[], context: CheckContext): Promise<CheckReport[]> {
  const activeIds = new Set(context.active.map((definition) => definition.manifest.id));
  const definitions = candidates.map((candidate) => {
    try {
      return defineConnector(candidate);
    } catch (error) {
      if (error instanceof ManifestError) return undefined;
      throw error;
    }
  });
  const isFresh = (index: number) => !activeIds.has(definitions[index]?.manifest.id ?? '');
  // The subgraphs of the active connectors the batch does not replace, and of the new candidates that build.
  const batchIds = new Set(definitions.flatMap((definition) => (definition ? [definition.manifest.id] : [])));
  const kept = detachedSubgraphs(context.active.filter((definition) => !batchIds.has(definition.manifest.id)));
  const fresh = definitions.flatMap((definition, index) => {
    if (!definition || !isFresh(index)) return [];
    try {
      return [{ index, definition, subgraph: { manifest: definition.manifest, schema: buildDetachedSubschema(definition) } }];
    } catch {
      return []; // its own check reports the subgraph that does not build
    }
  });
  const city = [...kept, ...fresh.map((entry) => entry.subgraph)];
  // The probes first, a few at a time and with nothing else running: the synchronous checks
  // of other candidates would hold the event loop past a probe's timeout.
  const limit = pLimit(BATCH_PROBE_CONCURRENCY);
  const runtime = { env: context.env, dataDir: context.dataDir ?? './data' };
  const probes = new Map<string, CheckFinding[]>();
  if (context.probe !== false) {
    // A system slow to answer its first probe is probed again until the deadline, as the hub's own start-up does.
    let deadline: number | undefined;
    let pending = fresh.filter((entry) => environmentFindings(entry.definition.manifest, context.env).length === 0);
    for (;;) {
      await Promise.all(pending.map((entry) => limit(async () => probes.set(entry.definition.manifest.id, await probeFindings(entry.definition, runtime)))));
      pending = pending.filter((entry) => probes.get(entry.definition.manifest.id)!.length > 0);
      deadline ??= Date.now() + BATCH_PROBE_DEADLINE_MS;
      if (pending.length === 0 || Date.now() + BATCH_PROBE_RETRY_MS > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, BATCH_PROBE_RETRY_MS));
    }
  }
  const reports: (CheckReport | undefined)[] = [];
  for (const [index, candidate] of candidates.entries()) {
    reports.push(isFresh(index) ? await runChecks({ manifest: candidate }, context, { active: city, compose: false, probes }) : undefined);
  }

  const passing = fresh.filter((entry) => reports[entry.index]!.ok);
  const addFinding = (index: number, message: string) => {
    const report = reports[index]!;
    reports[index] = { ...report, ok: false, findings: [...report.findings, { check: 'composition', severity: 'error', path: '', message }] };
  };
  let composed = passing.length === 0;
  if (!composed) {
    try {
      governSubgraphs([...kept, ...passing.map((entry) => entry.subgraph)]);
      composed = true;
    } catch (cause) {
      let named = false;
      for (const entry of passing) {
        const alone = compositionFindings(entry.definition, kept);
        for (const finding of alone.findings) addFinding(entry.index, finding.message);
        named ||= alone.findings.length > 0;
      }
      if (!named) {
        for (const entry of passing) addFinding(entry.index, `the city schema with the other connectors of this batch does not compose: ${(cause as Error).message}`);
      }
    }
  }

  const joined = composed ? passing.map((entry) => entry.definition) : [];
  const active = [...context.active.filter((definition) => !joined.some((candidate) => candidate.manifest.id === definition.manifest.id)), ...joined];
  for (const [index, candidate] of candidates.entries()) {
    if (!isFresh(index)) reports[index] = await checkConnector({ manifest: candidate }, { ...context, active });
  }
  return reports as CheckReport[];
}

/** How many candidates of a batch are checked (probed) at once by {@link checkConnectors}. */
export const BATCH_PROBE_CONCURRENCY = 8;
/** How long after the first round of probes {@link checkConnectors} probes a failing system again, in milliseconds (the hub's start-up wait). */
export const BATCH_PROBE_DEADLINE_MS = 10_000;
/** The pause between two rounds of probes of the failing systems, in milliseconds. */
const BATCH_PROBE_RETRY_MS = 500;

// Private: the checks of one candidate against the subgraphs of the city it joins; with
// `compose: false` the stitching is left to the caller and breaking changes are not looked for.
async function runChecks(
  candidate: CheckCandidate,
  context: CheckContext,
  city: { readonly active: readonly CitySubgraph[]; readonly compose: boolean; readonly probes?: ReadonlyMap<string, readonly CheckFinding[]> },
): Promise<CheckReport> {
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
    findings.push(...(city.probes?.get(manifest.id) ?? (await probeFindings(definition, { env: context.env, dataDir: context.dataDir ?? './data' }))));
  }

  ran.push('composition');
  const { active } = city;
  const composition = compositionFindings(definition, active, { compose: city.compose });
  findings.push(...composition.findings);

  ran.push('governance');
  findings.push(...governanceFindings(manifest));

  const previous = context.active.some((active) => active.manifest.id === manifest.id);
  if (!city.compose) skip(['breaking-changes'], `no version of "${manifest.id}" is active`);
  else if (!previous) skip(['breaking-changes'], `no version of "${manifest.id}" is active`);
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
