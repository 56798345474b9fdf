import pg from 'pg';
import { AGREEMENTS_CHANNEL, type Agreement, type AgreementFilters, type AgreementStore } from '../../governance/index.ts';
import type { SqlDialectName } from '../../connectors/index.ts';

const ECHO_WAIT_MS = 1_000;

/** Options of {@link cacheAgreements}. */
export interface CacheAgreementsOptions {
  /** The store read through, and whose changes clear the cache. */
  readonly store: AgreementStore;
  /** The store's engine: on PostgreSQL the cache LISTENs on {@link AGREEMENTS_CHANNEL}. */
  readonly dialect: SqlDialectName;
  /** The PostgreSQL URL the dedicated LISTEN connection opens; required on PostgreSQL. */
  readonly databaseUrl?: string;
  /**
   * How often the store's {@link AgreementStore.fingerprint} is compared with the last one,
   * in milliseconds: the catch-all for a missed notification (PostgreSQL), and how a change
   * made by another process (`cityhub agreements revoke`) reaches the hub on SQLite, which
   * has no notifications. @default 30000 on PostgreSQL, 1000 on SQLite
   */
  readonly checkIntervalMs?: number;
  /** The clock the store judges expiry by. @default () => new Date() */
  readonly now?: () => Date;
  /** Where a lost LISTEN connection or a failed check is reported. @default console.warn */
  readonly warn?: (message: string) => void;
}

/** An {@link AgreementStore} that keeps the agreements each request reads in memory. */
export interface CachedAgreementStore extends AgreementStore {
  /** Forgets every cached answer (what a change does). */
  clear(): void;
  /** Stops listening and checking; the store itself stays open. */
  close(): Promise<void>;
}

/**
 * Keeps in memory the agreements in force for each requester department and purpose (what
 * every governed request reads: `list({ requesterDepartment, purpose, status: 'approved' })`),
 * so a request does not read the store. The cache is cleared by the change, not by a timer:
 *
 * - in this process, by every change the store makes ({@link AgreementStore.onChange});
 * - across replicas on PostgreSQL, by the store's announcement on {@link AGREEMENTS_CHANNEL}
 *   (LISTEN on a dedicated connection, reconnected when lost, as the registry sync does);
 * - as a safety net, when the store's fingerprint changed at the periodic check.
 *
 * An answer is also dropped once the first of its agreements expires, so an expired agreement
 * is never served. Every other read and every write goes to the store.
 *
 * ```ts
 * const agreements = await cacheAgreements({ store, dialect: 'postgres', databaseUrl });
 * await agreements.list({ requesterDepartment, purpose, status: 'approved' }); // read once, then from memory
 * ```
 */
