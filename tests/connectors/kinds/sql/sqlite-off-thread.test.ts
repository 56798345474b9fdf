import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlDatabase } from '../../../../connectors/kinds/sql/database.ts';
import { callSource } from '../../../../connectors/sdk/call-source.ts';

/** A query SQLite needs a while for: it counts a million generated rows. */
const SLOW = sql<{ n: number }>`with recursive seq(x) as (select 1 union all select x + 1 from seq where x < 1000000) select count(*) as n from seq`;

/** How many times a 5 ms timer fired while `work` ran: none when the event loop was held. */
async function timerTicksDuring(work: () => Promise<unknown>): Promise<number> {
  let ticks = 0;
  const timer = setInterval(() => (ticks += 1), 5);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return ticks;
}

describe('legacy SQLite files read off the event loop', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cityhub-sqlite-off-thread-'));
  const file = join(dir, 'legacy.sqlite');

  beforeAll(() => {
    const raw = new SQLite(file);
    raw.exec('create table T_PARK (GYBH text, GYMC text, JDDM text); create index T_PARK_JDDM on T_PARK (JDDM);');
    const insert = raw.prepare('insert into T_PARK values (?, ?, ?)');
    for (let n = 1; n <= 50; n += 1) insert.run(`GY${String(n).padStart(3, '0')}`, `公园${n}`, n % 2 ? '310106013' : '310107001');
    raw.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers SELECTs with the same rows as on the main thread', async () => {
    const off = openSqlDatabase(`sqlite:${file}`, { readonly: true, offThread: true });
    const on = openSqlDatabase(`sqlite:${file}`, { readonly: true });
    try {
      const query = (db: typeof off.db) => db.selectFrom('T_PARK').selectAll().where('JDDM', '=', '310106013').orderBy('GYBH').execute();
      const rows = await query(off.db);
      expect(rows).toHaveLength(25);
      expect(rows[0]).toEqual({ GYBH: 'GY001', GYMC: '公园1', JDDM: '310106013' });
      expect(rows).toEqual(await query(on.db));
    } finally {
      await off.db.destroy();
      await on.db.destroy();
    }
  });

  it('keeps the event loop turning while a slow query runs (it stood still on the main thread)', async () => {
    const off = openSqlDatabase(`sqlite:${file}`, { readonly: true, offThread: true });
    const on = openSqlDatabase(`sqlite:${file}`, { readonly: true });
    try {
      await SLOW.execute(off.db); // the worker is started and warm
      const offTicks = await timerTicksDuring(async () => expect((await SLOW.execute(off.db)).rows).toEqual([{ n: 1_000_000 }]));
      const onTicks = await timerTicksDuring(() => SLOW.execute(on.db));
      expect(onTicks).toBeLessThanOrEqual(1);
      expect(offTicks).toBeGreaterThan(5);
    } finally {
      await off.db.destroy();
      await on.db.destroy();
    }
  });

  it('times a slow query out at the connector timeout, not when the query ends', async () => {
    const off = openSqlDatabase(`sqlite:${file}`, { readonly: true, offThread: true });
    try {
      const started = performance.now();
      const slowest = sql`with recursive seq(x) as (select 1 union all select x + 1 from seq where x < 5000000) select count(*) as n from seq`;
      await expect(callSource('parks', 100, () => slowest.execute(off.db))).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
      expect(performance.now() - started).toBeLessThan(1_000);
    } finally {
      await off.db.destroy();
    }
  });

  it('closes the last database after the queries still running, its timed-out caller left alone', async () => {
    const off = openSqlDatabase(`sqlite:${file}`, { readonly: true, offThread: true });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await expect(callSource('parks', 20, () => SLOW.execute(off.db))).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
      // The query is still running on its worker: closing waits for it, then ends the threads.
      await off.db.destroy();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    // A database opened afterwards starts new threads.
    const again = openSqlDatabase(`sqlite:${file}`, { readonly: true, offThread: true });
    try {
      expect(await again.db.selectFrom('T_PARK').select('GYBH').where('GYBH', '=', 'GY001').execute()).toEqual([{ GYBH: 'GY001' }]);
    } finally {
      await again.db.destroy();
    }
  });

  it('gives a call that fails after its timeout no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const late = () => new Promise<never>((_, reject) => setTimeout(() => reject(new Error('socket closed')), 100));
      await expect(callSource('parks', 20, late)).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(unhandled).toEqual([]);
      // A call that throws at once still becomes the connector's error.
      await expect(callSource('parks', 1_000, () => { throw new Error('boom'); })).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('refuses writes and transactions, naming the file', async () => {
    const off = openSqlDatabase(`sqlite:${file}`, { readonly: true, offThread: true });
    try {
      await expect(off.db.insertInto('T_PARK').values({ GYBH: 'GY999', GYMC: 'x', JDDM: '310106013' }).execute()).rejects.toThrow(/read-only/);
      await expect(off.db.transaction().execute(async () => undefined)).rejects.toThrow(`${file} is opened read-only: it takes no transactions`);
      expect(await off.db.selectFrom('T_PARK').select('GYBH').where('GYBH', '=', 'GY050').execute()).toEqual([{ GYBH: 'GY050' }]);
    } finally {
      await off.db.destroy();
    }
  });

  it('reports a missing file and bad SQL as errors of the query', async () => {
    const missing = openSqlDatabase(`sqlite:${join(dir, 'absent.sqlite')}`, { readonly: true, offThread: true });
    const off = openSqlDatabase(`sqlite:${file}`, { readonly: true, offThread: true });
    try {
      await expect(missing.db.selectFrom('T_PARK').selectAll().execute()).rejects.toThrow(/unable to open database file/);
      await expect(off.db.selectFrom('T_NO_SUCH_TABLE').selectAll().execute()).rejects.toThrow(/no such table: T_NO_SUCH_TABLE/);
    } finally {
      await missing.db.destroy();
      await off.db.destroy();
    }
  });

  it('is only for read-only files', () => {
    expect(() => openSqlDatabase(`sqlite:${file}`, { offThread: true })).toThrow(/offThread runs the queries of a read-only SQLite file, received "sqlite:.*" without readonly/);
    expect(() => openSqlDatabase('sqlite::memory:', { readonly: true, offThread: true })).toThrow(/offThread runs the queries of a read-only SQLite file/);
  });
});
