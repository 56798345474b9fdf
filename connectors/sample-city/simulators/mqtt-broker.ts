import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import aedesModule from 'aedes';

// Private: aedes is CommonJS; under NodeNext its default import is `module.exports`, the factory.
const createAedes = (aedesModule as unknown as { createBroker(): AedesBroker }).createBroker;

/** The part of an aedes broker this file uses. */
interface AedesBroker {
  handle(socket: Socket): unknown;
  close(callback?: () => void): void;
}

/** Options of {@link startMqttBroker}. */
export interface MqttBrokerOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Address to listen on. @default '127.0.0.1' */
  readonly host?: string;
}

/** A running in-process MQTT broker. */
export interface MqttBroker {
  /** `mqtt://127.0.0.1:<port>`. */
  readonly url: string;
  /** Drops every client connection and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts the embedded MQTT broker (aedes, MQTT 3.1.1 and 5) on a loopback port: the broker
 * of the sample city's sensor simulators, so nothing has to be installed. Any MQTT broker
 * (Mosquitto, EMQX…) serves connectors the same way through its URL.
 *
 * ```ts
 * const broker = await startMqttBroker();
 * env.CITYHUB_RIVER_GAUGES_MQTT = broker.url;
 * ```
 */
export async function startMqttBroker(options: MqttBrokerOptions = {}): Promise<MqttBroker> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new TypeError(`port must be an integer from 0 to 65535, received ${port}`);
  const host = options.host ?? '127.0.0.1';
  const aedes = createAedes();
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    aedes.handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `mqtt://${shownHost}:${address.port}`,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await stopped;
        await new Promise<void>((resolve) => aedes.close(() => resolve()));
      })();
      return closing;
    },
  };
}
