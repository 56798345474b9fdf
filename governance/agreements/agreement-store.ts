import { agreementRowProblem, type MalformedAgreementRow } from './malformed-agreement.ts';
import { randomUUID } from 'node:crypto';
import { PostgresAdapter, sql, type Kysely, type Selectable } from 'kysely';
import { GovernanceError } from '../../schema/index.ts';
import { isGovernmentPrincipal, type Principal } from '../identity/principal.ts';
import type { Agreement, AgreementStatus } from './agreement.ts';
import { AGREEMENTS_TABLE, migrateAgreements } from './agreement-migrations.ts';
import { badInput, normalizeAgreementRequest, type AgreementRequest } from './agreement-request.ts';

/** Options of {@link createAgreementStore}. */
export interface AgreementStoreOptions {
  /** The database (SQLite or PostgreSQL) the agreements live in. */
  readonly db: Kysely<any>;
  /** The clock every expiry and validity check reads; inject one in tests. @default () => new Date() */
  readonly now?: () => Date;
  /** Run the agreement migrations before the first operation. @default true */
  readonly migrate?: boolean;
  /**
   * Called when a read skips a stored row that cannot be read (see `agreementRowProblem`),
   * once per row id until the row changes. @default a one-line warning on stderr
   */
  readonly onMalformedRow?: (row: MalformedAgreementRow) => void;
}

/** The approving principal and an optional note. */
export interface ApproveAgreementOptions {
  /** Must belong to the providing department. */
  readonly by: Principal;
  readonly note?: string;
}

/** The deciding principal and why (required). */
export interface RejectAgreementOptions {
  /** Must belong to the providing department. */
  readonly by: Principal;
  readonly reason: string;
}

/** The revoking principal and why (required). */
export type RevokeAgreementOptions = RejectAgreementOptions;

/** Which agreements {@link AgreementStore.list} returns; every filter given must match. */
export interface AgreementFilters {
  readonly status?: AgreementStatus;
  readonly requesterDepartment?: string;
  readonly providerDepartment?: string;
  readonly typeName?: string;
  readonly purpose?: string;
}

/** Which agreements are in force for a read. */
export interface ActiveAgreementQuery {
  readonly requesterDepartment: string;
  readonly providerDepartment: string;
  readonly typeName: string;
  readonly purpose: string;
  /** The moment of the read. @default the store's clock */
  readonly at?: Date;
}

/**
 * Data-sharing agreements through kysely: requested by one department, decided by the
 * department that holds the data, expiring at `validUntil`, revocable at once.
 */
export interface AgreementStore {
  /** Records a request as `pending`. Only the requesting department may ask for itself. */
  request(input: AgreementRequest): Promise<Agreement>;
  /** Approves a `pending` agreement; only the providing department may. */
  approve(id: string, options: ApproveAgreementOptions): Promise<Agreement>;
  /** Rejects a `pending` agreement with a reason; only the providing department may. */
  reject(id: string, options: RejectAgreementOptions): Promise<Agreement>;
  /** Revokes an `approved` agreement with a reason, effective immediately; only the providing department may. */
  revoke(id: string, options: RevokeAgreementOptions): Promise<Agreement>;
  /** One agreement, or `null` when no agreement has the id. */
  get(id: string): Promise<Agreement | null>;
  /** The agreements matching every filter given, oldest request first. */
  list(filters?: AgreementFilters): Promise<Agreement[]>;
  /** The agreements in force for a read: approved, not revoked, `validFrom <= at < validUntil`. */
  activeFor(query: ActiveAgreementQuery): Promise<Agreement[]>;
  /** Runs the migrations now (otherwise they run before the first operation). */
  migrate(): Promise<void>;
  /**
   * The stored rows the last reads skipped because they cannot be read (a malformed
   * `fields`, an unknown status, a date that is not one), for `/readyz`. `list` and
   * `activeFor` serve the other agreements; `get` of such a row throws a `TypeError` naming it.
   */
  malformedRows(): readonly MalformedAgreementRow[];
  /**
   * Calls `listener` after every change this store makes (a request, a decision, a
   * revocation); returns the function that stops it. On PostgreSQL every change is also
   * announced to the other processes on {@link AGREEMENTS_CHANNEL}.
   */
  onChange(listener: () => void): () => void;
  /**
   * A short text that differs whenever the stored agreements differ from an earlier call's
   * (their number and latest request, decision and revocation times), for caches that check
   * now and then for a change a notification did not bring.
   */
  fingerprint(): Promise<string>;
}

