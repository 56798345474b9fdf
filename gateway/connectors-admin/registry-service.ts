import { defineConnector, ManifestError, type ConnectorDefinition } from '../../connectors/index.ts';
import type { AuditLog, Principal } from '../../governance/index.ts';
import { GatewayError, GovernanceError } from '../../schema/index.ts';
import { appendRegistryEvent, type RegistryAction } from './audit-registry-event.ts';
import { isDeepStrictEqual } from 'node:util';
import type { ConnectorBatchCheck, ConnectorCheck } from './manifest-check.ts';
import { isConnectorAdministrator, mayAdministerConnectors } from './registry-roles.ts';
import { RegistryStoreError, type ActivationResult, type ConnectorRegistryStore, type ConnectorVersion } from './registry-store.ts';

/** What changed in the set of active connectors, as {@link RegistryServiceOptions.onActiveChange} hears it. */
export interface RegistryChange {
  readonly action: 'activate' | 'rollback' | 'retire';
  readonly connectorId: string;
  /** The version now active; `null` after a retirement. */
  readonly version: number | null;
}

/** What {@link RegistryService.registerAll} did with one manifest. */
export interface BatchRegistration {
  readonly connectorId: string;
  /** The version active now. */
  readonly version: number;
  /** `unchanged`: that version was active already; `activated`: it is active now (`registered` says whether it is new). */
  readonly outcome: 'unchanged' | 'activated';
  /** Whether a new version was registered for it. */
  readonly registered: boolean;
}

/** Options of {@link createRegistryService}. */
export interface RegistryServiceOptions {
  readonly store: ConnectorRegistryStore;
  /** Every registry event (and every refused attempt) is appended here. */
  readonly audit: AuditLog;
  /**
   * The check every registration runs (`checkConnector` once available; `checkManifestOnly`
   * validates the manifest alone). Its report is stored with the version; a report with an
   * error keeps the version from being activated.
   */
  readonly check: ConnectorCheck;
  /**
   * The check of {@link RegistryService.registerAll}'s batch (`createConnectorBatchCheck`
   * composes the city once for the batch). @default `check` on each candidate in turn, each
   * one checked against the active set and the candidates before it
   */
  readonly checkBatch?: ConnectorBatchCheck;
  /**
   * Called once the set of active connectors has changed, before the action resolves: the
   * hub recomposes and swaps its schema here, and replicas are notified. A rejection is
   * reported to the caller (the store has changed already; the periodic sync catches up).
   * @default nothing
   */
  readonly onActiveChange?: (change: RegistryChange) => Promise<void>;
}

/**
 * Registering, activating, rolling back and retiring connectors, for the CLI and the admin
 * API alike. A department's `connector-admin` acts on its own department's connectors only,
 * a `platform-admin` on all; every event and every refused attempt is audited.
 */
export interface RegistryService {
  /** Checks a candidate manifest (JSON data) and stores it as the connector's next version, `checked`. */
  register(principal: Principal, candidate: unknown): Promise<ConnectorVersion>;
  /**
   * Registers and activates manifests that go live together (the sample city's, at every
   * start, by a system principal), each as `register` then `activate` would, checked as one
   * batch, every registration and activation audited. Idempotent: a manifest whose active
   * version holds it already is left as it is, and one whose latest version holds it (checked,
   * with a clean report) is activated without a new version. When a check reports an error,
   * the versions stay registered (`show` gives their reports), nothing of the batch is
   * activated, and a `BAD_USER_INPUT` error names every failing manifest and its findings.
   */
  registerAll(principal: Principal, candidates: readonly unknown[]): Promise<BatchRegistration[]>;
  /** Activates a version (the latest when `version` is omitted); refused when its report holds an error. */
  activate(principal: Principal, connectorId: string, version?: number): Promise<ActivationResult>;
  /** Activates again the version that was active before the current one. */
  rollback(principal: Principal, connectorId: string): Promise<ActivationResult>;
  /** Stops serving the connector: its active version becomes `retired`. */
  retire(principal: Principal, connectorId: string): Promise<ConnectorVersion>;
  /** The latest version of every connector the principal administers. */
  list(principal: Principal): Promise<ConnectorVersion[]>;
  /** Every version of one connector, oldest first. */
  show(principal: Principal, connectorId: string): Promise<ConnectorVersion[]>;
}

