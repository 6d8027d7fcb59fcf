// The app comes first: what capture must never do to an app, each checked against a scripted provider server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStats, startSpan, track } from '@costtrace/sdk';
import { chatJson, chatStreamEvents } from './helpers/openai-wire.js';
import { startScriptedServer, type ScriptedServer } from './helpers/scripted-server.js';
import { only, startSession, type SdkSession } from './helpers/sdk-session.js';

let server: ScriptedServer;
let internal: ScriptedServer;
let session: SdkSession;

beforeAll(async () => {
  server = await startScriptedServer();
  internal = await startScriptedServer();
  session = startSession({
    providers: { openai: [`${server.url}/v1`], anthropic: [`${server.url}/anthropic`] },
    internalHosts: [new URL(internal.url).host],
  });
});
afterAll(async () => {
  await session.stop();
  await server.close();
  await internal.close();
});

const post = (path: string, body: object, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-1' },
    body: JSON.stringify(body),
    ...init,
  });

describe('guarantees', () => {
  it('leaves the Response unchanged: url, status, headers and body bytes', async () => {
    const body = chatJson('gpt-4o');
    server.respond((_req, res) => {
      res.writeHead(201, 'Made', { 'content-type': 'application/json', 'x-request-id': 'abc', 'set-cookie': ['a=1', 'b=2'] });
      res.end(body);
    });
    const { result: res, spans } = await session.capture(async () => {
      const r = await post('/v1/chat/completions', { model: 'gpt-4o', messages: [] });
      return {
        url: r.url,
        status: r.status,
        statusText: r.statusText,
        type: r.type,
        redirected: r.redirected,
        headers: [...r.headers],
        bytes: Buffer.from(await r.arrayBuffer()),
      };
    });
    expect(res.url).toBe(`${server.url}/v1/chat/completions`);
    expect([res.status, res.statusText, res.type, res.redirected]).toEqual([201, 'Made', 'basic', false]);
    expect(res.headers).toEqual(
      expect.arrayContaining([
        ['content-type', 'application/json'],
        ['x-request-id', 'abc'],
        ['set-cookie', 'a=1'],
        ['set-cookie', 'b=2'],
      ]),
    );
    expect(res.bytes.equals(Buffer.from(body))).toBe(true);
    expect(only(spans).attributes['gen_ai.usage.input_tokens']).toBe(11);
  });

  it('records an unparseable response without usage and hands it to the app as sent', async () => {
    server.respond((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"usage": {"prompt_tokens": 3, oops');
    });
    const { result, spans } = await session.capture(async () =>
      (await post('/v1/chat/completions', { model: 'gpt-4o', messages: [] })).text(),
    );
    expect(result).toBe('{"usage": {"prompt_tokens": 3, oops');
    const span = only(spans);
    expect(span.attributes['gen_ai.request.model']).toBe('gpt-4o');
    expect(span.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(span.attributes['gen_ai.usage.output_tokens']).toBeUndefined();
  });

  it('does not hold back the first byte: the app reads chunk 1 before the server sends chunk 2', async () => {
    const events = chatStreamEvents('gpt-4o', true);
    let releaseRest: () => void = () => undefined;
    const appGotFirst = new Promise<void>((resolve) => (releaseRest = resolve));
    server.respond(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(events[0]);
      // Deadlocks (and the test times out) if capture waited for more bytes before handing chunk 1 to the app.
      await appGotFirst;
      for (const event of events.slice(1)) res.write(event);
      res.end();
    });
    const { result } = await session.capture(async () => {
      const res = await post('/v1/chat/completions', { model: 'gpt-4o', stream: true, messages: [] });
      const reader = res.body!.getReader();
      const first = await reader.read();
      releaseRest();
      let rest = '';
      for (let r = await reader.read(); !r.done; r = await reader.read()) rest += Buffer.from(r.value).toString();
      return { first: Buffer.from(first.value!).toString(), rest };
    });
    expect(result.first).toBe(chatStreamEvents('gpt-4o', false)[0]);
    expect(result.rest).toBe(chatStreamEvents('gpt-4o', false).slice(1).join(''));
  });

  it('ends an aborted stream as cancelled with the usage seen so far', async () => {
    let sentStart: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (sentStart = resolve));
    server.respond((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const message = {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [],
        usage: { input_tokens: 20, cache_read_input_tokens: 5, cache_creation_input_tokens: 0, output_tokens: 1 },
      };
      res.write(`event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message })}\n\n`);
      sentStart();
      // Never ends: the app gives up.
    });
    for (const how of ['abort', 'cancel'] as const) {
      const { spans } = await session.capture(async () => {
        const controller = new AbortController();
        const res = await post(
          '/anthropic/v1/messages',
          { model: 'claude-sonnet-4-5', stream: true, max_tokens: 10, messages: [] },
          { signal: controller.signal },
        );
        await started;
        const reader = res.body!.getReader();
        await reader.read();
        if (how === 'abort') {
          controller.abort();
          await reader.read().catch(() => undefined);
        } else await reader.cancel();
      });
      const span = only(spans);
      expect(span.attributes).toMatchObject({
        'costtrace.cancelled': true,
        'error.type': 'cancelled',
        'gen_ai.usage.input_tokens': 25,
        'gen_ai.usage.cache_read.input_tokens': 5,
      });
      expect(span.status.code).toBe(2);
    }
  });

  it('never sends user ids to providers by default', async () => {
    server.respond((_req, res) => res.end(chatJson('gpt-4o')));
    await session.capture(() =>
      track('chat', { userId: 'user-42' }, () => post('/v1/chat/completions', { model: 'gpt-4o', messages: [] }).then((r) => r.text())),
    );
    const sent = JSON.parse(server.requests.at(-1)!.body) as Record<string, unknown>;
    expect(sent).toEqual({ model: 'gpt-4o', messages: [] });
    expect(JSON.stringify(server.requests.at(-1)!.headers)).not.toContain('user-42');
  });

  it('sends attribution baggage to internal hosts only, never to a provider or another host', async () => {
    server.respond((_req, res) => res.end(chatJson('gpt-4o')));
    await session.capture(() =>
      track('search', { userId: 'u7', orgId: 'o7', plan: 'pro' }, async () => {
        await (await fetch(`${internal.url}/rank`)).text();
        await (await post('/v1/chat/completions', { model: 'gpt-4o', messages: [] })).text();
        await (await fetch(`${server.url}/elsewhere`)).text();
      }),
    );
    expect(internal.requests.at(-1)?.headers.baggage).toBe(
      'costtrace.feature=search,costtrace.user_id=u7,costtrace.org_id=o7,costtrace.meta.plan=pro',
    );
    expect(server.requests.at(-2)?.headers.baggage).toBeUndefined();
    expect(server.requests.at(-1)?.headers.baggage).toBeUndefined();
  });

  it('keeps startSpan scopes apart between concurrent requests', async () => {
    server.respond((_req, res) => res.end(chatJson('gpt-4o')));
    const { spans } = await session.capture(() =>
      Promise.all(
        ['a', 'b', 'c'].map(async (user) => {
          await Promise.resolve();
          const scope = startSpan(`job-${user}`, { userId: user });
          await new Promise((r) => setTimeout(r, user === 'a' ? 15 : 1));
          await (await post('/v1/chat/completions', { model: 'gpt-4o', messages: [] })).text();
          scope.end();
        }),
      ),
    );
    expect(spans.map((s) => [s.attributes['costtrace.feature'], s.attributes['costtrace.user_id']]).sort()).toEqual([
      ['job-a', 'a'],
      ['job-b', 'b'],
      ['job-c', 'c'],
    ]);
    expect(getStats().captureErrors).toBe(0);
  });
});
