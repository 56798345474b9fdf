import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSONAS, PURPOSE_HEADER } from '../../governance/index.ts';
import { DIALECTS, type TestDatabase } from '../support/servers.ts';
import { startTestHub, type TestHub } from '../support/sample-hub.ts';

const ELDERLY = /* GraphQL */ `query Elderly($first: Int) { elderlyResidents(first: $first) { personId name } }`;
const postgres = DIALECTS.find((dialect) => dialect.name === 'postgres');

// Private: a TCP relay in front of PostgreSQL that can be cut (connections dropped, new ones
// refused) and restored on the same port, as a database host going away and coming back.
async function createRelay(target: URL): Promise<{ port: number; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(Number(target.port || 5432), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  const cut = async () => {
    await new Promise<void>((resolve) => {
      server!.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  };
  await listen();
  return { port, cut, restore: listen, close: cut };
}

describe.runIf(postgres !== undefined)('the hub while its PostgreSQL audit store is unreachable', () => {
  let database: TestDatabase;
  let relay: Awaited<ReturnType<typeof createRelay>>;
  let hub: TestHub;

  beforeAll(async () => {
    database = await postgres!.create();
    const url = new URL(database.url);
    relay = await createRelay(url);
    const relayed = new URL(database.url);
    relayed.host = `127.0.0.1:${relay.port}`;
    // Governed, as `cityhub start` runs it: agreements and the audit log share the store.
    hub = await startTestHub({ audit: true, governance: { databaseUrl: relayed.toString() } });
  }, 60_000);

  afterAll(async () => {
    await hub?.close().catch(() => undefined);
    await relay?.close().catch(() => undefined);
    await database?.drop();
  });

  const post = async () => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${await hub.token('caseWorker')}`, [PURPOSE_HEADER]: PERSONAS.caseWorker.purposes[0]! };
    const response = await fetch(`${hub.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query: ELDERLY, variables: { first: 2 } }) });
    return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> } };
  };
  // The operator's answer (a platform-admin token), which carries each store's message.
  const readyz = async () => {
    const response = await fetch(`${hub.url}/readyz`, { headers: { authorization: `Bearer ${await hub.token('platformAdmin')}` } });
    return { status: response.status, body: (await response.json()) as { status: string; stores?: Array<{ name: string; state: string; message?: string }> } };
  };

  it('answers AUDIT_UNAVAILABLE with 503, reports the store in /readyz, and recovers by itself', async () => {
    expect((await post()).status).toBe(200);
    const before = await readyz();
    expect(before.body.stores).toEqual([{ name: 'audit-log', state: 'ready' }]);

    await relay.cut();
    const refused = await post();
    expect(refused.status).toBe(503);
    expect(refused.body.data ?? null).toBeNull();
    expect(refused.body.errors?.map((error) => error.extensions?.code)).toEqual(['AUDIT_UNAVAILABLE']);
    expect(refused.body.errors?.[0]?.message).toMatch(/^Audit log unavailable: .*, so the response is withheld\.$/);
    const down = await readyz();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'not ready', stores: [{ name: 'audit-log', state: 'unavailable', message: expect.any(String) }] });

    await relay.restore();
    let recovered = await post();
    for (let attempt = 0; attempt < 20 && recovered.status !== 200; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      recovered = await post();
    }
    expect(recovered.status).toBe(200);
    expect(recovered.body.errors).toBeUndefined();
    expect((await readyz()).body.stores).toEqual([{ name: 'audit-log', state: 'ready' }]);
    expect(await hub.audit!.log.verify()).toMatchObject({ ok: true });
  }, 60_000);
});
