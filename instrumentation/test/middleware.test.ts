// Express, Fastify, Hono and plain node:http open one scope per request: feature = route, user from resolveUser
// (custom, failing, Clerk), attribution from internal callers' baggage; provider calls inside are attributed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costtraceExpress, costtraceFastify, costtraceHono, track, withCosttrace, type MiddlewareOptions } from '@costtrace/sdk';
import { CLERK_JWT_KEY, clerkSessionToken } from './helpers/clerk-token.js';
import { chatJson } from './helpers/openai-wire.js';
import { startScriptedServer, type ScriptedServer } from './helpers/scripted-server.js';
import { startSession, type SdkSession } from './helpers/sdk-session.js';

let provider: ScriptedServer;
let session: SdkSession;
const closers: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  provider = await startScriptedServer((_req, res) => res.end(chatJson('gpt-4o')));
  session = startSession({ providers: { openai: [`${provider.url}/v1`] } });
});
afterAll(async () => {
  for (const close of closers) await close();
  await session.stop();
  await provider.close();
});

/** What every app handler does: one provider call, outside any track() unless `scoped`. */
async function callProvider(scoped: boolean): Promise<string> {
  const call = async () =>
    (
      await fetch(`${provider.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o', messages: [] }),
      })
    ).text();
  await (scoped ? track('explicit', {}, call) : call());
  return 'done';
}

const userFromHeader: MiddlewareOptions['resolveUser'] = (req) => ({
  userId: req.header('x-user') ?? null,
  orgId: req.header('x-org') ?? null,
});

type AppFactory = (options: MiddlewareOptions) => Promise<string>;

const frameworks: Record<string, AppFactory> = {
  async express(options) {
    const app = express();
    app.use(costtraceExpress(options));
    app.use(express.json());
    app.post('/api/docs/:id/summary', async (req, res) => res.send(await callProvider(Boolean((req.body as { scoped?: boolean }).scoped))));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    closers.push(() => new Promise((r) => server.close(r)));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  },
  async fastify(options) {
    const app = Fastify();
    await app.register(costtraceFastify(options));
    app.post('/api/docs/:id/summary', async (req) => callProvider(Boolean((req.body as { scoped?: boolean }).scoped)));
    closers.push(() => app.close());
    return app.listen({ port: 0, host: '127.0.0.1' });
  },
  async hono(options) {
    const app = new Hono();
    app.use(costtraceHono(options));
    app.post('/api/docs/:id/summary', async (c) =>
      c.text(await callProvider(Boolean(((await c.req.json()) as { scoped?: boolean }).scoped))),
    );
    const server = await new Promise<http.Server>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as http.Server));
    });
    closers.push(() => new Promise((r) => server.close(r)));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  },
  async 'node:http'(options) {
    const server = http.createServer(
      withCosttrace((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c));
        req.on('end', () => void callProvider(Boolean((JSON.parse(body) as { scoped?: boolean }).scoped)).then((t) => res.end(t)));
      }, options),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => server.close(r)));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  },
};

const ROUTE: Record<string, string> = {
  express: '/api/docs/:id/summary',
  fastify: '/api/docs/:id/summary',
  hono: '/api/docs/:id/summary',
  'node:http': '/api/docs/7/summary',
};

async function request(base: string, headers: Record<string, string>, scoped = false) {
  return session.capture(async () => {
    const res = await fetch(`${base}/api/docs/7/summary?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ scoped }),
    });
    return { status: res.status, text: await res.text() };
  });
}

describe.each(Object.keys(frameworks))('%s middleware', (name) => {
  it('attributes calls outside track() to the route and the resolved user; track() inside wins', async () => {
    const base = await frameworks[name]!({ resolveUser: userFromHeader });
    const plain = await request(base, { 'x-user': 'u1', 'x-org': 'o1' });
    expect(plain.result).toEqual({ status: 200, text: 'done' });
    expect(plain.spans.map((s) => s.attributes)).toEqual([
      expect.objectContaining({
        'gen_ai.provider.name': 'openai',
        'costtrace.feature': ROUTE[name],
        'costtrace.user_id': 'u1',
        'costtrace.org_id': 'o1',
      }),
    ]);
    const scoped = await request(base, { 'x-user': 'u2' }, true);
    expect(scoped.spans[0]?.attributes).toMatchObject({ 'costtrace.feature': 'explicit', 'costtrace.user_id': 'u2' });
    expect(scoped.spans[0]?.attributes['costtrace.org_id']).toBeUndefined();
  });

  it('never fails the request when the resolver throws or rejects', async () => {
    for (const resolveUser of [
      () => {
        throw new Error('auth down');
      },
      async () => Promise.reject(new Error('auth down')),
    ] as MiddlewareOptions['resolveUser'][]) {
      const base = await frameworks[name]!({ resolveUser: resolveUser! });
      const { result, spans } = await request(base, {});
      expect(result).toEqual({ status: 200, text: 'done' });
      expect(spans[0]?.attributes['costtrace.feature']).toBe(ROUTE[name]);
      expect(spans[0]?.attributes['costtrace.user_id']).toBeUndefined();
    }
  });

  it('verifies a Clerk session token locally: user from sub, org from org_id; a bad token is just no user', async () => {
    const base = await frameworks[name]!({ resolveUser: 'clerk', clerk: { jwtKey: CLERK_JWT_KEY } });
    const good = await request(base, { authorization: `Bearer ${clerkSessionToken({ sub: 'user_2abc', org_id: 'org_9' })}` });
    expect(good.spans[0]?.attributes).toMatchObject({ 'costtrace.user_id': 'user_2abc', 'costtrace.org_id': 'org_9' });
    const forged = await request(base, { authorization: `Bearer ${clerkSessionToken({ sub: 'user_2abc' }).slice(0, -4)}AAAA` });
    expect(forged.result.status).toBe(200);
    expect(forged.spans[0]?.attributes['costtrace.user_id']).toBeUndefined();
  });

  it('reads attribution from an internal caller’s baggage; a resolved user wins', async () => {
    const base = await frameworks[name]!({ resolveUser: userFromHeader });
    const baggage = 'costtrace.feature=rank,costtrace.user_id=u-up,costtrace.org_id=o-up,costtrace.meta.plan=pro';
    const { spans } = await request(base, { baggage, 'x-user': 'u-local' });
    expect(spans[0]?.attributes).toMatchObject({
      'costtrace.feature': 'rank',
      'costtrace.user_id': 'u-local',
      'costtrace.org_id': 'o-up',
      'costtrace.meta.plan': 'pro',
    });
  });
});