export async function cacheAgreements(options: CacheAgreementsOptions): Promise<CachedAgreementStore> {
  const { store } = options;
  const listening = options.dialect === 'postgres';
  if (listening && !options.databaseUrl) throw new TypeError('databaseUrl is required to LISTEN for agreement changes on PostgreSQL');
  const interval = options.checkIntervalMs ?? (listening ? 30_000 : 1_000);
  if (!Number.isInteger(interval) || interval <= 0) throw new TypeError(`checkIntervalMs must be a positive integer, received ${interval}`);
  const now = options.now ?? (() => new Date());
  const warn = options.warn ?? ((message: string) => console.warn(`cityhub: ${message}`));

  // requester department + purpose → the agreements in force, and until when the answer holds.
  // A change clears the map, in-flight reads included, so an answer read before it is never kept.
  const entries = new Map<string, { readonly agreements: Promise<Agreement[]>; until: number }>();
  const clear = () => entries.clear();
  const stopListening = store.onChange(clear);

  const inForce = (filters: AgreementFilters): Promise<Agreement[]> => {
    const key = `${filters.requesterDepartment}\u0000${filters.purpose}`;
    const cached = entries.get(key);
    if (cached && now().getTime() < cached.until) return cached.agreements.then((agreements) => [...agreements]);
    const agreements = store.list(filters);
    const entry = { agreements, until: Number.POSITIVE_INFINITY };
    entries.set(key, entry);
    agreements.then(
      (list) => {
        // Held until the first of them expires.
        entry.until = Math.min(...list.map((agreement) => agreement.validUntil.getTime()));
      },
      () => {
        if (entries.get(key) === entry) entries.delete(key);
      },
    );
    return agreements.then((list) => [...list]);
  };

  let fingerprint: string | undefined;
  const check = async () => {
    const current = await store.fingerprint();
    if (fingerprint !== undefined && current !== fingerprint) clear();
    fingerprint = current;
  };
  await check();
  const timer = setInterval(() => void check().catch((error: unknown) => warn(`the agreement cache check failed: ${(error as Error).message}`)), interval);
  timer.unref();

  // Private: on PostgreSQL a write made through this cache resolves once its announcement came
  // back on the LISTEN connection, so the replicas' listeners have been sent it before the
  // writer's response leaves (at most `ECHO_WAIT_MS`; the periodic check covers the rest).
  const echoes = new Map<string, Array<() => void>>();
  // Announcements may come back before the write's own query answers: the recent ones are kept.
  const recent = new Set<string>();
  const echoed = (id: string) => {
    if (recent.size >= 1_000) recent.clear();
    recent.add(id);
    for (const resolve of echoes.get(id) ?? []) resolve();
    echoes.delete(id);
  };
  const announced = async <T extends { id: string }>(write: () => Promise<T>): Promise<T> => {
    if (!listening || !client) return write();
    let resolveEcho!: () => void;
    const echo = new Promise<void>((resolve) => (resolveEcho = resolve));
    const written = await write();
    if (recent.delete(written.id)) return written;
    echoes.set(written.id, [...(echoes.get(written.id) ?? []), resolveEcho]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([echo, new Promise<void>((resolve) => (timer = setTimeout(resolve, ECHO_WAIT_MS)))]);
    clearTimeout(timer);
    echoes.delete(written.id);
    recent.delete(written.id);
    return written;
  };

  let closed = false;
  let client: pg.Client | undefined;
  let reconnect: NodeJS.Timeout | undefined;
  const listen = async () => {
    const next = new pg.Client({ connectionString: options.databaseUrl });
    next.on('notification', (message) => {
      clear();
      if (message.payload) echoed(message.payload);
    });
    next.on('error', (error) => {
      // Nothing is known about the changes made while no connection listened: forget everything.
      clear();
      warn(`agreement LISTEN connection lost (${error.message}); the periodic check covers the gap, reconnecting`);
      void next.end().catch(() => undefined);
      if (client === next) client = undefined;
      if (!closed) {
        reconnect = setTimeout(() => void listen().catch((failure: unknown) => warn(`agreement LISTEN reconnect failed: ${(failure as Error).message}`)), 1_000);
        reconnect.unref();
      }
    });
    await next.connect();
    await next.query(`LISTEN ${AGREEMENTS_CHANNEL}`);
    client = next;
    clear();
  };
  if (listening) await listen();

  return {
    ...store,
    list(filters = {}) {
      const hot = filters.status === 'approved' && filters.requesterDepartment !== undefined && filters.purpose !== undefined && filters.providerDepartment === undefined && filters.typeName === undefined;
      return hot ? inForce(filters) : store.list(filters);
    },
    request: (input) => announced(() => store.request(input)),
    approve: (id, decision) => announced(() => store.approve(id, decision)),
    reject: (id, decision) => announced(() => store.reject(id, decision)),
    revoke: (id, decision) => announced(() => store.revoke(id, decision)),
    clear,
    async close() {
      closed = true;
      clearInterval(timer);
      clearTimeout(reconnect);
      stopListening();
      await client?.end();
      client = undefined;
    },
  };
}
