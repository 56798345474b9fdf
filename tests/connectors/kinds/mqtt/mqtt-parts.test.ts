import { describe, expect, it } from 'vitest';
import { createRowStream, isAlarm, topicMatches } from '../../../../connectors/kinds/mqtt/index.ts';

describe('MQTT topic filters', () => {
  it('matches single-level and multi-level wildcards as MQTT does', () => {
    expect(topicMatches('city/water/level/+/reading', 'city/water/level/SW0001/reading')).toBe(true);
    expect(topicMatches('city/water/level/+/reading', 'city/water/level/SW0001/status')).toBe(false);
    expect(topicMatches('city/water/level/+/reading', 'city/water/level/reading')).toBe(false);
    expect(topicMatches('city/water/#', 'city/water')).toBe(true);
    expect(topicMatches('city/water/#', 'city/water/level/SW1/reading')).toBe(true);
    expect(topicMatches('city/water', 'city/water/level')).toBe(false);
    expect(topicMatches('+/water', '$SYS/water')).toBe(false);
  });
});

describe('alarm rules', () => {
  const rule = { flag: 'BJ', above: { SW: 6 }, below: { DY: 3.3 } };
  it('raises on the flag, above and below thresholds, and not otherwise', () => {
    expect(isAlarm(rule, { BJ: 1, SW: 1 })).toBe(true);
    expect(isAlarm(rule, { BJ: 'true' })).toBe(true);
    expect(isAlarm(rule, { BJ: 0, SW: 6.01 })).toBe(true);
    expect(isAlarm(rule, { BJ: 0, SW: '6.5' })).toBe(true);
    expect(isAlarm(rule, { BJ: 0, SW: 6, DY: 3.2 })).toBe(true);
    expect(isAlarm(rule, { BJ: 0, SW: 6, DY: 3.3 })).toBe(false);
    expect(isAlarm(rule, { BJ: 'no', SW: 'high' })).toBe(false);
  });
});

describe('row streams', () => {
  it('delivers pushed values in order, then done after end', async () => {
    const stream = createRowStream<number>();
    const iterator = stream[Symbol.asyncIterator]();
    const first = iterator.next();
    stream.push(1);
    stream.push(2);
    stream.end();
    stream.push(3);
    expect(await first).toEqual({ value: 1, done: false });
    expect(await iterator.next()).toEqual({ value: 2, done: false });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('drops the oldest values beyond maxQueued for a slow consumer', async () => {
    const stream = createRowStream<number>({ maxQueued: 2 });
    for (const value of [1, 2, 3, 4]) stream.push(value);
    stream.end();
    const got: number[] = [];
    for await (const value of stream) got.push(value);
    expect(got).toEqual([3, 4]);
  });

  it('calls onEnd once when the consumer stops', async () => {
    let ended = 0;
    const stream = createRowStream<number>({ onEnd: () => (ended += 1) });
    for await (const value of (stream.push(1), stream)) {
      expect(value).toBe(1);
      break;
    }
    stream.end();
    expect(ended).toBe(1);
  });

  it('refuses a maxQueued that is not a positive integer', () => {
    expect(() => createRowStream({ maxQueued: 0 })).toThrow(new TypeError('maxQueued must be a positive integer, received 0'));
  });
});
