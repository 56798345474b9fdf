import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import { connectAsync, type MqttClient } from 'mqtt';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineConnector } from '../../connectors/index.ts';
import { startSampleCity, type SampleCity } from '../../connectors/sample-city/index.ts';
import { startMqttSimulator, type MqttSimulator } from '../../connectors/sample-city/simulators/mqtt-simulator.ts';
import { waterLevelSensors } from '../../connectors/sample-city/simulators/mqtt-water-levels.ts';
import { createCityHub, createLogger, type CityHub } from '../../gateway/index.ts';
import { DEFAULT_AUDIENCE, DEFAULT_DEV_ISSUER } from '../../gateway/governance/index.ts';
import { WS_BAD_CONNECTION_PARAMS, WS_FORBIDDEN, WS_UNAUTHENTICATED } from '../../gateway/ws-subscriptions.ts';
import { generateDevKeyPair, mintToken, PERSONAS, type DevKeyPair, type PersonaName } from '../../governance/index.ts';
import { isWithin } from '../../schema/index.ts';
import { BROKERS, GAUGE_STREETS, RIVER_GAUGES_ENV, riverGauges } from '../connectors/kinds/mqtt/river-gauges.ts';
import { SOURCE_SCOPE } from '../../connectors/sdk/source-scope.ts';
import type { Plugin } from 'graphql-yoga';

const CARE_ALARMS_ENV = 'CITYHUB_TEST_CARE_ALARMS_MQTT';

/**
 * An `mqtt` manifest with personal fields: the civil-affairs bureau's emergency buttons in
 * elderly residents' homes. Each press carries the resident's name and a contact phone.
 */
function careAlarms(topicRoot: string) {
  return defineConnector({
    id: 'care-alarms',
    names: { zh: '居家养老紧急呼叫', en: 'Home-care emergency buttons' },
    department: 'Civil Affairs Bureau',
    domain: 'social-services',
    timeoutMs: 1_500,
    source: { kind: 'mqtt', endpointEnv: CARE_ALARMS_ENV, topics: { CareAlarm: { topic: `${topicRoot}/care/button/+/pressed`, topicFields: { SBBM: 3 }, readingsField: 'careAlarms' } } },
    catalogue: {
      CareAlarm: {
        key: 'deviceId',
        jurisdiction: 'streetCode',
        fields: {
          deviceId: { type: 'ID', from: 'SBBM', sharing: 'open', sensitivity: 'public' },
          streetCode: { type: 'AdminCode', from: 'XZQH', sharing: 'open', sensitivity: 'public' },
          residentName: { type: 'String', from: 'LRXM', sharing: 'unconditional', sensitivity: 'personal', mask: 'name' },
          contactPhone: { type: 'String', from: 'LXDH', sharing: 'unconditional', sensitivity: 'personal', mask: 'phone' },
          pressedAt: { type: 'DateTime', from: 'HJSJ', sharing: 'open', sensitivity: 'public' },
        },
      },
    },
    links: [{ kind: 'ref', on: 'CareAlarm', field: 'street', target: 'Street', from: 'streetCode' }],
  });
}

/** Publishes one button press of `device` in `street`. */
async function publishCareAlarm(client: MqttClient, topicRoot: string, device: string, street: string): Promise<void> {
  const payload = { XZQH: street, LRXM: '王小明', LXDH: '13812345678', HJSJ: '2026-07-01T08:00:00+08:00' };
  await client.publishAsync(`${topicRoot}/care/button/${device}/pressed`, JSON.stringify(payload), { qos: 1 });
}

/**
 * Takes away the row scope governance pushes down into the sources, so every event reaches
 * the gateway and only its own re-check stands between a row and a client that may not see it.
 */
const withoutPushdown: Plugin = {
  onContextBuilding({ extendContext }) {
    extendContext({ [SOURCE_SCOPE]: undefined } as Record<string, unknown>);
  },
};

/** A graphql-ws subscription's events and how it ended. */
interface Listening {
  readonly events: any[];
  /** Resolves when the server completes the subscription, or the socket closes with an error. */
  readonly ended: Promise<{ completed: true } | { error: any }>;
  stop(): void;
}

