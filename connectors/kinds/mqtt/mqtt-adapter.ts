import { randomBytes } from 'node:crypto';
import { connect, type MqttClient } from 'mqtt';
import { ConnectorError, isWithin } from '../../../schema/index.ts';
import { endpointFrom } from '../../sdk/endpoint.ts';
import { defaultListField, defaultSingleField, type ConnectorManifest } from '../../sdk/manifest.ts';
import { mapRow, type CityRow } from '../../sdk/rows.ts';
import type { LegacyRow, SourceAdapter, SourceEventField, SourceRuntime, SourceSubscription } from '../../sdk/source-kind.ts';
import type { MqttAlarmRule, MqttSource, MqttTopic } from './mqtt-source.ts';
import { topicMatches } from './mqtt-topic.ts';
import { createRowStream, type RowStream } from './row-stream.ts';

/** The stream names an `mqtt` adapter offers to {@link SourceAdapter.subscribe}. */
export type MqttEvent = 'readings' | 'alarms';

/** One payload the adapter refused. */
export interface MqttMalformedPayload {
  readonly type: string;
  readonly topic: string;
  /** What was wrong, such as `payload is not JSON` or the type mismatch naming the field. */
  readonly reason: string;
  readonly at: string;
}

/** What an `mqtt` adapter reports about itself (see {@link SourceAdapter.health}). */
export type MqttHealth = {
  /** The broker, without credentials. */
  readonly broker: string;
  readonly connected: boolean;
  /** Messages received on the connector's topics, good or bad. */
  readonly received: number;
  /** Open subscriptions (GraphQL subscribers of readings or alarms). */
  readonly subscribers: number;
  /** Devices with a latest reading, by catalogued type. */
  readonly devices: Readonly<Record<string, number>>;
  /** Refused payloads: how many, by type, and the last one. */
  readonly malformed: {
    readonly total: number;
    readonly byType: Readonly<Record<string, number>>;
    readonly last?: MqttMalformedPayload;
  };
};

/** The adapter of an `mqtt` connector: a {@link SourceAdapter} with its health report. */
export interface MqttAdapter extends SourceAdapter {
  readonly eventFields: readonly SourceEventField[];
  subscribe(subscription: SourceSubscription): AsyncIterable<LegacyRow>;
  health(): MqttHealth;
}

interface LatestReading {
  readonly legacy: LegacyRow;
  readonly row: CityRow;
}

interface Subscriber {
  readonly subscription: SourceSubscription;
  readonly stream: RowStream<LegacyRow>;
}

/** Delay between reconnection attempts after the broker drops, in milliseconds. */
const RECONNECT_PERIOD_MS = 1_000;

/** The subscription fields an `mqtt` manifest yields: readings per type, and alarms where a rule is set. */
export function mqttEventFields(manifest: ConnectorManifest & { source: MqttSource }): SourceEventField[] {
  const fields: SourceEventField[] = [];
  for (const [type, spec] of Object.entries(manifest.source.topics)) {
    const def = manifest.catalogue[type];
    if (!def) continue;
    fields.push({
      field: spec.readingsField ?? def.listField ?? defaultListField(type),
      type,
      event: 'readings' satisfies MqttEvent,
      description: `Every new ${type} reading published on ${spec.topic}, as it arrives.`,
    });
    if (spec.alarm) {
      fields.push({
        field: spec.alarmsField ?? `${def.singleField ?? defaultSingleField(type)}Alarms`,
        type,
        event: 'alarms' satisfies MqttEvent,
        description: `${type} readings that raise an alarm (${describeAlarm(spec.alarm)}), as they arrive.`,
      });
    }
  }
  return fields;
}

function describeAlarm(rule: MqttAlarmRule): string {
  const parts: string[] = [];
  if (rule.flag) parts.push(`${rule.flag} set`);
  for (const [field, limit] of Object.entries(rule.above)) parts.push(`${field} > ${limit}`);
  for (const [field, limit] of Object.entries(rule.below)) parts.push(`${field} < ${limit}`);
  return parts.join(' or ');
}

/** Whether a legacy reading raises the alarm of `rule`. */
export function isAlarm(rule: MqttAlarmRule, row: LegacyRow): boolean {
  if (rule.flag !== undefined) {
    const flag = row[rule.flag];
    if (flag === true || flag === 1 || flag === '1' || flag === 'true') return true;
  }
  const number = (field: string) => (typeof row[field] === 'number' ? (row[field] as number) : typeof row[field] === 'string' ? Number(row[field]) : NaN);
  for (const [field, limit] of Object.entries(rule.above)) if (number(field) > limit) return true;
  for (const [field, limit] of Object.entries(rule.below)) if (number(field) < limit) return true;
  return false;
}

