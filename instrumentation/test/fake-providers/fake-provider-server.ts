// A local stand-in for every provider: one node:http server on 127.0.0.1 (port 0) that answers each provider's real
// paths below `/{provider}` with the fixtures' real response bytes (streams written event by event), and records
// every request so tests can check what reached the provider (include_usage injected, no attribution headers).
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FixtureVariant, ProviderFixture } from './fixture-types.js';
import { ALL_FIXTURES, fixtureKey, REAL_BASES } from './fixtures.js';

export interface RecordedRequest {
  /** URL-mapping key of the provider it was addressed to (`openai`, `fal:queue`), or undefined if none. */
  key: string | undefined;
  method: string;
  /** Path and query as received. */
  url: string;
  headers: IncomingHttpHeaders;
  bodyText: string;
  /** The body parsed as JSON, when it was JSON. */
  body: unknown;
  /** The fixture that answered, or undefined for a 404. */
  fixture: string | undefined;
}

export interface FakeProviders {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Base URL per URL-mapping key, shaped like the real one: `urls.openai` = `<origin>/openai/v1` (an openai
   * `baseURL`), `urls.anthropic` = `<origin>/anthropic`, `urls['gcp.gemini']` = `<origin>/gcp-gemini` (a genai
   * `httpOptions.baseUrl`). */
  urls: Record<string, string>;
  /** `COSTTRACE_PROVIDER_URLS` value mapping every provider to this server. */
  mappingEnv: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface FakeProviderOptions {
  fixtures?: readonly ProviderFixture[];
  /** Pause between streamed events, e.g. to test cancellation mid-stream. @default 0 */
  eventDelayMs?: number;
}

/** Starts the fake providers. Fixtures at one path and variant are served in order, the last repeating (a poll that
 * progresses); a fixture with `when` is chosen when the request body has those fields. */
export async function startFakeProviders(options: FakeProviderOptions = {}): Promise<FakeProviders> {
  const fixtures = options.fixtures ?? ALL_FIXTURES;
  const requests: RecordedRequest[] = [];
  const served = new Map<string, number>();
  const prefixes = Object.keys(REAL_BASES).map((key) => ({ key, prefix: `/${slug(key)}${basePath(key)}` }));
  prefixes.sort((a, b) => b.prefix.length - a.prefix.length);

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const bodyText = Buffer.concat(chunks).toString('utf8');
      const body = parseJson(bodyText);
      const url = new URL(req.url ?? '/', 'http://fake');
      const route = prefixes.find(({ prefix }) => url.pathname === prefix || url.pathname.startsWith(`${prefix}/`));
      const method = req.method ?? 'GET';
      const fixture =
        route && pick(fixtures, served, route.key, method, url.pathname.slice(route.prefix.length), variantOf(url, body), body);
      requests.push({ key: route?.key, method, url: req.url ?? '/', headers: req.headers, bodyText, body, fixture: fixture?.name });
      if (!fixture) {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { message: `no fake fixture for ${method} ${req.url}` } }));
        return;
      }
      void send(res, fixture, options.eventDelayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const urls = Object.fromEntries(Object.keys(REAL_BASES).map((key) => [key, `${origin}/${slug(key)}${basePath(key)}`]));
  return {
    origin,
    urls,
    mappingEnv: Object.entries(urls)
      .map(([key, url]) => `${key}=${url}`)
      .join(','),
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The fixture answering a request: one whose `when` fields the body has, else the next in order at that path. */
function pick(
  fixtures: readonly ProviderFixture[],
  served: Map<string, number>,
  key: string,
  method: string,
  path: string,
  variant: FixtureVariant,
  body: unknown,
): ProviderFixture | undefined {
  const atPath = fixtures.filter((f) => fixtureKey(f) === key && f.method === method && f.path.split('?')[0] === path);
  const wanted = [variant, ...(variant === 'stream-usage' ? (['stream'] as const) : [])];
  for (const v of wanted) {
    const candidates = atPath.filter((f) => (f.variant ?? 'json') === v);
    const chosen = candidates.find((f) => f.when !== undefined && matches(f.when, body));
    if (chosen) return chosen;
    const ordered = candidates.filter((f) => f.when === undefined);
    if (ordered.length > 0) {
      const id = `${key} ${method} ${path} ${v}`;
      const count = served.get(id) ?? 0;
      served.set(id, count + 1);
      return ordered[Math.min(count, ordered.length - 1)];
    }
  }
  return atPath[0];
}

/** What kind of answer the request asks for, the way providers decide it. */
function variantOf(url: URL, body: unknown): FixtureVariant {
  if (url.searchParams.get('alt') === 'sse') return 'stream';
  if (!isRecord(body) || body.stream !== true) return 'json';
  const options = body.stream_options;
  return isRecord(options) && options.include_usage === true ? 'stream-usage' : 'stream';
}

async function send(res: ServerResponse, fixture: ProviderFixture, delayMs: number): Promise<void> {
  const { status, headers, body } = fixture.response;
  const streamed = typeof body === 'string' && /event-stream/.test(headers['content-type'] ?? '');
  if (!streamed) {
    const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
    res.writeHead(status, { ...headers, 'content-length': String(bytes.length) }).end(bytes);
    return;
  }
  res.writeHead(status, headers);
  // One write per event, so clients see a real stream; the bytes are exactly the fixture's.
  for (const event of body.split(/(?<=\r?\n\r?\n)/)) {
    if (res.destroyed) return;
    res.write(event);
    await new Promise((resolve) => (delayMs > 0 ? setTimeout(resolve, delayMs) : setImmediate(resolve)));
  }
  res.end();
}

function matches(when: Record<string, unknown>, body: unknown): boolean {
  return isRecord(body) && Object.entries(when).every(([k, v]) => JSON.stringify(body[k]) === JSON.stringify(v));
}

function slug(key: string): string {
  return key.replace(/[.:]/g, '-');
}

function basePath(key: string): string {
  return new URL(REAL_BASES[key]!).pathname.replace(/\/$/, '');
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
