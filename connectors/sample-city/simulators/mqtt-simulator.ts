import { connectAsync, type MqttClient } from 'mqtt';

/** One simulated sensor: where it publishes and what it reads at each tick. */
export interface SimulatedSensor {
  /** The topic the sensor publishes on, such as `city/water/level/SW0001/reading`. */
  readonly topic: string;
  /** The legacy JSON payload of reading number `tick` (0, 1, 2…); deterministic. */
  reading(tick: number): Readonly<Record<string, unknown>>;
}

/** Options of {@link startMqttSimulator}. */
export interface MqttSimulatorOptions {
  /** The broker to publish to, such as {@link startMqttBroker}'s `url`. */
  readonly url: string;
  readonly sensors: readonly SimulatedSensor[];
  /** Milliseconds between two rounds of readings; 0 publishes only on {@link MqttSimulator.tick}. @default 1000 */
  readonly intervalMs?: number;
  /** Publish readings retained, so a new subscriber gets each sensor's last reading at once. @default true */
  readonly retain?: boolean;
  /**
   * The most readings a round after the first publishes. The first round publishes every
   * sensor (their retained readings); with more sensors than this, each later round publishes
   * a staggered share, sensor `i` in round `t` when `i % k === t % k` with
   * `k = ceil(sensors / maxReadingsPerRound)`, so each sensor reports every `k` rounds, as
   * devices with a longer report period would: the city scale's 246,000 elderly home sensors
   * every five seconds kept the process busy for good. @default every sensor in every round
   */
  readonly maxReadingsPerRound?: number;
}

/** A running sensor simulator. */
export interface MqttSimulator {
  /** Rounds published so far. */
  readonly ticks: number;
  /** Publishes the next round (one reading per sensor) and resolves once the broker has them all. */
  tick(): Promise<number>;
  /** Publishes any payload on any topic (broken sensors, foreign devices). */
  publishRaw(topic: string, payload: string | Buffer, options?: { retain?: boolean }): Promise<void>;
  /** Deletes the retained reading of every sensor from the broker (an empty retained message each). */
  clearRetained(): Promise<void>;
  /** Stops the timer and disconnects. */
  close(): Promise<void>;
}

/**
 * QoS-1 publishes in flight at once. MQTT packet ids are 16-bit: a round of more than 65,535
 * unacknowledged publishes (the city scale's elderly sensors publish about 246,000) never
 * completes, so a round goes out in batches, each acknowledged before the next.
 */
const PUBLISH_BATCH = 10_000;

async function publishInBatches(sensors: readonly SimulatedSensor[], publish: (sensor: SimulatedSensor) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < sensors.length; start += PUBLISH_BATCH) {
    await Promise.all(sensors.slice(start, start + PUBLISH_BATCH).map(publish));
  }
}

/**
 * Starts a simulator of sensors publishing JSON readings on an MQTT broker: on a timer, or
 * round by round through `tick()` for tests. Readings are QoS 1 and deterministic: the same
 * sensors give the same payloads at the same tick on every run.
 *
 * ```ts
 * const simulator = await startMqttSimulator({ url: broker.url, sensors: waterLevelSensors({ seed: 7 }) });
 * ```
 */
export async function startMqttSimulator(options: MqttSimulatorOptions): Promise<MqttSimulator> {
  const intervalMs = options.intervalMs ?? 1000;
  if (!Number.isInteger(intervalMs) || intervalMs < 0) throw new TypeError(`intervalMs must be a non-negative integer, received ${intervalMs}`);
  if (options.sensors.length === 0) throw new TypeError('sensors must list at least one sensor, received none');
  const retain = options.retain ?? true;
  const perRound = options.maxReadingsPerRound ?? Number.POSITIVE_INFINITY;
  if (!(perRound >= 1) || (Number.isFinite(perRound) && !Number.isInteger(perRound))) {
    throw new TypeError(`maxReadingsPerRound must be a positive integer, received ${options.maxReadingsPerRound}`);
  }
  const shares = Math.ceil(options.sensors.length / perRound);
  const sensorsOf = (tick: number) => (tick === 0 || shares <= 1 ? options.sensors : options.sensors.filter((_, index) => index % shares === tick % shares));
  const client: MqttClient = await connectAsync(options.url, { clientId: `cityhub-simulator-${process.pid}-${Math.random().toString(16).slice(2, 10)}`, reconnectPeriod: 500 });
  let ticks = 0;
  // Rounds are chained so that a slow broker never interleaves two rounds.
  let round: Promise<unknown> = Promise.resolve();
  let running = 0;
  const tick = () => {
    running += 1;
    const next = round.then(async () => {
      const current = ticks;
      ticks += 1;
      await publishInBatches(sensorsOf(current), (sensor) => client.publishAsync(sensor.topic, JSON.stringify(sensor.reading(current)), { qos: 1, retain }));
      return ticks;
    });
    round = next.catch(() => undefined).finally(() => (running -= 1));
    return next;
  };
  // A round still publishing when the timer fires makes the timer skip one: rounds slower
  // than the interval never pile up behind each other.
  const timer = intervalMs > 0 ? setInterval(() => void (running === 0 && tick().catch(() => undefined)), intervalMs) : undefined;
  timer?.unref();
  return {
    get ticks() {
      return ticks;
    },
    tick,
    async publishRaw(topic, payload, publishOptions = {}) {
      await client.publishAsync(topic, payload, { qos: 1, retain: publishOptions.retain ?? false });
    },
    async clearRetained() {
      await round;
      await publishInBatches(options.sensors, (sensor) => client.publishAsync(sensor.topic, '', { qos: 1, retain: true }));
    },
    async close() {
      clearInterval(timer);
      await round;
      await client.endAsync();
    },
  };
}
