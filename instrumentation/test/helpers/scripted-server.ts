// A local HTTP server on 127.0.0.1:0 whose responses each test scripts, recording every request it receives.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export type Script = (req: ReceivedRequest, res: ServerResponse) => void | Promise<void>;

export interface ScriptedServer {
  url: string;
  requests: ReceivedRequest[];
  /** Replaces the response script for the following requests. */
  respond(script: Script): void;
  close(): Promise<void>;
}

export async function startScriptedServer(initial?: Script): Promise<ScriptedServer> {
  let script: Script = initial ?? ((_req, res) => res.end('ok'));
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString() };
      requests.push(received);
      void Promise.resolve(script(received, res)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respond(next) {
      script = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
