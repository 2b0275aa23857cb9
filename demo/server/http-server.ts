import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

/** A running HTTP server and how to stop it. */
export interface RunningServer {
  /** Base URL, without a trailing slash. */
  url: string;
  port: number;
  close(): Promise<void>;
}

type NodeServer = ReturnType<typeof serve>;

function listen(app: Hono, port: number, hostname: string): Promise<NodeServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname }, () => resolve(server));
    server.once('error', reject);
  });
}

function closeServer(server: NodeServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive and SSE connections would hold `close` open for ever.
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}

/**
 * Serves `app` on loopback at `http://localhost:<port>` (port 0: any free port).
 * It listens on 127.0.0.1 and, when the machine has IPv6, on ::1 too, because
 * browsers may try either address for `localhost`. Nothing listens beyond loopback.
 */
export async function serveOnLocalhost(app: Hono, port = 0): Promise<RunningServer> {
  const ipv4 = await listen(app, port, '127.0.0.1');
  const actualPort = (ipv4.address() as AddressInfo).port;
  const ipv6 = await listen(app, actualPort, '::1').catch(() => undefined);
  return {
    url: `http://localhost:${actualPort}`,
    port: actualPort,
    close: async () => {
      await Promise.all([closeServer(ipv4), ipv6 ? closeServer(ipv6) : undefined]);
    },
  };
}

/** Serves `app` at `http://127.0.0.1:<port>`: a second loopback origin next to `localhost`. */
export async function serveOn127(app: Hono, port = 0): Promise<RunningServer> {
  const server = await listen(app, port, '127.0.0.1');
  const actualPort = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${actualPort}`, port: actualPort, close: () => closeServer(server) };
}
