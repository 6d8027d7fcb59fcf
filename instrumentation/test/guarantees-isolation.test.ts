// Guarantees that need their own init(): a registry and hooks that throw, the opt-in hashed user id, costtrace's
// own export traffic, and a collector that is down or hangs.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { flush, getStats, init, shutdown, track, trackUsage } from '@costtrace/sdk';
import { chatJson } from './helpers/openai-wire.js';
import { startScriptedServer, type ScriptedServer } from './helpers/scripted-server.js';
import { startSession } from './helpers/sdk-session.js';

// The real registry, whose readers or planner throw when `breakRegistry.mode` says so.
const breakRegistry = vi.hoisted(() => ({ mode: 'none' as 'none' | 'reader' | 'plan' }));
vi.mock('../src/providers/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/providers/index.js')>();
  const boom = (): never => {
    throw new Error('registry bug');
  };
  return {
    ...real,
    createProviderRegistry: (options?: Parameters<typeof real.createProviderRegistry>[0]) => {
      const registry = real.createProviderRegistry(options);
      return {
        knowsOrigin: registry.knowsOrigin,
        plan: registry.plan,
        withBody: (...args: Parameters<typeof registry.withBody>) => (breakRegistry.mode === 'plan' ? boom() : registry.withBody(...args)),
        withIncludeUsage: (...args: Parameters<typeof registry.withIncludeUsage>) =>
          breakRegistry.mode === 'plan' ? boom() : registry.withIncludeUsage(...args),
        createReader: (...args: Parameters<typeof registry.createReader>) => {
          const reader = registry.createReader(...args);
          return breakRegistry.mode === 'reader' ? { push: boom, finish: boom } : reader;
        },
        createInjectedUsageFilter: registry.createInjectedUsageFilter,
      };
    },
  };
});

let server: ScriptedServer;
beforeAll(async () => {
  server = await startScriptedServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(chatJson('gpt-4o'));
  });
});
afterAll(() => server.close());

const chat = () =>
  fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o', messages: [] }),
  }).then((r) => r.text());

describe('isolation from costtrace failures', () => {
  it('never lets a throwing registry or user hook reach the app', async () => {
    const session = startSession({
      providers: { openai: [`${server.url}/v1`] },
      ignoreRequestHook: () => {
        throw new Error('hook bug');
      },
      spanHook: () => {
        throw new Error('hook bug');
      },
    });
    try {
      // Hooks throw: the call is still captured, the app still gets its body.
      const hooked = await session.capture(() => track('chat', {}, chat));
      expect(hooked.result).toBe(chatJson('gpt-4o'));
      expect(hooked.spans).toHaveLength(1);
      expect(getStats()).toMatchObject({ hookErrors: 2, captureErrors: 0 });
      // The reader throws: the app gets its body, the span ends without usage.
      breakRegistry.mode = 'reader';
      const unread = await session.capture(() => track('chat', {}, chat));
      expect(unread.result).toBe(chatJson('gpt-4o'));
      expect(unread.spans[0]?.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
      expect(getStats()).toMatchObject({ hookErrors: 4, captureErrors: 2 });
      // The planner throws: the app gets its body, nothing is captured.
      breakRegistry.mode = 'plan';
      const unplanned = await session.capture(() => track('chat', {}, chat));
      expect(unplanned.result).toBe(chatJson('gpt-4o'));
      expect(unplanned.spans).toHaveLength(0);
      expect(getStats()).toMatchObject({ hookErrors: 5, captureErrors: 3 });
    } finally {
      breakRegistry.mode = 'none';
      await session.stop();
    }
  });
});

describe('user ids sent to providers', () => {
  it('sends a sha256 hash, never the raw id, when sendUserToProvider is on', async () => {
    const session = startSession({
      providers: { openai: [`${server.url}/v1`], anthropic: [`${server.url}/anthropic`] },
      sendUserToProvider: true,
    });
    try {
      await track('chat', { userId: 'user-42' }, chat);
      const hash = createHash('sha256').update('user-42').digest('hex');
      expect(JSON.parse(server.requests.at(-1)!.body)).toEqual({ model: 'gpt-4o', messages: [], safety_identifier: hash });
      await track('chat', { userId: 'user-42' }, () =>
        fetch(`${server.url}/anthropic/v1/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 5, messages: [] }),
        }).then((r) => r.text()),
      );
      expect(JSON.parse(server.requests.at(-1)!.body)).toEqual({
        model: 'claude-haiku-4-5',
        max_tokens: 5,
        messages: [],
        metadata: { user_id: hash },
      });
      expect(server.requests.every((r) => !r.body.includes('user-42'))).toBe(true);
    } finally {
      await session.stop();
    }
  });
});

describe('export', () => {
  it('never captures its own export, even to a URL mapped as a provider', async () => {
    const collector = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-protobuf' });
      res.end();
    });
    init({ app: 'test-app', endpoint: collector.url, apiKey: 'ct-key', providers: { openai: [collector.url] }, scheduledDelayMillis: 5 });
    try {
      track('chat', { userId: 'u1' }, () => trackUsage({ provider: 'elevenlabs', units: { characters: 10 } }));
      await flush();
      await new Promise((r) => setTimeout(r, 30));
      await flush();
      expect(collector.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /v1/traces']);
      expect(collector.requests[0]?.headers.authorization).toBe('Bearer ct-key');
      expect(collector.requests[0]?.headers['content-type']).toBe('application/x-protobuf');
      expect(getStats()).toMatchObject({ spansExported: 1, captureErrors: 0 });
    } finally {
      await shutdown();
      await collector.close();
    }
  });

  it('keeps app calls unaffected when the collector hangs: bounded queue, drops and failures counted', async () => {
    const hanging = await startScriptedServer(() => undefined);
    init({
      app: 'test-app',
      endpoint: hanging.url,
      providers: { openai: [`${server.url}/v1`] },
      maxQueueSize: 5,
      exportTimeoutMillis: 100,
      scheduledDelayMillis: 5,
    });
    try {
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => track('chat', { userId: `u${i}` }, chat)));
      expect(results.every((r) => r === chatJson('gpt-4o'))).toBe(true);
      await shutdown();
      const stats = getStats();
      expect(stats.spansDropped).toBeGreaterThan(0);
      expect(stats.spansFailed).toBeGreaterThan(0);
      expect(stats.spansExported).toBe(0);
      // Every captured span was either dropped at the bounded queue or failed at export: nothing piles up.
      expect(stats.spansDropped + stats.spansFailed).toBe(40);
    } finally {
      await shutdown();
      await hanging.close();
    }
  });
});