/** The broker URL without credentials, path or query, for messages and health reports. */
function showBroker(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(unparsable broker URL)';
  }
}

/**
 * Creates the adapter of an `mqtt` connector. It connects on first use (the first query,
 * probe or subscription), subscribes to every type's topic filter, and keeps the latest
 * good reading per device in memory; queries read that table (a batch of keys is one
 * in-memory lookup, never a broker round trip). The mqtt client reconnects by itself after
 * the broker drops, and re-subscribes on every connection.
 *
 * A payload that is not a JSON object, or whose fields do not fit the catalogue, is
 * counted in {@link MqttAdapter.health} and dropped: it never replaces a good reading and is
 * never streamed to subscribers.
 */
export function createMqttAdapter(manifest: ConnectorManifest & { source: MqttSource }, runtime: SourceRuntime): MqttAdapter {
  const url = endpointFrom(manifest, runtime);
  const broker = showBroker(url);
  const username = manifest.source.usernameEnv ? runtime.env[manifest.source.usernameEnv] : undefined;
  const password = manifest.source.passwordEnv ? runtime.env[manifest.source.passwordEnv] : undefined;
  const topics = Object.entries(manifest.source.topics) as Array<[string, MqttTopic]>;
  const latest = new Map<string, Map<string, LatestReading>>(topics.map(([type]) => [type, new Map()]));
  const subscribers = new Set<Subscriber>();
  const malformed = { total: 0, byType: {} as Record<string, number>, last: undefined as MqttMalformedPayload | undefined };
  const waiters = new Set<{ resolve: () => void; reject: (error: Error) => void }>();
  let received = 0;
  let client: MqttClient | undefined;
  let ready = false;
  let everReady = false;
  let closed = false;
  let lastProblem: string | undefined;

  const unavailable = (why: string, cause?: unknown) =>
    new ConnectorError(manifest.id, `the MQTT broker at ${broker} is unavailable (${why})`, 'UPSTREAM_UNAVAILABLE', {
      cause,
      extensions: { broker },
    });

  const settle = (error?: Error) => {
    for (const waiter of [...waiters]) {
      waiters.delete(waiter);
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
  };

  function refuse(type: string, topic: string, reason: string): void {
    malformed.total += 1;
    malformed.byType[type] = (malformed.byType[type] ?? 0) + 1;
    malformed.last = { type, topic, reason, at: new Date().toISOString() };
  }

  function onMessage(topic: string, payload: Buffer): void {
    for (const [type, spec] of topics) {
      if (!topicMatches(spec.topic, topic)) continue;
      received += 1;
      let body: unknown;
      try {
        body = JSON.parse(payload.toString('utf8'));
      } catch {
        refuse(type, topic, 'payload is not JSON');
        continue;
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        refuse(type, topic, 'payload is not a JSON object');
        continue;
      }
      const levels = topic.split('/');
      const legacy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
      for (const [name, level] of Object.entries(spec.topicFields)) legacy[name] = levels[level];
      let row: CityRow;
      try {
        row = mapRow(manifest, type, legacy);
      } catch (error) {
        refuse(type, topic, (error as Error).message);
        continue;
      }
      const def = manifest.catalogue[type]!;
      const frozen = Object.freeze(legacy);
      latest.get(type)!.set(String(row[def.key]), { legacy: frozen, row });
      const alarm = spec.alarm ? isAlarm(spec.alarm, legacy) : false;
      for (const { subscription, stream } of subscribers) {
        if (subscription.type !== type) continue;
        if (subscription.event === 'alarms' && !alarm) continue;
        const within = subscription.within;
        if (within && !within.scopes.some((scope) => isWithin(row[within.field], scope))) continue;
        stream.push(frozen);
      }
    }
  }

  function start(): MqttClient {
    if (client) return client;
    const started = connect(url, {
      clientId: `cityhub-${manifest.id}-${randomBytes(4).toString('hex')}`,
      username,
      password,
      clean: true,
      reconnectPeriod: RECONNECT_PERIOD_MS,
      connectTimeout: manifest.timeoutMs,
      // Subscriptions are renewed on every connection below, so the client need not replay them.
      resubscribe: false,
    });
    started.on('connect', () => {
      const filters = Object.fromEntries(topics.map(([, spec]) => [spec.topic, { qos: spec.qos }]));
      started.subscribe(filters, (error, granted) => {
        const refused = granted?.find((grant) => grant.qos === 128);
        if (error || refused) {
          lastProblem = error ? error.message : `subscription to ${refused!.topic} refused`;
          settle(unavailable(lastProblem, error));
          return;
        }
        ready = true;
        everReady = true;
        lastProblem = undefined;
        settle();
      });
    });
    started.on('message', onMessage);
    started.on('error', (error) => {
      lastProblem = (error as { code?: unknown }).code ? String((error as { code?: unknown }).code) : error.message;
    });
    started.on('close', () => {
      ready = false;
      if (!closed) settle(unavailable(lastProblem ?? 'connection closed'));
    });
    started.on('offline', () => {
      ready = false;
    });
    client = started;
    return started;
  }

  /** Resolves once connected and subscribed; rejects when the attempt fails or `signal` aborts. */
  function whenReady(signal: AbortSignal): Promise<void> {
    if (closed) return Promise.reject(unavailable('the connector is closed'));
    if (ready) return Promise.resolve();
    start();
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        waiters.delete(waiter);
        reject(unavailable(lastProblem ?? 'not connected within the timeout'));
      };
      const waiter = {
        resolve: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
        reject: (error: Error) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      if (signal.aborted) return onAbort();
      waiters.add(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  return {
    eventFields: mqttEventFields(manifest),

    async find(query) {
      // The table outlives a broker outage (readings carry their own time); it only cannot
      // be served before the first connection, when it would be empty for the wrong reason.
      if (!everReady) await whenReady(query.signal);
      const def = manifest.catalogue[query.type]!;
      const table = latest.get(query.type)!;
      const within = query.within;
      const equals = Object.entries(query.equals ?? {}).map(([field, value]) => [field, String(value)] as const);
      const matches = ({ row }: LatestReading) =>
        equals.every(([field, value]) => String(row[field]) === value) && (!within || within.scopes.some((scope) => isWithin(row[within.field], scope)));
      let readings: LatestReading[] = [];
      if (query.in && query.in.field === def.key) {
        for (const value of new Set(query.in.values.map(String))) {
          const reading = table.get(value);
          if (reading && matches(reading)) readings.push(reading);
        }
      } else {
        // Filtered before sorted: a street's readings are sorted, not the whole city's
        // (246,000 elderly home sensors at the city scale).
        const wanted = query.in ? new Set(query.in.values.map(String)) : undefined;
        const field = query.in?.field;
        const keyed: Array<[string, LatestReading]> = [];
        for (const entry of table) {
          if (wanted && !wanted.has(String(entry[1].row[field!]))) continue;
          if (matches(entry[1])) keyed.push(entry);
        }
        readings = keyed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, reading]) => reading);
      }
      const offset = query.offset ?? 0;
      const page = query.limit === undefined ? readings.slice(offset) : readings.slice(offset, offset + query.limit);
      return page.map(({ legacy }) => legacy);
    },

    probe: (signal) => whenReady(signal),

    subscribe(subscription) {
      if (closed) throw unavailable('the connector is closed');
      if (!latest.has(subscription.type)) throw new TypeError(`${manifest.id} has no MQTT topic for type ${subscription.type}`);
      if (subscription.event !== 'readings' && subscription.event !== 'alarms') {
        throw new TypeError(`${manifest.id} offers the streams "readings" and "alarms", received "${subscription.event}"`);
      }
      start();
      const subscriber: Subscriber = {
        subscription,
        stream: createRowStream<LegacyRow>({ onEnd: () => subscribers.delete(subscriber) }),
      };
      subscribers.add(subscriber);
      return subscriber.stream;
    },

    health() {
      return {
        broker,
        connected: ready,
        received,
        subscribers: subscribers.size,
        devices: Object.fromEntries([...latest].map(([type, table]) => [type, table.size])),
        malformed: { total: malformed.total, byType: { ...malformed.byType }, ...(malformed.last ? { last: malformed.last } : {}) },
      };
    },

    async close() {
      if (closed) return;
      closed = true;
      ready = false;
      settle(unavailable('the connector is closed'));
      for (const { stream } of [...subscribers]) stream.end();
      if (client) await client.endAsync(true);
    },
  };
}
