import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMqttBroker, type MqttBroker } from '../../../../connectors/sample-city/simulators/mqtt-broker.ts';
import { startMqttSimulator, type SimulatedSensor } from '../../../../connectors/sample-city/simulators/mqtt-simulator.ts';

describe('the MQTT sensor simulator', () => {
  let broker: MqttBroker;
  beforeAll(async () => {
    broker = await startMqttBroker();
  });
  afterAll(async () => {
    await broker.close();
  });

  it('delivers a round of more QoS-1 readings than the 16-bit packet-id space holds', async () => {
    // The city scale's elderly sensors publish about 246,000 readings a round; 65,535 is
    // the most QoS-1 publishes one client can have unacknowledged at once.
    const count = 70_000;
    const sensors: SimulatedSensor[] = Array.from({ length: count }, (_, i) => ({
      topic: `test/flood/${i}`,
      reading: (tick: number) => ({ i, tick }),
    }));
    const listener = await connectAsync(broker.url, { clientId: 'flood-listener' });
    let received = 0;
    listener.on('message', () => {
      received += 1;
    });
    await listener.subscribeAsync('test/flood/#', { qos: 0 });
    const simulator = await startMqttSimulator({ url: broker.url, sensors, intervalMs: 0, retain: false });
    try {
      await expect(simulator.tick()).resolves.toBe(1);
      await expect.poll(() => received, { timeout: 30_000 }).toBe(count);
    } finally {
      await simulator.close();
      await listener.endAsync();
    }
  });
  it('publishes every sensor in the first round, then staggered shares of at most maxReadingsPerRound', async () => {
    const sensors: SimulatedSensor[] = Array.from({ length: 25 }, (_, i) => ({ topic: `test/share/${i}`, reading: (tick: number) => ({ i, tick }) }));
    const listener = await connectAsync(broker.url, { clientId: 'share-listener' });
    const received: Array<{ i: number; tick: number }> = [];
    listener.on('message', (_topic, payload) => received.push(JSON.parse(payload.toString())));
    await listener.subscribeAsync('test/share/#', { qos: 1 });
    const simulator = await startMqttSimulator({ url: broker.url, sensors, intervalMs: 0, retain: false, maxReadingsPerRound: 10 });
    try {
      const round = async (tick: number) => {
        received.length = 0;
        await simulator.tick();
        await expect.poll(() => received.length).toBeGreaterThan(0);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(received.every((reading) => reading.tick === tick)).toBe(true);
        return received.map((reading) => reading.i).sort((a, b) => a - b);
      };
      const all = Array.from({ length: 25 }, (_, i) => i);
      expect(await round(0)).toEqual(all);
      // 25 sensors, at most 10 a round: three shares, each sensor every third round.
      const shares = [await round(1), await round(2), await round(3)];
      expect(shares).toEqual([all.filter((i) => i % 3 === 1), all.filter((i) => i % 3 === 2), all.filter((i) => i % 3 === 0)]);
      expect(shares.every((share) => share.length <= 10)).toBe(true);
    } finally {
      await simulator.close();
      await listener.endAsync();
    }
  });

  it('refuses a maxReadingsPerRound that is not a positive integer', async () => {
    const sensors: SimulatedSensor[] = [{ topic: 'test/bad', reading: () => ({}) }];
    for (const bad of [0, -1, 2.5, Number.NaN]) {
      await expect(startMqttSimulator({ url: broker.url, sensors, maxReadingsPerRound: bad })).rejects.toThrow(`maxReadingsPerRound must be a positive integer, received ${bad}`);
    }
  });

  it('skips a timer tick while a round is still publishing, so slow rounds never pile up', async () => {
    // A round of 20,000 readings takes far longer than the 1 ms interval.
    const sensors: SimulatedSensor[] = Array.from({ length: 20_000 }, (_, i) => ({ topic: `test/slow/${i}`, reading: (tick: number) => ({ i, tick }) }));
    const simulator = await startMqttSimulator({ url: broker.url, sensors, intervalMs: 1, retain: false });
    let started: number;
    try {
      await expect.poll(() => simulator.ticks, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
      started = simulator.ticks;
    } finally {
      const closing = performance.now();
      await simulator.close();
      // Only the round in flight is waited for, not a backlog of one round per millisecond.
      expect(simulator.ticks - started!).toBeLessThanOrEqual(1);
      expect(performance.now() - closing).toBeLessThan(30_000);
    }
  });
});
