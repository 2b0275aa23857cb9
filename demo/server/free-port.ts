import { createServer } from 'node:net';

/**
 * Asks the OS for a free TCP port on `host` by listening on port 0 and closing again.
 *
 * Used where a port must be known before a process starts (the relay is told its
 * `PORT`, and keeps it across restarts so the page's `relay-url` stays valid).
 */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}