/** The PostgreSQL channel every agreement change is announced on (`pg_notify`, payload the agreement id). */
export const AGREEMENTS_CHANNEL = 'cityhub_agreements';

/** The stored row. @internal */
interface AgreementTable {
  id: string;
  requester_department: string;
  provider_department: string;
  type_name: string;
  fields: string;
  purpose: string;
  valid_from: string;
  valid_until: string;
  status: 'pending' | 'approved' | 'rejected' | 'revoked';
  requested_by: string;
  reason: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  revoked_by: string | null;
  revoked_at: string | null;
  revocation_reason: string | null;
}

interface AgreementDatabase {
  [AGREEMENTS_TABLE]: AgreementTable;
}

type AgreementRow = Selectable<AgreementTable>;

/**
 * Creates the agreement store on a kysely database (SQLite or PostgreSQL; the same
 * migrations run on both, see `migrateAgreements`).
 *
 * Throws a `TypeError` naming the option when `db` is not a kysely instance or `now` is not
 * a function. Operations throw `GovernanceError`s: `BAD_USER_INPUT` naming the field for
 * a bad request or an impossible transition, `FORBIDDEN` when the acting principal's
 * department may not act.
 *
 * ```ts
 * const agreements = createAgreementStore({ db });
 * const pending = await agreements.request({
 *   requesterDepartment: 'Civil Affairs Bureau',
 *   providerDepartment: 'Health Commission',
 *   typeName: 'Resident',
 *   fields: ['phone', 'chronicConditions'],
 *   purpose: 'elderly-care',
 *   validFrom: new Date(),
 *   validUntil: '2031-01-01T00:00:00Z',
 *   requestedBy: caseWorker,
 *   reason: 'Home visits to residents over 80 living alone',
 * });
 * await agreements.approve(pending.id, { by: healthOfficer, note: 'Approved for 2030' });
 * ```
 */
