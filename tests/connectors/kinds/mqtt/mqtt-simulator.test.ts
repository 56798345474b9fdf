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
});
