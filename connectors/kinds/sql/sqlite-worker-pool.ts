import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

/** What a worker answers to one message. */
interface WorkerAnswer {
  readonly id: number;
  readonly rows?: unknown[];
  readonly error?: { readonly message: string; readonly code?: string; readonly name?: string };
}

interface Pending {
  readonly resolve: (rows: unknown[]) => void;
  readonly reject: (error: Error) => void;
  /** Resolves when the query is answered either way. */
  readonly settled: Promise<void>;
}

/** One worker thread and the queries it has not answered yet. */
class QueryWorker {
  readonly pending = new Map<number, Pending>();
  readonly worker: Worker;
  private failed: Error | undefined;

  constructor(private readonly onExit: (worker: QueryWorker) => void) {
    this.worker = new Worker(new URL('./sqlite-query-worker.mjs', import.meta.url));
    this.worker.unref();
    this.worker.on('message', (answer: WorkerAnswer) => {
      const pending = this.pending.get(answer.id);
      if (!pending) return;
      this.pending.delete(answer.id);
      if (this.pending.size === 0) this.worker.unref();
      if (answer.error) pending.reject(Object.assign(new Error(answer.error.message), { name: answer.error.name ?? 'Error', code: answer.error.code }));
      else pending.resolve(answer.rows ?? []);
    });
    this.worker.on('error', (error) => {
      this.failed = error;
    });
    this.worker.on('exit', (code) => {
      const reason = this.failed ?? new Error(`the SQLite query worker exited (code ${code})`);
      for (const pending of this.pending.values()) pending.reject(reason);
      this.pending.clear();
      this.onExit(this);
    });
  }

  /** Resolves once every query sent so far is answered (or failed). */
  async drained(): Promise<void> {
    await Promise.allSettled([...this.pending.values()].map((pending) => pending.settled));
  }

  send(id: number, message: object): Promise<unknown[]> {
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: (rows) => (settle(), resolve(rows)),
        reject: (error) => (settle(), reject(error)),
        settled,
      });
      // A worker with queries in flight keeps the process alive until it answers them.
      this.worker.ref();
      this.worker.postMessage({ id, ...message });
    });
  }
}

/**
 * The threads that run the queries of read-only SQLite files (legacy systems) for every
 * `sql` connector of the process: as many as the machine has cores, at most two, started
 * on first use and ended when the last database using them closes. A query goes to the
 * worker with the fewest queries in flight. better-sqlite3 is synchronous, so on the main
 * thread a query of a million rows stalled every request of the hub, `/healthz` included.
 */
class SqliteWorkerPool {
  private readonly workers: QueryWorker[] = [];
  private readonly users = new Map<string, number>();
  private nextId = 1;

  constructor(private readonly size: number) {}

  retain(file: string): void {
    this.users.set(file, (this.users.get(file) ?? 0) + 1);
  }

  async release(file: string): Promise<void> {
    const count = (this.users.get(file) ?? 0) - 1;
    if (count > 0) {
      this.users.set(file, count);
      return;
    }
    this.users.delete(file);
    const workers = [...this.workers];
    if (this.users.size === 0) {
      this.workers.length = 0;
      // Queries still running (one whose caller already timed out) are answered first.
      await Promise.all(workers.map((w) => w.drained().then(() => w.worker.terminate())));
      return;
    }
    await Promise.all(workers.map((w) => w.send(this.nextId++, { close: file })));
  }

  query(file: string, sql: string, parameters: readonly unknown[]): Promise<unknown[]> {
    return this.pick().send(this.nextId++, { file, sql, parameters });
  }

  private pick(): QueryWorker {
    let best: QueryWorker | undefined;
    for (const worker of this.workers) if (!best || worker.pending.size < best.pending.size) best = worker;
    if (best && (best.pending.size === 0 || this.workers.length >= this.size)) return best;
    const worker = new QueryWorker((exited) => {
      const index = this.workers.indexOf(exited);
      if (index >= 0) this.workers.splice(index, 1);
    });
    this.workers.push(worker);
    return worker;
  }
}

const pool = new SqliteWorkerPool(Math.max(1, Math.min(2, availableParallelism())));

/**
 * A kysely dialect for a SQLite file the hub only reads, its queries run by the shared
 * worker pool: the event loop goes on serving while a legacy query runs. SELECTs only;
 * transactions and writes are refused with an error naming the file.
 *
 * ```ts
 * const db = new Kysely({ dialect: new SqliteWorkerDialect('/data/legacy/parks.sqlite') });
 * ```
 */
export class SqliteWorkerDialect implements Dialect {
  constructor(private readonly file: string) {}

  createDriver(): Driver {
    const file = this.file;
    let retained = false;
    const connection: DatabaseConnection = {
      async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
        return { rows: (await pool.query(file, compiled.sql, compiled.parameters)) as R[] };
      },
      // eslint-disable-next-line require-yield
      async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
        throw new TypeError(`the read-only SQLite file ${file} does not stream queries`);
      },
    };
    const noTransactions = async () => {
      throw new TypeError(`the legacy SQLite file ${file} is opened read-only: it takes no transactions`);
    };
    return {
      async init() {
        pool.retain(file);
        retained = true;
      },
      acquireConnection: async () => connection,
      releaseConnection: async () => {},
      beginTransaction: noTransactions,
      commitTransaction: noTransactions,
      rollbackTransaction: noTransactions,
      async destroy() {
        if (!retained) return;
        retained = false;
        await pool.release(file);
      },
    };
  }

  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }

  createAdapter() {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}
