import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCsvRecords, type CsvBatch } from '../../../../connectors/kinds/csv/csv-records.ts';
import { formatCsv, writeCsvDrop } from '../../../../connectors/sample-city/simulators/csv-drop.ts';
import { busNetwork, connectBusOperations, type BusConnector } from './bus-operations.ts';

async function readAll(chunks: Iterable<string | Buffer> | AsyncIterable<string | Buffer>, batchRecords?: number) {
  const batches: CsvBatch[] = [];
  for await (const batch of readCsvRecords(chunks, { delimiter: ',', ...(batchRecords ? { batchRecords } : {}) })) batches.push(batch);
  return {
    batches,
    records: batches.flatMap((batch) => batch.records.map((record) => [record.line, ...record.fields])),
    rejected: batches.flatMap((batch) => batch.rejected).sort((a, b) => a.line - b.line),
  };
}

/** Cuts `text` into chunks of `size` characters, splitting lines, CRLFs and quoted fields anywhere. */
function chunked(text: string, size: number): string[] {
  const chunks: string[] = [];
  for (let at = 0; at < text.length; at += size) chunks.push(text.slice(at, at + size));
  return chunks;
}

describe('reading CSV records as the text streams in', () => {
  const text = '\uFEFFid,name\r\n1,"a, b"\r\n\r\n2,"two\r\nlines"\r\n3,"坏"引号\r\n4,"never closed\r\n5,five\r\n6,"say ""hi"""';

  it('gives every record with the line it starts on, however the text is cut into chunks', async () => {
    const whole = await readAll([text]);
    expect(whole.records).toEqual([
      [1, 'id', 'name'],
      [2, '1', 'a, b'],
      [4, '2', 'two\nlines'],
      [8, '5', 'five'],
      [9, '6', 'say "hi"'],
    ]);
    expect(whole.rejected).toEqual([
      { line: 6, reason: expect.stringMatching(/^is not valid CSV \(Invalid Closing Quote/) },
      { line: 7, reason: 'opens a quoted field that is never closed' },
    ]);
    for (const size of [1, 2, 3, 7, 16]) {
      const cut = await readAll(chunked(text, size));
      expect(cut.records).toEqual(whole.records);
      expect(cut.rejected).toEqual(whole.rejected);
    }
  });

  it('hands the records over in batches, a broken record costing only its batch a second reading', async () => {
    const { batches, records, rejected } = await readAll([text], 2);
    // Six records: the second batch (lines 4 and 6) holds the broken one and yields only line 4.
    expect(batches.map((batch) => batch.records.length)).toEqual([2, 1, 2]);
    expect(records.map(([line]) => line)).toEqual([1, 2, 4, 8, 9]);
    expect(rejected.map((rejection) => rejection.line)).toEqual([6, 7]);
  });

  it('rejects only the first line of a broken record spanning several lines, reading its other lines again', async () => {
    const { records, rejected } = await readAll(['id,name\n7,"x"y\nz",8\n9,nine\n']);
    expect(rejected).toEqual([
      { line: 2, reason: expect.stringMatching(/^is not valid CSV/) },
      { line: 3, reason: 'opens a quoted field that is never closed' },
    ]);
    expect(records).toEqual([
      [1, 'id', 'name'],
      [4, '9', 'nine'],
    ]);
  });

  it('refuses a batch size that is not a positive integer', async () => {
    await expect(readAll(['a\n'], 0.5)).rejects.toThrow(new TypeError('batchRecords must be a positive integer, received 0.5'));
  });
});

describe('reloading a large csv drop', () => {
  let dir: string;
  const open: BusConnector[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cityhub-csv-stream-'));
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((connector) => connector.adapter.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps answering queries from the served file while 50,000 GBK rows load, then swaps them in whole', async () => {
    const small = busNetwork(2, 2);
    writeCsvDrop(dir, [small.routes, small.stops]);
    const connector = connectBusOperations(dir);
    open.push(connector);
    const { adapter } = connector;
    await adapter.probe(AbortSignal.timeout(2_000));

    const large = busNetwork(1_000, 50);
    writeFileSync(join(dir, '公交站点.csv'), iconv.encode(formatCsv(large.stops), 'gbk'));
    let reloaded = false;
    const reload = adapter.reload('BusStop').then(() => {
      reloaded = true;
    });
    // Queries of the routes (and of the stops still served) answer while the reload runs.
    const answered: Array<[number, boolean]> = [];
    for (let query = 0; query < 5; query += 1) {
      const stops = await adapter.find({ type: 'BusStop', in: { field: 'stopId', values: ['R001-01'] }, signal: AbortSignal.timeout(2_000) });
      answered.push([stops.length, reloaded]);
    }
    await reload;
    expect(answered.every(([, done]) => !done)).toBe(true);
    expect(answered.every(([rows]) => rows === 1)).toBe(true);
    expect(adapter.health().files.BusStop!.lastLoad).toMatchObject({ rows: 50_000, rejectedCount: 0 });
    expect(await adapter.find({ type: 'BusStop', equals: { routeId: 'R1000' }, signal: AbortSignal.timeout(2_000) })).toHaveLength(50);
  }, 30_000);
});
