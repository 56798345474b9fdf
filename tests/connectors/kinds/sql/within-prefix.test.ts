import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prefixUpperBound, withinPrefixes } from '../../../../connectors/kinds/sql/sql-adapter.ts';

describe('the jurisdiction prefix pushed into SQL', () => {
  const raw = new SQLite(':memory:');
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: raw }) });

  beforeAll(() => {
    raw.exec('create table T_RK (RYBS text, WGBM text); create index T_RK_WGBM on T_RK (WGBM);');
    const insert = raw.prepare('insert into T_RK values (?, ?)');
    for (const [id, code] of [['P1', '310106013001-01'], ['P2', '310106013002-01'], ['P3', '310107001001-01'], ['P4', '3101069'], ['P5', '310106']]) insert.run(id, code);
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('gives the smallest string after every string with the prefix', () => {
    expect(prefixUpperBound('310106')).toBe('310107');
    expect(prefixUpperBound('31010_')).toBe('31010`');
    expect(prefixUpperBound('a\uffff')).toBe('b');
    expect(prefixUpperBound('\uffff\uffff')).toBeUndefined();
    expect(prefixUpperBound('')).toBeUndefined();
  });

  it('searches the column index by range instead of scanning the table', () => {
    const compiled = db.selectFrom('T_RK').selectAll().where(withinPrefixes('WGBM', ['310106013001', '310107'])).compile();
    const plan = raw.prepare(`explain query plan ${compiled.sql}`).all(...(compiled.parameters as unknown[])) as Array<{ detail: string }>;
    const details = plan.map((step) => step.detail).join('\n');
    expect(details).toMatch(/SEARCH T_RK USING INDEX T_RK_WGBM \(WGBM>\? AND WGBM<\?\)/);
    expect(details).not.toMatch(/SCAN T_RK/);
  });

  it('returns exactly the rows that start with one of the prefixes', async () => {
    const ids = async (...prefixes: string[]) =>
      (await db.selectFrom('T_RK').select('RYBS').where(withinPrefixes('WGBM', prefixes)).orderBy('RYBS').execute()).map((row) => row.RYBS);
    expect(await ids('310106')).toEqual(['P1', 'P2', 'P4', 'P5']);
    expect(await ids('310106013001', '310107')).toEqual(['P1', 'P3']);
    expect(await ids('3101060')).toEqual(['P1', 'P2']);
    expect(await ids('')).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
  });
});
