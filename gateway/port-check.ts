import { createServer } from 'node:net';

/**
 * Checks that the hub can listen on `port` of `host` by binding it for a moment, so a port
 * already in use is reported in one sentence before anything else starts (the sample city
 * takes seconds to start, and the bare `listen EADDRINUSE` came only after it). Port 0 (any
 * free port) always passes. The check cannot reserve the port: another process may still
 * take it between the check and the hub's own `listen`.
 *
 * ```ts
 * await checkPortFree(4000, '127.0.0.1'); // throws "port 4000 on 127.0.0.1 is already in use …"
 * ```
 */
export async function checkPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen({ port, host, exclusive: true }, () => resolve());
    });
  } catch (error) {
    throw new Error(describeListenError(error as NodeJS.ErrnoException, port, host), { cause: error });
  }
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}

// Private: one sentence per reason a bind fails, naming the setting that changes it.
function describeListenError(error: NodeJS.ErrnoException, port: number, host: string): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is already in use (another hub or program listens there): stop it, or choose another port with --port or PORT`;
    case 'EACCES':
      return `not allowed to listen on port ${port} on ${host} (ports below 1024 need privileges): choose another port with --port or PORT`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `cannot listen on ${host}: it is not an address of this machine (set CITYHUB_HOST to one, such as 127.0.0.1 or 0.0.0.0)`;
    default:
      return `cannot listen on port ${port} on ${host}: ${error.message}`;
  }
}
