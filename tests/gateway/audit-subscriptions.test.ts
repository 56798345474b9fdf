import { createClient, type Client } from 'graphql-ws';
import { sql } from 'kysely';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WS_AUDIT_UNAVAILABLE, WS_FORBIDDEN, WS_UNAUTHENTICATED } from '../../gateway/ws-subscriptions.ts';
import { PERSONAS, PURPOSE_HEADER, type AuditEntry } from '../../governance/index.ts';
import { startTestHub, type TestHub } from '../support/sample-hub.ts';

const ALARMS = 'subscription Alarms { homeSensorAlarms(within: "310106") { sensorId personId kind reading } }';

/** A graphql-ws subscription's events and how it ended. */
interface Listening {
  readonly events: any[];
  readonly ended: Promise<{ completed: true } | { error: any }>;
  stop(): void;
}

function listen(client: Client, query: string): Listening {
  const events: any[] = [];
  let stop = () => {};
  const ended = new Promise<{ completed: true } | { error: any }>((resolve) => {
    stop = client.subscribe({ query }, {
      next: (event) => void events.push(event),
      error: (error) => resolve({ error }),
      complete: () => resolve({ completed: true }),
    });
  });
  return { events, ended, stop: () => stop() };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Waits until `count()` reaches `atLeast` and then stays the same for `quietMs`.
async function settle(what: string, count: () => number, atLeast: number, quietMs = 400, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let since = Date.now();
  for (;;) {
    const now = count();
    if (now !== last) {
      last = now;
      since = Date.now();
    }
    if (now >= atLeast && Date.now() - since >= quietMs) return now;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (have ${now}, want ${atLeast})`);
    await sleep(25);
  }
}

describe('auditing subscriptions and refused WebSocket connections (SQLite)', () => {
  let hub: TestHub;
  const clients: Client[] = [];
  const connect = (connectionParams: Record<string, unknown>) => {
    const client = createClient({ url: `${hub.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams });
    clients.push(client);
    return client;
  };
  const asCaseWorker = async () => ({ authorization: `Bearer ${await hub.token('caseWorker')}`, [PURPOSE_HEADER]: 'elderly-care' });
  const tick = () => hub.city.mqtt.get('elderly-sensors')!.tick();
  const entriesOf = async (requestId: string): Promise<AuditEntry[]> => [...(await hub.audit!.log.search({ requestId }, { first: 500 })).entries].reverse();

  beforeAll(async () => {
    hub = await startTestHub({ governance: true, audit: true });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await hub?.close();
  });

  it('appends one entry per event delivered over WebSocket, before it is sent, with the event’s personal keys', async () => {
    const subscription = listen(connect(await asCaseWorker()), ALARMS);
    await sleep(200);
    await tick();
    const delivered = await settle('alarm events', () => subscription.events.length, 2);
    const events = subscription.events.slice(0, delivered);
    const requestId = events[0].extensions.requestId as string;
    const entries = await entriesOf(requestId);
    subscription.stop();
    expect(entries).toHaveLength(events.length);
    for (const [index, event] of events.entries()) {
      expect(event.errors).toBeUndefined();
      expect(event.extensions).toEqual({ requestId, auditEvent: index + 1 });
      const entry = entries[index]!;
      expect(entry).toMatchObject({
        requestId,
        operationName: `Alarms#${index + 1}`,
        principal: PERSONAS.caseWorker.subject,
        department: PERSONAS.caseWorker.department,
        purpose: 'elderly-care',
        outcome: 'ok',
      });
      const source = entry.sources.find((candidate) => candidate.system === 'elderly-sensors')!;
      expect(source.rowsReturned).toBe(1);
      expect(source.personalKeys).toEqual([event.data.homeSensorAlarms.sensorId]);
      expect(source.fieldsRead).toEqual(expect.arrayContaining(['HomeSensor.sensorId', 'HomeSensor.reading']));
      // The gateway's hidden key selection never reaches the client.
      expect(Object.keys(event.data.homeSensorAlarms).sort()).toEqual(['kind', 'personId', 'reading', 'sensorId']);
    }
    expect((await hub.audit!.log.verify()).ok).toBe(true);
  }, 30_000);

  it('appends one entry per event delivered over SSE', async () => {
    const abort = new AbortController();
    const response = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${await hub.token('caseWorker')}`, [PURPOSE_HEADER]: 'elderly-care' },
      body: JSON.stringify({ query: ALARMS }),
      signal: abort.signal,
    });
    expect(response.status).toBe(200);
    const events: any[] = [];
    const reading = (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').find((line) => line.startsWith('data:'));
            if (block.startsWith('event: next') && data) events.push(JSON.parse(data.slice(5)));
          }
        }
      } catch {
        // aborted by the test
      }
    })();
    await sleep(200);
    await tick();
    const delivered = await settle('SSE alarm events', () => events.length, 2);
    const requestId = events[0].extensions.requestId as string;
    const entries = await entriesOf(requestId);
    abort.abort();
    await reading;
    expect(entries).toHaveLength(delivered);
    expect(entries.map((entry) => entry.operationName)).toEqual(events.slice(0, delivered).map((_, index) => `Alarms#${index + 1}`));
    expect(entries.map((entry) => entry.sources[0]!.personalKeys)).toEqual(events.slice(0, delivered).map((event) => [event.data.homeSensorAlarms.sensorId]));
  }, 30_000);

  it('fails closed: when the store refuses writes mid-subscription, the subscription ends with AUDIT_UNAVAILABLE and delivers nothing more', async () => {
    const subscription = listen(connect(await asCaseWorker()), ALARMS);
    await sleep(200);
    await tick();
    await settle('alarm events before the store fails', () => subscription.events.length, 1);
    const requestId = subscription.events[0].extensions.requestId as string;
    const head = await hub.audit!.log.head();
    await sql`PRAGMA query_only = ON`.execute(hub.audit!.database.db);
    let ended: Awaited<Listening['ended']>;
    try {
      await tick();
      ended = await subscription.ended;
      expect(await hub.audit!.log.head()).toEqual(head);
    } finally {
      await sql`PRAGMA query_only = OFF`.execute(hub.audit!.database.db);
    }
    expect(ended).toEqual({ completed: true });
    const last = subscription.events.at(-1);
    expect(last.data ?? null).toBeNull();
    expect(last.errors).toHaveLength(1);
    expect(last.errors[0].extensions.code).toBe('AUDIT_UNAVAILABLE');
    const withData = subscription.events.filter((event) => event.data);
    expect(subscription.events).toHaveLength(withData.length + 1);
    expect(await entriesOf(requestId)).toHaveLength(withData.length);
    // Once ended, later readings reach no one.
    const count = subscription.events.length;
    await tick();
    await sleep(400);
    expect(subscription.events).toHaveLength(count);
    expect((await hub.audit!.log.verify()).ok).toBe(true);
  }, 30_000);

  it('logs a WebSocket connection refused for a bad token (4401) and for a purpose the token does not allow (4403) as denied entries', async () => {
    const badToken = listen(connect({ authorization: 'Bearer broken' }), ALARMS);
    expect(((await badToken.ended) as { error: { code: number } }).error.code).toBe(WS_UNAUTHENTICATED);
    const [tokenEntry] = (await hub.audit!.log.search({ outcome: 'denied' }, { first: 1 })).entries;
    expect(tokenEntry).toMatchObject({ principal: null, department: null, operationName: null, outcome: 'denied', errorCode: 'UNAUTHENTICATED', sources: [] });

    const badPurpose = listen(connect({ authorization: `Bearer ${await hub.token('caseWorker')}`, [PURPOSE_HEADER]: 'traffic-enforcement' }), ALARMS);
    expect(((await badPurpose.ended) as { error: { code: number } }).error.code).toBe(WS_FORBIDDEN);
    const [purposeEntry] = (await hub.audit!.log.search({ outcome: 'denied' }, { first: 1 })).entries;
    expect(purposeEntry).toMatchObject({ principal: PERSONAS.caseWorker.subject, department: PERSONAS.caseWorker.department, outcome: 'denied', errorCode: 'FORBIDDEN', sources: [] });
    expect(purposeEntry!.seq).toBe(tokenEntry!.seq + 1);
  }, 30_000);

  it('closes a refused connection with WS_AUDIT_UNAVAILABLE when its entry cannot be written', async () => {
    const head = await hub.audit!.log.head();
    await sql`PRAGMA query_only = ON`.execute(hub.audit!.database.db);
    try {
      const refused = listen(connect({ authorization: 'Bearer broken' }), ALARMS);
      const ended = (await refused.ended) as { error: { code: number; reason: string } };
      expect(ended.error.code).toBe(WS_AUDIT_UNAVAILABLE);
      expect(ended.error.reason).toMatch(/Audit log unavailable/);
      expect(refused.events).toEqual([]);
      expect(await hub.audit!.log.head()).toEqual(head);
    } finally {
      await sql`PRAGMA query_only = OFF`.execute(hub.audit!.database.db);
    }
  }, 30_000);
});
