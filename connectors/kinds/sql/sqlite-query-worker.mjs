// A worker thread of the off-thread SQLite pool (sqlite-worker-pool.ts): it runs the read-only
// queries of legacy SQLite files, so a slow one never holds the hub's event loop. Plain
// JavaScript, so it starts the same under tsx, vitest and node. Each message is
// { id, file, sql, parameters } (answered { id, rows } or { id, error }) or { id, close: file }.
import { parentPort } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const databases = new Map();

function open(file) {
  let entry = databases.get(file);
  if (!entry) {
    const db = new SQLite(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    entry = { db, statements: new Map() };
    databases.set(file, entry);
  }
  return entry;
}

function run(file, sql, parameters) {
  const entry = open(file);
  let statement = entry.statements.get(sql);
  if (!statement) {
    statement = entry.db.prepare(sql);
    // The shapes of a connector's queries repeat; a bounded cache keeps the prepared ones.
    if (entry.statements.size >= 256) entry.statements.delete(entry.statements.keys().next().value);
    entry.statements.set(sql, statement);
  }
  if (!statement.reader) throw new TypeError(`off-thread SQLite is read-only: "${sql.slice(0, 60)}" returns no rows`);
  return statement.all(parameters);
}

parentPort.on('message', (message) => {
  try {
    if (message.close !== undefined) {
      databases.get(message.close)?.db.close();
      databases.delete(message.close);
      parentPort.postMessage({ id: message.id, rows: [] });
      return;
    }
    parentPort.postMessage({ id: message.id, rows: run(message.file, message.sql, message.parameters) });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: { message: error?.message ?? String(error), code: error?.code, name: error?.name } });
  }
});
