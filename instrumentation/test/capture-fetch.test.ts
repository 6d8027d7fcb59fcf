// Plain fetch (string, Buffer and Request bodies) and axios against a scripted OpenAI-shaped server.
import http from 'node:http';
import axios from 'axios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { track } from '@costtrace/sdk';
import { asksForUsage, chatJson, chatStreamEvents, writeSse } from './helpers/openai-wire.js';
import { startScriptedServer, type ScriptedServer, type Script } from './helpers/scripted-server.js';
import { only, startSession, type SdkSession } from './helpers/sdk-session.js';

let server: ScriptedServer;
let session: SdkSession;

/** An OpenAI-shaped server: chat JSON, or a stream with the usage chunk only when asked for. */
const openaiScript: Script = (req, res) => {
  const body = JSON.parse(req.body) as { model: string; stream?: boolean };
  if (body.stream) writeSse(res, chatStreamEvents(body.model, asksForUsage(req.body)));
  else {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(chatJson(body.model));
  }
};

beforeAll(async () => {
  server = await startScriptedServer(openaiScript);
  session = startSession({ providers: { openai: [`${server.url}/v1`] } });
});
afterAll(async () => {
  await session.stop();
  await server.close();
});

const CHAT_ATTRIBUTES = {
  'gen_ai.provider.name': 'openai',
  'gen_ai.operation.name': 'chat',
  'gen_ai.request.model': 'gpt-4o-mini',
  'gen_ai.response.model': 'gpt-4o-mini',
  'gen_ai.usage.input_tokens': 11,
  'gen_ai.usage.output_tokens': 5,
  'gen_ai.usage.cache_read.input_tokens': 3,
  'gen_ai.usage.reasoning.output_tokens': 2,
  'server.address': '127.0.0.1',
  'http.response.status_code': 200,
  'costtrace.feature': 'chat',
  'costtrace.user_id': 'u1',
};

describe('fetch capture', () => {
  const url = () => `${server.url}/v1/chat/completions`;
  const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [] });
  const headers = { 'content-type': 'application/json', authorization: 'Bearer sk-test' };

  it.each([
    ['a string body', () => fetch(url(), { method: 'POST', headers, body })],
    ['a Buffer body', () => fetch(url(), { method: 'POST', headers, body: Buffer.from(body) })],
    ['a Request object', () => fetch(new Request(url(), { method: 'POST', headers, body }))],
  ])('records a chat call made with %s', async (_name, call) => {
    const { result, spans } = await session.capture(() => track('chat', { userId: 'u1' }, async () => (await call()).json()));
    expect(result).toEqual(JSON.parse(chatJson('gpt-4o-mini')));
    const span = only(spans);
    expect(span.name).toBe('chat gpt-4o-mini');
    expect(span.kind).toBe(2);
    expect(span.attributes).toMatchObject({ ...CHAT_ATTRIBUTES, 'openai.response.service_tier': 'default' });
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer sk-test');
  });

  it('injects include_usage into a stream request whatever the body form, and hides the usage chunk', async () => {
    const streamBody = JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [] });
    for (const make of [
      () => fetch(url(), { method: 'POST', headers, body: streamBody }),
      () => fetch(new Request(url(), { method: 'POST', headers, body: streamBody })),
      () => fetch(url(), { method: 'POST', headers, body: new TextEncoder().encode(streamBody) }),
    ]) {
      const { result, spans } = await session.capture(() => track('chat', { userId: 'u1' }, async () => (await make()).text()));
      // Byte for byte the stream the app asked for: no usage-only chunk, and none of the `"usage":null` members the
      // provider adds to every other chunk once include_usage is on.
      expect(result).toBe(chatStreamEvents('gpt-4o-mini', false).join(''));
      expect(JSON.parse(server.requests.at(-1)!.body)).toEqual({
        model: 'gpt-4o-mini',
        stream: true,
        messages: [],
        stream_options: { include_usage: true },
      });
      expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer sk-test');
      expect(only(spans).attributes).toMatchObject({ ...CHAT_ATTRIBUTES, 'http.response.status_code': 200 });
    }
  });

  it('reads usage a server puts in its last chunk when it ignores include_usage, and hands the stream on unchanged', async () => {
    const events = [
      `data: ${JSON.stringify({ id: 'c', choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: null }] })}\n\n`,
      `data: ${JSON.stringify({ id: 'c', model: 'llama3', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 7, completion_tokens: 2 } })}\n\n`,
      'data: [DONE]\n\n',
    ];
    server.respond((_req, res) => writeSse(res, events));
    const streamBody = JSON.stringify({ model: 'llama3', stream: true, messages: [] });
    const { result, spans } = await session.capture(async () => (await fetch(url(), { method: 'POST', headers, body: streamBody })).text());
    server.respond(openaiScript);
    expect(JSON.parse(server.requests.at(-1)!.body)).toMatchObject({ stream_options: { include_usage: true } });
    expect(result).toBe(events.join(''));
    expect(only(spans).attributes).toMatchObject({ 'gen_ai.usage.input_tokens': 7, 'gen_ai.usage.output_tokens': 2 });
  });
});

describe('node:http capture', () => {
  it('records a call made with axios, attributed to its scope', async () => {
    const { result, spans } = await session.capture(() =>
      track(
        'chat',
        { userId: 'u1' },
        async () =>
          (
            await axios.post(
              `${server.url}/v1/chat/completions`,
              { model: 'gpt-4o-mini', messages: [] },
              { headers: { authorization: 'Bearer sk-test' } },
            )
          ).data,
      ),
    );
    expect(result).toEqual(JSON.parse(chatJson('gpt-4o-mini')));
    expect(only(spans).attributes).toMatchObject(CHAT_ATTRIBUTES);
  });

  it('records an axios stream without include_usage as usage absent (the body went out before it could be rewritten)', async () => {
    const { result, spans } = await session.capture(async () => {
      const res = await axios.post(
        `${server.url}/v1/chat/completions`,
        { model: 'gpt-4o-mini', stream: true, messages: [] },
        { responseType: 'text' },
      );
      return res.data as string;
    });
    expect(result).toBe(chatStreamEvents('gpt-4o-mini', false).join(''));
    const span = only(spans);
    expect(span.attributes['gen_ai.request.model']).toBe('gpt-4o-mini');
    expect(span.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
  });

  it('ends a node:http response the app destroys mid-stream as cancelled', async () => {
    // A stream that sends its first event and then stalls, as a slow model does.
    server.respond((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chatStreamEvents('gpt-4o-mini', true)[0]);
    });
    const { spans } = await session.capture(
      () =>
        new Promise<void>((resolve, reject) => {
          const body = JSON.stringify({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [] });
          const req = http.request(
            `${server.url}/v1/chat/completions`,
            { method: 'POST', headers: { 'content-type': 'application/json' } },
            (res) => {
              res.once('data', () => {
                res.destroy();
                resolve();
              });
            },
          );
          req.on('error', reject);
          req.end(body);
        }),
    );
    server.respond(openaiScript);
    expect(only(spans).attributes).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'costtrace.cancelled': true,
      'error.type': 'cancelled',
    });
  });
});