function listen(client: Client, query: string, variables?: Record<string, unknown>): Listening {
  const events: any[] = [];
  let stop = () => {};
  const ended = new Promise<{ completed: true } | { error: any }>((resolve) => {
    stop = client.subscribe({ query, ...(variables ? { variables } : {}) }, {
      next: (event) => void events.push(event),
      error: (error) => resolve({ error }),
      complete: () => resolve({ completed: true }),
    });
  });
  return { events, ended, stop: () => stop() };
}

function wsClient(url: string, connectionParams?: Record<string, unknown>): Client {
  return createClient({ url: `${url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, ...(connectionParams ? { connectionParams } : {}) });
}

async function until(what: string, check: () => boolean, step: () => Promise<void>, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await step();
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

for (const brokerKind of BROKERS) {
  describe(`GraphQL subscriptions over WebSocket (${brokerKind.name})`, () => {
    let broker: Awaited<ReturnType<typeof brokerKind.start>>;
    let city: SampleCity;
    let hub: CityHub;
    let url: string;
    let simulator: MqttSimulator;
    const dataDir = mkdtempSync(join(tmpdir(), 'cityhub-ws-'));
    const clients: Client[] = [];
    const connect = (params?: Record<string, unknown>) => {
      const client = wsClient(url, params);
      clients.push(client);
      return client;
    };

    beforeAll(async () => {
      broker = await brokerKind.start();
      city = await startSampleCity({ dataDir });
      hub = await createCityHub({
        definitions: [...city.definitions, riverGauges(broker.topicRoot)],
        env: { ...city.env, [RIVER_GAUGES_ENV]: broker.url },
        dataDir,
        logger: createLogger('silent'),
        probeIntervalMs: 0,
      });
      url = await hub.listen(0);
      simulator = await startMqttSimulator({ url: broker.url, sensors: waterLevelSensors({ seed: 12, streets: GAUGE_STREETS, stations: 8, topicRoot: broker.topicRoot }), intervalMs: 0 });
    }, 30_000);

    afterAll(async () => {
      await Promise.all(clients.map((client) => client.dispose()));
      await hub?.close();
      await simulator?.clearRetained();
      await simulator?.close();
      await city?.close();
      await broker?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('streams alarms within a district on the GraphQL path, with fields merged from another system', async () => {
      const subscription = listen(connect(), `subscription { waterLevelAlarms(within: "310106") { stationId streetCode levelM alarm street { name district { name } } } }`);
      await until('three alarms', () => subscription.events.length >= 3, async () => {
        await simulator.tick();
      });
      subscription.stop();
      for (const event of subscription.events) {
        expect(event.errors).toBeUndefined();
        const alarm = event.data.waterLevelAlarms;
        expect(isWithin(alarm.streetCode, '310106')).toBe(true);
        expect(alarm.alarm || alarm.levelM > 6).toBe(true);
        const street = city.model.streets.find((s) => s.code === alarm.streetCode)!;
        expect(alarm.street).toEqual({ name: street.name, district: { name: '静安区' } });
      }
    }, 20_000);

    it('answers queries over the same socket', async () => {
      const client = connect();
      const result = await new Promise<any>((resolve, reject) => {
        client.subscribe({ query: '{ street(code: "310106013") { name } }' }, { next: resolve, error: reject, complete: () => {} });
      });
      expect(result).toEqual({ data: { street: { name: '曹家渡街道' } } });
    });

    it('reports a syntax error and an unknown field as errors of the operation, keeping the socket open', async () => {
      const client = connect();
      const syntax = listen(client, 'subscription { waterLevelAlarms(');
      const unknown = listen(client, 'subscription { noSuchStream { id } }');
      const [first, second] = await Promise.all([syntax.ended, unknown.ended]);
      expect((first as any).error[0].message).toMatch(/Syntax Error/);
      expect((second as any).error[0].message).toMatch(/Cannot query field "noSuchStream" on type "Subscription"/);
      const after = await new Promise<any>((resolve, reject) => client.subscribe({ query: '{ street(code: "310106013") { code } }' }, { next: resolve, error: reject, complete: () => {} }));
      expect(after.data.street.code).toBe('310106013');
    });
  });
}

describe('closing a hub with open WebSocket subscriptions', () => {
  it('completes every subscription, closes the sockets and returns promptly', async () => {
    const broker = await BROKERS[0]!.start();
    const dataDir = mkdtempSync(join(tmpdir(), 'cityhub-ws-close-'));
    const hub = await createCityHub({ definitions: [riverGauges(broker.topicRoot)], env: { [RIVER_GAUGES_ENV]: broker.url }, dataDir, logger: createLogger('silent'), probeIntervalMs: 0 });
    const client = wsClient(await hub.listen(0));
    const closed = new Promise<number>((resolve) => {
      client.on('closed', (event: any) => resolve(event.code));
    });
    try {
      const streams = ['waterLevelReadings', 'waterLevelAlarms'].map((field) => listen(client, `subscription { ${field} { stationId } }`));
      await until('two upstream subscribers', () => (hub.registry.connectors[0]!.health!() as { subscribers: number }).subscribers === 2, async () => {});
      const started = Date.now();
      await hub.close();
      expect(Date.now() - started).toBeLessThan(1_500);
      expect(await Promise.all(streams.map((stream) => stream.ended))).toEqual([{ completed: true }, { completed: true }]);
      // The client closes normally once its last subscription completed, or the hub closes it (going away).
      expect([1000, 1001]).toContain(await closed);
      expect((hub.registry.connectors[0]!.health!() as { subscribers: number }).subscribers).toBe(0);
    } finally {
      await client.dispose();
      await hub.close();
      await broker.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('identity and governance of WebSocket subscriptions', () => {
  let broker: Awaited<ReturnType<(typeof BROKERS)[number]['start']>>;
  let city: SampleCity;
  let hub: CityHub;
  let url: string;
  let keys: DevKeyPair;
  let publisher: MqttClient;
  const dataDir = mkdtempSync(join(tmpdir(), 'cityhub-ws-governed-'));
  const clients: Client[] = [];
  const token = (persona: PersonaName, options: { expiresInSeconds?: number; now?: Date } = {}) =>
    mintToken({ principal: PERSONAS[persona], keys, issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE, ...options });
  const connect = (params?: Record<string, unknown>) => {
    const client = wsClient(url, params);
    clients.push(client);
    return client;
  };
  const as = async (persona: PersonaName, purpose = PERSONAS[persona].purposes[0]!) => connect({ authorization: `Bearer ${await token(persona)}`, 'x-cityhub-purpose': purpose });

  beforeAll(async () => {
    broker = await BROKERS[0]!.start();
    city = await startSampleCity({ dataDir });
    keys = await generateDevKeyPair();
    hub = await createCityHub({
      definitions: [...city.definitions, careAlarms(broker.topicRoot)],
      env: { ...city.env, [CARE_ALARMS_ENV]: broker.url },
      dataDir,
      logger: createLogger('silent'),
      probeIntervalMs: 0,
      governance: { identity: { mode: 'development', keys, issuer: DEFAULT_DEV_ISSUER, audience: DEFAULT_AUDIENCE }, databaseUrl: 'sqlite::memory:' },
      plugins: [withoutPushdown],
    });
    url = await hub.listen(0);
    publisher = await connectAsync(broker.url);
  }, 30_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await publisher?.endAsync();
    await hub?.close();
    await city?.close();
    await broker?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const refusals: Array<[string, () => Promise<Record<string, unknown>>, number, RegExp]> = [
    ['an expired token', async () => ({ authorization: `Bearer ${await token('streetOfficer', { expiresInSeconds: 60, now: new Date(Date.now() - 3_600_000) })}`, 'x-cityhub-purpose': 'city-operations' }), WS_UNAUTHENTICATED, /expired/],
    ['a malformed token', async () => ({ authorization: 'Bearer not-a-jwt', 'x-cityhub-purpose': 'city-operations' }), WS_UNAUTHENTICATED, /malformed/],
    ['another scheme', async () => ({ authorization: 'Basic dXNlcjpwYXNz' }), WS_UNAUTHENTICATED, /must be "Bearer <token>"/],
    ['a purpose the token does not allow', async () => ({ authorization: `Bearer ${await token('streetOfficer')}`, 'x-cityhub-purpose': 'emergency-response' }), WS_FORBIDDEN, /purpose "emergency-response" is not allowed by your token/],
    ['a government token without a purpose', async () => ({ authorization: `Bearer ${await token('streetOfficer')}` }), WS_FORBIDDEN, /a purpose is required/],
    ['a token that is not a string', async () => ({ authorization: 42 }), WS_BAD_CONNECTION_PARAMS, /connectionParams.authorization must be a string, received number/],
  ];
  for (const [name, params, code, reason] of refusals) {
    it(`closes the socket on ${name}, executing nothing`, async () => {
      const subscription = listen(connect(await params()), 'subscription { careAlarms { deviceId } }');
      const ended = (await subscription.ended) as { error: { code: number; reason: string } };
      expect(ended.error.code).toBe(code);
      expect(ended.error.reason).toMatch(reason);
      expect(subscription.events).toEqual([]);
      expect((hub.registry.connectors.find((c) => c.id === 'care-alarms')!.health!() as { subscribers: number }).subscribers).toBe(0);
    });
  }

  it('serves open data to an anonymous connection and refuses at open a subscription to personal fields', async () => {
    const subscription = listen(connect(), 'subscription { careAlarms { deviceId streetCode } }');
    await until('an event', () => subscription.events.length > 0, () => publishCareAlarm(publisher, broker.topicRoot, 'D-ANON', '310106013'));
    subscription.stop();
    expect(subscription.events[0].data.careAlarms).toMatchObject({ deviceId: 'D-ANON', streetCode: '310106013' });
    const personal = listen(connect(), 'subscription { careAlarms { deviceId contactPhone } }');
    await personal.ended;
    expect(personal.events).toHaveLength(1);
    expect(personal.events[0].data ?? null).toBeNull();
    expect(personal.events[0].errors[0]).toMatchObject({ message: expect.stringMatching(/selects CareAlarm.contactPhone, which you may not read/), extensions: { code: 'FORBIDDEN', field: 'CareAlarm.contactPhone' } });
  });

  it('drops the events of rows outside a street officer\'s street at the gateway, masks personal fields and merges fields from other systems', async () => {
    const officer = listen(await as('streetOfficer'), 'subscription { careAlarms { deviceId streetCode residentName contactPhone street { name } } }');
    const district = listen(await as('districtOfficer'), 'subscription { careAlarms { deviceId streetCode } }');
    let round = 0;
    await until('two rounds for both', () => officer.events.length >= 2 && district.events.length >= 4, async () => {
      round += 1;
      // Rounds of three streets: another district's, the same district's other street, the officer's own.
      await publishCareAlarm(publisher, broker.topicRoot, `D-OTHER-DISTRICT-${round}`, '310107001');
      await publishCareAlarm(publisher, broker.topicRoot, `D-OTHER-STREET-${round}`, '310106016');
      await publishCareAlarm(publisher, broker.topicRoot, `D-OWN-${round}`, '310106013');
    });
    officer.stop();
    district.stop();
    for (const event of officer.events) {
      expect(event.errors).toBeUndefined();
      expect(event.data.careAlarms).toEqual({
        deviceId: expect.stringMatching(/^D-OWN-/),
        streetCode: '310106013',
        residentName: '王**',
        contactPhone: '138****5678',
        street: { name: '曹家渡街道' },
      });
      expect(Object.keys(event.data.careAlarms)).not.toContain('_cityhubJurisdiction');
    }
    const streets = new Set(district.events.map((event) => event.data.careAlarms.streetCode));
    expect([...streets].sort()).toEqual(['310106013', '310106016']);
  }, 20_000);
});