/**
 * Creates the registry service over the registry store and the audit log.
 *
 * ```ts
 * const service = createRegistryService({ store: stores.registry, audit: stores.audit!, check: checkManifestOnly });
 * const v = await service.register(PERSONAS.connectorAdmin, await readManifestFile('grids.json'));
 * await service.activate(PERSONAS.connectorAdmin, v.connectorId, v.version);
 * ```
 */
export function createRegistryService(options: RegistryServiceOptions): RegistryService {
  if (typeof options?.store?.register !== 'function') throw new TypeError(`store must be a ConnectorRegistryStore, received ${String(options?.store)}`);
  if (typeof options.audit?.append !== 'function') throw new TypeError(`audit must be an AuditLog, received ${String(options.audit)}`);
  if (typeof options.check !== 'function') throw new TypeError(`check must be a function (candidate, { active }) => Promise<CheckReport>, received ${String(options.check)}`);
  const { store, audit, check } = options;

  // Runs one action: authorization and refusals are audited as denied, failures as errors.
  const audited = async <T>(
    principal: Principal,
    action: RegistryAction,
    connectorId: string | null,
    run: () => Promise<{ result: T; version?: number }>,
  ): Promise<T> => {
    const startedAt = performance.now();
    let outcome: { result: T; version?: number };
    try {
      outcome = await run();
    } catch (error) {
      const code = error instanceof GatewayError ? String(error.extensions.code) : 'INTERNAL_SERVER_ERROR';
      await appendRegistryEvent(audit, { principal, action, connectorId, outcome: code === 'FORBIDDEN' ? 'denied' : 'error', errorCode: code, startedAt });
      throw error;
    }
    if (action !== 'list' && action !== 'show') {
      await appendRegistryEvent(audit, { principal, action, connectorId, ...(outcome.version === undefined ? {} : { version: outcome.version }), outcome: 'ok', startedAt });
    }
    return outcome.result;
  };

  // The connector's department as registered (its latest version), or undefined when it is new.
  const departmentOf = async (connectorId: string) => (await store.versions(connectorId)).at(-1)?.department;

  const requireAdministrator = async (principal: Principal, connectorId: string) => {
    const versions = await store.versions(connectorId);
    const department = versions.at(-1)?.department;
    if (department === undefined) {
      if (!isConnectorAdministrator(principal)) throw forbidden(principal, `connector "${connectorId}"`);
      throw badInput(`connector "${connectorId}" is not registered`, 'not-found');
    }
    if (!mayAdministerConnectors(principal, department)) throw forbidden(principal, `connector "${connectorId}" of ${department}`);
    return versions;
  };

  const changed = async (change: RegistryChange) => {
    await options.onActiveChange?.(change);
  };

  const activateVersion = async (connectorId: string, version: number) => {
    const target = await store.get(connectorId, version);
    if (target?.report.ok) {
      // The SDK may have grown stricter since the version was checked: it must still validate.
      try {
        defineConnector(target.manifest);
      } catch (error) {
        if (error instanceof ManifestError) throw badInput(`connector "${connectorId}" version ${version} no longer validates: ${error.message}`, 'not-activatable');
        throw error;
      }
    }
    try {
      return await store.activate(connectorId, version);
    } catch (error) {
      throw fromStoreError(error);
    }
  };

  const checkBatch: ConnectorBatchCheck = options.checkBatch ?? (async (candidates, context) => {
    const reports = [];
    let active = [...context.active];
    for (const candidate of candidates) {
      const report = await check(candidate, { active });
      reports.push(report);
      if (report.ok) active = [...active.filter((definition) => definition.manifest.id !== report.connectorId), defineConnector(candidate)];
    }
    return reports;
  });

  const registerAll = async (principal: Principal, candidates: readonly unknown[]): Promise<BatchRegistration[]> => {
    const startedAt = performance.now();
    const refuse = async (connectorId: string | null, error: GovernanceError): Promise<never> => {
      await appendRegistryEvent(audit, { principal, action: 'register', connectorId, outcome: error.extensions.code === 'FORBIDDEN' ? 'denied' : 'error', errorCode: String(error.extensions.code), startedAt });
      throw error;
    };
    // Each manifest as the store would give it back (JSON data), with its id and department.
    const manifests: { connectorId: string; department: string; manifest: unknown; versions: ConnectorVersion[] }[] = [];
    for (const [index, candidate] of candidates.entries()) {
      const { id, department } = (typeof candidate === 'object' && candidate !== null ? candidate : {}) as { id?: unknown; department?: unknown };
      if (typeof id !== 'string' || id === '' || typeof department !== 'string' || department === '') {
        await refuse(typeof id === 'string' && id !== '' ? id : null, badInput(`manifest ${index} of the batch names no connector "id" or no "department", received id ${JSON.stringify(id ?? null)} and department ${JSON.stringify(department ?? null)}`, 'incomplete-manifest'));
      }
      const connectorId = id as string;
      if (manifests.some((manifest) => manifest.connectorId === connectorId)) await refuse(connectorId, badInput(`the batch holds connector "${connectorId}" twice`, 'duplicate-connector'));
      const registered = await departmentOf(connectorId);
      for (const owner of new Set([department as string, registered ?? (department as string)])) {
        if (!mayAdministerConnectors(principal, owner)) await refuse(connectorId, forbidden(principal, `connector "${connectorId}" of ${owner}`));
      }
      manifests.push({ connectorId, department: department as string, manifest: JSON.parse(JSON.stringify(candidate)) as unknown, versions: await store.versions(connectorId) });
    }
    const unchanged = manifests.filter((entry) => entry.versions.some((version) => version.state === 'active' && isDeepStrictEqual(version.manifest, entry.manifest)));
    // The latest version already holds the manifest, checked and clean: activated again, no new version.
    const reusable = (entry: (typeof manifests)[number]) => {
      const latest = entry.versions.at(-1);
      return latest && latest.state === 'checked' && latest.report.ok && isDeepStrictEqual(latest.manifest, entry.manifest) ? latest : undefined;
    };
    const pending = manifests.filter((entry) => !unchanged.includes(entry));
    const toCheck = pending.filter((entry) => !reusable(entry));
    const reports = toCheck.length === 0 ? [] : await checkBatch(toCheck.map((entry) => entry.manifest), { active: await activeDefinitions(store) });
    const targets = new Map<string, ConnectorVersion>();
    for (const entry of pending) {
      const reuse = reusable(entry);
      if (reuse) {
        targets.set(entry.connectorId, reuse);
        continue;
      }
      const report = reports[toCheck.indexOf(entry)]!;
      const version = await store.register({ connectorId: entry.connectorId, department: entry.department, manifest: entry.manifest, submittedBy: { subject: principal.subject, department: principal.department }, report });
      await appendRegistryEvent(audit, { principal, action: 'register', connectorId: entry.connectorId, version: version.version, outcome: 'ok', startedAt });
      targets.set(entry.connectorId, version);
    }
    const failed = [...targets.values()].filter((version) => !version.report.ok);
    if (failed.length > 0) {
      const error = badInput(
        `${failed.length} of ${candidates.length} manifest(s) did not pass their check, so none of the batch is activated: ${failed
          .map((version) => `${version.connectorId}@${version.version}: ${version.report.findings.filter((finding) => finding.severity === 'error').map((finding) => `${finding.check} ${finding.path ? `${finding.path}: ` : ''}${finding.message}`).join('; ')}`)
          .join(' | ')}`,
        'check-failed',
      );
      await appendRegistryEvent(audit, { principal, action: 'activate', connectorId: null, outcome: 'error', errorCode: 'BAD_USER_INPUT', startedAt });
      throw error;
    }
    const outcomes: BatchRegistration[] = [];
    for (const entry of manifests) {
      const target = targets.get(entry.connectorId);
      if (!target) {
        const active = entry.versions.find((version) => version.state === 'active')!;
        outcomes.push({ connectorId: entry.connectorId, version: active.version, outcome: 'unchanged', registered: false });
        continue;
      }
      const result = await activateVersion(entry.connectorId, target.version);
      await appendRegistryEvent(audit, { principal, action: 'activate', connectorId: entry.connectorId, version: result.activated.version, outcome: 'ok', startedAt });
      outcomes.push({ connectorId: entry.connectorId, version: result.activated.version, outcome: 'activated', registered: !reusable(entry) });
    }
    for (const outcome of outcomes.filter((o) => o.outcome === 'activated')) await changed({ action: 'activate', connectorId: outcome.connectorId, version: outcome.version });
    return outcomes;
  };

  return {
    registerAll,
    register: (principal, candidate) => {
      const id = typeof candidate === 'object' && candidate !== null ? (candidate as { id?: unknown }).id : undefined;
      const department = typeof candidate === 'object' && candidate !== null ? (candidate as { department?: unknown }).department : undefined;
      return audited(principal, 'register', typeof id === 'string' && id !== '' ? id : null, async () => {
        if (typeof id !== 'string' || id === '' || typeof department !== 'string' || department === '') {
          throw badInput(
            `a manifest names its connector "id" and its "department" to be registered, received id ${JSON.stringify(id ?? null)} and department ${JSON.stringify(department ?? null)}`,
            'incomplete-manifest',
          );
        }
        if (!mayAdministerConnectors(principal, department)) throw forbidden(principal, `connector "${id}" of ${department}`);
        const registered = await departmentOf(id);
        if (registered !== undefined && registered !== department && !mayAdministerConnectors(principal, registered)) {
          throw forbidden(principal, `connector "${id}", registered by ${registered}`);
        }
        const active = await activeDefinitions(store);
        const report = await check(candidate, { active });
        const version = await store.register({ connectorId: id, department, manifest: candidate, submittedBy: { subject: principal.subject, department: principal.department }, report });
        return { result: version, version: version.version };
      });
    },
    activate: (principal, connectorId, version) =>
      audited(principal, 'activate', connectorId, async () => {
        if (version !== undefined && (!Number.isInteger(version) || version < 1)) throw badInput(`version must be a positive integer, received ${version}`, 'bad-version');
        const versions = await requireAdministrator(principal, connectorId);
        const result = await activateVersion(connectorId, version ?? versions.at(-1)!.version);
        await changed({ action: 'activate', connectorId, version: result.activated.version });
        return { result, version: result.activated.version };
      }),
    rollback: (principal, connectorId) =>
      audited(principal, 'rollback', connectorId, async () => {
        const versions = await requireAdministrator(principal, connectorId);
        const current = versions.find((v) => v.state === 'active');
        if (!current) throw badInput(`connector "${connectorId}" has no active version to roll back`, 'not-active');
        const previous = versions
          .filter((v) => v.version !== current.version && v.state === 'checked' && v.activatedAt !== null && v.report.ok)
          .sort((a, b) => (a.activatedAt! < b.activatedAt! ? 1 : a.activatedAt! > b.activatedAt! ? -1 : b.version - a.version))[0];
        if (!previous) throw badInput(`connector "${connectorId}" has no earlier active version to roll back to (version ${current.version} is the only one that was active)`, 'no-previous-version');
        const result = await activateVersion(connectorId, previous.version);
        await changed({ action: 'rollback', connectorId, version: result.activated.version });
        return { result, version: result.activated.version };
      }),
    retire: (principal, connectorId) =>
      audited(principal, 'retire', connectorId, async () => {
        await requireAdministrator(principal, connectorId);
        let retired: ConnectorVersion;
        try {
          retired = await store.retire(connectorId);
        } catch (error) {
          throw fromStoreError(error);
        }
        await changed({ action: 'retire', connectorId, version: null });
        return { result: retired, version: retired.version };
      }),
    list: (principal) =>
      audited(principal, 'list', null, async () => {
        if (!isConnectorAdministrator(principal)) throw forbidden(principal, 'the connector registry');
        const latest = await store.latest();
        return { result: latest.filter((version) => mayAdministerConnectors(principal, version.department)) };
      }),
    show: (principal, connectorId) =>
      audited(principal, 'show', connectorId, async () => ({ result: await requireAdministrator(principal, connectorId) })),
  };
}

/**
 * The definitions of the versions active in the store, validated again by `defineConnector`.
 * Throws a `ManifestError` naming the connector when a stored active manifest no longer
 * validates.
 */
export async function activeDefinitions(store: ConnectorRegistryStore): Promise<ConnectorDefinition[]> {
  return (await store.active()).map((version) => defineConnector(version.manifest));
}

function forbidden(principal: Principal, what: string): GovernanceError {
  return new GovernanceError(
    `${principal.subject} (${principal.department || 'no department'}) may not administer ${what}: a connector-admin acts on its own department's connectors, a platform-admin on all`,
    'FORBIDDEN',
    { extensions: { reason: 'not-connector-admin' } },
  );
}

function badInput(message: string, reason: string): GovernanceError {
  return new GovernanceError(message, 'BAD_USER_INPUT', { extensions: { reason } });
}

function fromStoreError(error: unknown): unknown {
  if (!(error instanceof RegistryStoreError)) return error;
  return badInput(error.message, error.code === 'NOT_FOUND' ? 'not-found' : error.code === 'NOT_ACTIVATABLE' ? 'not-activatable' : 'conflict');
}
