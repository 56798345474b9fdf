import { sql, type Kysely } from 'kysely';

// Private: one promise chain per SQLite file, shared by every audit log in this process.
// better-sqlite3 waits for a busy database synchronously, blocking the event loop; if two
// connections of one process contended for the write lock, the waiter would block the holder
// forever (until busy_timeout). Serialising writers of one file inside the process avoids
// that, and SQLite's own lock (BEGIN IMMEDIATE) still serialises writers across processes.
// This is the one module-level state of the audit module, and it holds no data.
const tails = new Map<string, Promise<void>>();

/**
 * Runs `task` while holding this process's write turn on the SQLite file behind `db`
 * (in-memory databases have one connection each, so they need no turn). @internal
 */
export async function withSqliteFileLock<T>(db: Kysely<any>, file: Promise<string>, task: () => Promise<T>): Promise<T> {
  const path = await file;
  if (path === '') return task();
  const previous = tails.get(path) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => mine);
  tails.set(path, tail);
  await previous;
  try {
    return await task();
  } finally {
    release();
    if (tails.get(path) === tail) tails.delete(path);
  }
}

/** The absolute path of the main database file behind `db`, or `''` for an in-memory database. @internal */
export async function sqliteFilePath(db: Kysely<any>): Promise<string> {
  const { rows } = await sql<{ name: string; file: string | null }>`pragma database_list`.execute(db);
  return rows.find((row) => row.name === 'main')?.file ?? '';
}
