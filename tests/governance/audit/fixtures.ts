/**
 * Shared helpers of the audit suites: entry inputs, and a way to tamper with the stored log
 * (which the append-only triggers refuse) so that verification can be proven.
 */
import { sql, type Kysely } from 'kysely';
import type { AuditEntryInput, AuditSourceAccess } from '../../../governance/audit/audit-entry.ts';

/** A source access with sensible defaults. */
export function source(overrides: Partial<AuditSourceAccess> = {}): AuditSourceAccess {
  return {
    system: 'civil-affairs.residents',
    fieldsRead: ['Person.name', 'Person.phone'],
    rowsReturned: 2,
    personalKeys: ['P-0001', 'P-0002'],
    rowsFiltered: 0,
    fieldsMasked: ['Person.phone'],
    fieldsDenied: [],
    conditionalFields: [],
    agreementIds: [],
    outcome: 'ok',
    latencyMs: 3.5,
    ...overrides,
  };
}

let counter = 0;

/** An entry input with sensible defaults and a unique request id. */
export function entryInput(overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
  counter += 1;
  return {
    requestId: `req-${counter}`,
    occurredAt: new Date('2025-03-03T02:00:00.000Z'),
    principal: 'wang.li',
    department: 'civil-affairs',
    purpose: 'social-assistance',
    operationName: 'ResidentLookup',
    operationHash: 'a'.repeat(64),
    outcome: 'ok',
    latencyMs: 12,
    sources: [source()],
    ...overrides,
  };
}

const TABLES = ['cityhub_audit_entries', 'cityhub_audit_sources', 'cityhub_audit_personal_keys'];
// The tables of the Merkle tree, its checkpoints and the pruned prefix, append-only too.
const TREE_TABLES = ['cityhub_audit_tree_nodes', 'cityhub_audit_checkpoints', 'cityhub_audit_cosignatures', 'cityhub_audit_pruned'];

/** Runs raw statements against the log with the append-only triggers out of the way (test code only). */
export async function tamper(db: Kysely<any>, dialect: 'sqlite' | 'postgres', statements: readonly string[]): Promise<void> {
  await db.connection().execute(async (connection) => {
    if (dialect === 'postgres') {
      // As a superuser: no triggers fire (neither ours nor the foreign-key ones) in replica mode.
      await sql.raw('SET session_replication_role = replica').execute(connection);
    } else {
      await sql.raw('PRAGMA foreign_keys = OFF').execute(connection);
      for (const table of [...TABLES, ...TREE_TABLES]) {
        for (const operation of ['update', 'delete']) await sql.raw(`DROP TRIGGER IF EXISTS ${table}_no_${operation}`).execute(connection);
      }
    }
    try {
      for (const statement of statements) await sql.raw(statement).execute(connection);
    } finally {
      await sql.raw(dialect === 'postgres' ? 'RESET session_replication_role' : 'PRAGMA foreign_keys = ON').execute(connection);
    }
  });
}

/** Statements that move entries with seq >= `from` by `by` (in all three tables) without key clashes. */
export function shiftSeqs(from: number, by: number): string[] {
  return TABLES.flatMap((table) => [
    `UPDATE ${table} SET seq = seq + 1000000 WHERE seq >= ${from}`,
    `UPDATE ${table} SET seq = seq - 1000000 + ${by} WHERE seq >= 1000000`,
  ]);
}

/** Statements that delete entry `seq` from all three tables. */
export function deleteSeq(seq: number): string[] {
  return [...TABLES].reverse().map((table) => `DELETE FROM ${table} WHERE seq = ${seq}`);
}

/** Statements that swap the seqs of two entries in all three tables. */
export function swapSeqs(a: number, b: number): string[] {
  return TABLES.flatMap((table) => [
    `UPDATE ${table} SET seq = -1 WHERE seq = ${a}`,
    `UPDATE ${table} SET seq = ${a} WHERE seq = ${b}`,
    `UPDATE ${table} SET seq = ${b} WHERE seq = -1`,
  ]);
}

/** The number of rows in an audit table. */
export async function countRows(db: Kysely<any>, table: string): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Holds the PostgreSQL chain lock on `db` in a long transaction, as another replica stuck
 * mid-batch would; resolves once it is held, with the function that releases it.
 */
export async function holdChainLock(db: Kysely<any>): Promise<() => Promise<void>> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holder = db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${0x63697479}, ${0x61756469})`.execute(trx);
    locked();
    await held;
  });
  await Promise.race([isLocked, holder]);
  return async () => {
    release();
    await holder;
  };
}
