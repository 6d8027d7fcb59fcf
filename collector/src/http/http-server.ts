// The listening socket: Hono on Node's HTTP server, with timeouts so that slow or stalled clients cannot hold
// connections (and export slots) open: headers must arrive within the client timeout, a whole request within 6x.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';

export interface ListenOptions {
  port: number;
  host: string;
  /** @see CollectorConfig.clientTimeoutMs */
  clientTimeoutMs: number;
}

export type FetchHandler = Parameters<typeof serve>[0]['fetch'];

/** Listens and resolves with the server and the port it got (port 0 picks a free one). */
export async function listen(options: ListenOptions, fetch: FetchHandler): Promise<{ server: ServerType; port: number }> {
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve(
      {
        fetch,
        port: options.port,
        hostname: options.host,
        serverOptions: {
          headersTimeout: options.clientTimeoutMs,
          requestTimeout: options.clientTimeoutMs * 6,
          // Node checks the two timeouts above on this interval (default 30 s, far coarser than they are).
          connectionsCheckingInterval: Math.min(1_000, options.clientTimeoutMs),
        },
      },
      () => resolve(s),
    );
    s.once('error', reject);
  });
  return { server, port: (server.address() as AddressInfo).port };
}