export function createAgreementStore(options: AgreementStoreOptions): AgreementStore {
  const candidate = options?.db as { selectFrom?: unknown; schema?: unknown } | undefined;
  if (!candidate || typeof candidate.selectFrom !== 'function' || typeof candidate.schema !== 'object') {
    throw new TypeError(`db must be a Kysely instance, received ${describe(options?.db)}`);
  }
  const now = options.now ?? (() => new Date());
  if (typeof now !== 'function') throw new TypeError(`now must be a function returning a Date, received ${describe(now)}`);
  const malformed = new Map<string, MalformedAgreementRow>();
  const onMalformedRow =
    options.onMalformedRow ?? ((row: MalformedAgreementRow) => console.warn(`cityhub: agreement ${row.id ?? '(no id)'} skipped: ${row.problem}`));
  // Private: the readable agreements of `rows`; the others are reported and skipped.
  const readable = (rows: readonly AgreementRow[], at: Date): Agreement[] => {
    const agreements: Agreement[] = [];
    for (const row of rows) {
      const problem = agreementRowProblem(row as unknown as Record<string, unknown>);
      const id = typeof row.id === 'string' ? row.id : null;
      if (problem === undefined) {
        if (id !== null) malformed.delete(id);
        agreements.push(toAgreement(row, at));
        continue;
      }
      const report = { id, problem, seenAt: new Date().toISOString() };
      const previous = malformed.get(String(id));
      malformed.set(String(id), report);
      if (previous?.problem !== problem) onMalformedRow(report);
    }
    return agreements;
  };
  const shouldMigrate = options.migrate ?? true;
  if (typeof shouldMigrate !== 'boolean') throw new TypeError(`migrate must be a boolean, received ${describe(shouldMigrate)}`);

  const db = options.db as Kysely<AgreementDatabase>;
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const listeners = new Set<() => void>();
  // Private: after a committed change, tells this process's listeners and, on PostgreSQL, the others.
  const changed = async (id: string): Promise<void> => {
    for (const listener of listeners) listener();
    if (postgres) await sql`SELECT pg_notify(${AGREEMENTS_CHANNEL}, ${id})`.execute(db);
  };
  let migrated: Promise<void> | undefined;
  const ready = () => (shouldMigrate ? (migrated ??= migrateAgreements(options.db)) : Promise.resolve());

  async function load(id: string): Promise<AgreementRow> {
    await ready();
    if (typeof id !== 'string' || id === '') throw badInput('id', 'must be an agreement id', id);
    const row = await db.selectFrom(AGREEMENTS_TABLE).selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw badInput('id', 'must name an existing agreement', id);
    return row;
  }

  // Private: checks the acting principal may decide for the providing department.
  function assertProvider(row: AgreementRow, by: Principal, action: string): void {
    if (!by || !isGovernmentPrincipal(by) || by.department !== row.provider_department) {
      throw new GovernanceError(
        `only the providing department "${row.provider_department}" may ${action} agreement ${row.id}, not ${JSON.stringify(by?.department ?? '')}`,
        'FORBIDDEN',
        { extensions: { agreementId: row.id } },
      );
    }
  }

  function assertStatus(row: AgreementRow, at: Date, expected: AgreementStatus, action: string): void {
    const status = statusAt(row, at);
    if (status !== expected) {
      throw new GovernanceError(
        `only ${expected === 'approved' ? 'an' : 'a'} ${expected} agreement can be ${action}; agreement ${row.id} is ${status}`,
        'BAD_USER_INPUT',
        { extensions: { field: 'id', agreementId: row.id, status } },
      );
    }
  }

  // Private: the update only applies while the row is still in the status checked, so two
  // deciders racing cannot both win; the loser re-reads and gets the clear error.
  async function transition(
    id: string,
    by: Principal,
    from: 'pending' | 'approved',
    verb: 'approve' | 'reject' | 'revoke',
    changes: (at: string) => Partial<AgreementTable>,
  ): Promise<Agreement> {
    const row = await load(id);
    const at = now();
    const action = PAST_TENSE[verb];
    assertProvider(row, by, verb);
    assertStatus(row, at, from, action);
    const iso = at.toISOString();
    const result = await db
      .updateTable(AGREEMENTS_TABLE)
      .set(changes(iso))
      .where('id', '=', id)
      .where('status', '=', from)
      .where('valid_until', '>', iso)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      assertStatus(await load(id), now(), from, action);
    }
    await changed(id);
    return toAgreement(await load(id), now());
  }

  return {
    migrate: ready,

    async request(input) {
      await ready();
      const at = now();
      const request = normalizeAgreementRequest(input, at);
      const by = request.requestedBy;
      if (!by || !isGovernmentPrincipal(by) || by.department !== request.requesterDepartment) {
        throw new GovernanceError(
          `only a member of "${request.requesterDepartment}" may request an agreement for it, not ${JSON.stringify(by?.department ?? '')}`,
          'FORBIDDEN',
        );
      }
      const row: AgreementTable = {
        id: randomUUID(),
        requester_department: request.requesterDepartment,
        provider_department: request.providerDepartment,
        type_name: request.typeName,
        fields: JSON.stringify(request.fields),
        purpose: request.purpose,
        valid_from: request.validFrom.toISOString(),
        valid_until: request.validUntil.toISOString(),
        status: 'pending',
        requested_by: by.subject,
        reason: request.reason,
        requested_at: at.toISOString(),
        decided_by: null,
        decided_at: null,
        decision_note: null,
        revoked_by: null,
        revoked_at: null,
        revocation_reason: null,
      };
      await db.insertInto(AGREEMENTS_TABLE).values(row).execute();
      await changed(row.id);
      return toAgreement(row, at);
    },

    approve(id, { by, note } = {} as ApproveAgreementOptions) {
      if (note !== undefined && typeof note !== 'string') return Promise.reject(badInput('note', 'must be a string when given', note));
      return transition(id, by, 'pending', 'approve', (at) => ({
        status: 'approved',
        decided_by: by.subject,
        decided_at: at,
        decision_note: note === undefined || note.trim() === '' ? null : note.trim(),
      }));
    },

    reject(id, { by, reason } = {} as RejectAgreementOptions) {
      if (typeof reason !== 'string' || reason.trim() === '') {
        return Promise.reject(badInput('reason', 'must say why the agreement is rejected', reason));
      }
      return transition(id, by, 'pending', 'reject', (at) => ({
        status: 'rejected',
        decided_by: by.subject,
        decided_at: at,
        decision_note: reason.trim(),
      }));
    },

    revoke(id, { by, reason } = {} as RevokeAgreementOptions) {
      if (typeof reason !== 'string' || reason.trim() === '') {
        return Promise.reject(badInput('reason', 'must say why the agreement is revoked', reason));
      }
      return transition(id, by, 'approved', 'revoke', (at) => ({
        status: 'revoked',
        revoked_by: by.subject,
        revoked_at: at,
        revocation_reason: reason.trim(),
      }));
    },

    async get(id) {
      await ready();
      const row = await db.selectFrom(AGREEMENTS_TABLE).selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      const problem = agreementRowProblem(row as unknown as Record<string, unknown>);
      if (problem) throw new TypeError(`agreement ${JSON.stringify(id)} cannot be read from the store: ${problem}`);
      return toAgreement(row, now());
    },

    async list(filters = {}) {
      await ready();
      let query = db.selectFrom(AGREEMENTS_TABLE).selectAll();
      if (filters.requesterDepartment !== undefined) query = query.where('requester_department', '=', filters.requesterDepartment);
      if (filters.providerDepartment !== undefined) query = query.where('provider_department', '=', filters.providerDepartment);
      if (filters.typeName !== undefined) query = query.where('type_name', '=', filters.typeName);
      if (filters.purpose !== undefined) query = query.where('purpose', '=', filters.purpose);
      const rows = await query.orderBy('requested_at').orderBy('id').execute();
      const at = now();
      const agreements = readable(rows, at);
      return filters.status === undefined ? agreements : agreements.filter((agreement) => agreement.status === filters.status);
    },

    async activeFor(query) {
      await ready();
      const at = (query.at ?? now()).toISOString();
      const rows = await db
        .selectFrom(AGREEMENTS_TABLE)
        .selectAll()
        .where('requester_department', '=', query.requesterDepartment)
        .where('provider_department', '=', query.providerDepartment)
        .where('type_name', '=', query.typeName)
        .where('purpose', '=', query.purpose)
        .where('status', '=', 'approved')
        .where('valid_from', '<=', at)
        .where('valid_until', '>', at)
        .orderBy('requested_at')
        .orderBy('id')
        .execute();
      return readable(rows, new Date(at));
    },

    malformedRows: () => [...malformed.values()],

    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },

    async fingerprint() {
      await ready();
      const row = await db
        .selectFrom(AGREEMENTS_TABLE)
        .select((eb) => [
          eb.fn.countAll().as('count'),
          eb.fn.max('requested_at').as('requested'),
          eb.fn.max('decided_at').as('decided'),
          eb.fn.max('revoked_at').as('revoked'),
        ])
        .executeTakeFirstOrThrow();
      return [row.count, row.requested, row.decided, row.revoked].map((value) => String(value ?? '')).join('|');
    },
  };
}

const PAST_TENSE = { approve: 'approved', reject: 'rejected', revoke: 'revoked' } as const;

// Private: pending and approved agreements expire at validUntil; the others keep their status.
function statusAt(row: AgreementTable, at: Date): AgreementStatus {
  if ((row.status === 'pending' || row.status === 'approved') && at.toISOString() >= row.valid_until) return 'expired';
  return row.status;
}

function toAgreement(row: AgreementTable, at: Date): Agreement {
  const date = (value: string | null) => (value === null ? null : new Date(value));
  return {
    id: row.id,
    requesterDepartment: row.requester_department,
    providerDepartment: row.provider_department,
    typeName: row.type_name,
    fields: Object.freeze(JSON.parse(row.fields) as string[]),
    purpose: row.purpose,
    validFrom: new Date(row.valid_from),
    validUntil: new Date(row.valid_until),
    status: statusAt(row, at),
    requestedBy: row.requested_by,
    reason: row.reason,
    requestedAt: new Date(row.requested_at),
    decidedBy: row.decided_by,
    decidedAt: date(row.decided_at),
    decisionNote: row.decision_note,
    revokedBy: row.revoked_by,
    revokedAt: date(row.revoked_at),
    revocationReason: row.revocation_reason,
  };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'})`;
  return JSON.stringify(value) ?? String(value);
}
