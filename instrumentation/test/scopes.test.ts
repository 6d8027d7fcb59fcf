// track/startSpan scopes and manual usage events, with exact span attributes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordUsage, startSpan, track, trackUsage } from '@costtrace/sdk';
import { only, startSession, type SdkSession } from './helpers/sdk-session.js';

let session: SdkSession;
beforeAll(() => {
  session = startSession();
});
afterAll(() => session.stop());

describe('track', () => {
  it('returns fn result, sync or async, and rethrows its error', async () => {
    expect(track('a', {}, () => 42)).toBe(42);
    await expect(track('a', {}, async () => 'x')).resolves.toBe('x');
    expect(() =>
      track('a', {}, () => {
        throw new Error('sync');
      }),
    ).toThrow('sync');
    await expect(track('a', {}, () => Promise.reject(new Error('async')))).rejects.toThrow('async');
  });

  it('nests: inner feature wins, inner attrs merge over outer ones', async () => {
    const { spans } = await session.capture(() =>
      track('chat', { userId: 'u1', orgId: 'o1', tier: 'pro', n: 1 }, () =>
        track('summarize', { n: 2, beta: true }, async () => {
          await Promise.resolve();
          trackUsage({ provider: 'openai', model: 'gpt-4o', inputTokens: 10, outputTokens: 2, costUsd: '0.00012' });
        }),
      ),
    );
    const span = only(spans);
    expect(span.name).toBe('usage gpt-4o');
    expect(span.kind).toBe(2);
    expect(span.attributes).toEqual({
      'gen_ai.provider.name': 'openai',
      'gen_ai.operation.name': 'usage',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 10,
      'gen_ai.usage.output_tokens': 2,
      'costtrace.cost_usd': '0.00012',
      'costtrace.cost_source': 'manual',
      'costtrace.feature': 'summarize',
      'costtrace.user_id': 'u1',
      'costtrace.org_id': 'o1',
      'costtrace.meta.tier': 'pro',
      'costtrace.meta.n': 2,
      'costtrace.meta.beta': true,
    });
  });

  it('never mixes concurrent scopes', async () => {
    const { spans } = await session.capture(() =>
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          track(`f${i % 3}`, { userId: `u${i}` }, async () => {
            await new Promise((r) => setTimeout(r, (i * 7) % 5));
            trackUsage({ provider: 'fal', units: { billable_units: i } });
          }),
        ),
      ),
    );
    expect(spans).toHaveLength(20);
    for (const span of spans) {
      const i = Number(String(span.attributes['costtrace.user_id']).slice(1));
      expect(span.attributes['costtrace.feature']).toBe(`f${i % 3}`);
      expect(span.attributes['costtrace.units.billable_units']).toBe(i);
    }
  });
});

describe('startSpan', () => {
  it('scopes the rest of the async function and restores the previous scope on end()', async () => {
    const { spans } = await session.capture(() =>
      track('outer', { userId: 'u1' }, async () => {
        await Promise.resolve();
        const scope = startSpan('inner', { orgId: 'o9' });
        await new Promise((r) => setTimeout(r, 1));
        trackUsage({ provider: 'deepgram', units: { seconds: 12.5 } });
        scope.end();
        trackUsage({ provider: 'deepgram', units: { seconds: 1 } });
      }),
    );
    expect(
      spans.map((s) => [s.attributes['costtrace.feature'], s.attributes['costtrace.org_id'], s.attributes['costtrace.units.seconds']]),
    ).toEqual([
      ['inner', 'o9', 12.5],
      ['outer', undefined, 1],
    ]);
  });

  it('does not leak into a sibling request', async () => {
    const { spans } = await session.capture(async () => {
      const a = (async () => {
        await Promise.resolve();
        const scope = startSpan('a', { userId: 'ua' });
        await new Promise((r) => setTimeout(r, 5));
        trackUsage({ provider: 'x', costUsd: 1 });
        scope.end();
      })();
      const b = (async () => {
        await new Promise((r) => setTimeout(r, 1));
        trackUsage({ provider: 'x', costUsd: 2 });
      })();
      await Promise.all([a, b]);
    });
    // b runs while a's scope is open, but outside any scope of its own: its trackUsage is a no-op.
    expect(only(spans).attributes).toMatchObject({
      'costtrace.feature': 'a',
      'costtrace.user_id': 'ua',
      'costtrace.cost_usd': '1',
      'costtrace.cost_source': 'manual',
    });
  });
});

describe('manual events', () => {
  it('trackUsage outside a scope is a silent no-op', async () => {
    const { spans } = await session.capture(async () => trackUsage({ provider: 'openai', costUsd: 1 }));
    expect(spans).toHaveLength(0);
  });

  it('recordUsage works anywhere: a Scrawn-style debit, units, and explicit attribution over the scope', async () => {
    const { spans } = await session.capture(async () => {
      recordUsage({ userId: 'user-123', costUsd: 0.1 });
      await track('tts', { userId: 'u1', orgId: 'o1' }, async () =>
        recordUsage({
          userId: 'u2',
          provider: 'elevenlabs',
          model: 'eleven_v3',
          units: { characters: 1200 },
          metadata: { voice: 'rachel' },
        }),
      );
      recordUsage({ userId: 'u3', costUsd: -5 });
    });
    expect(spans.map((s) => s.attributes)).toEqual([
      {
        'gen_ai.provider.name': 'manual',
        'gen_ai.operation.name': 'usage',
        'costtrace.cost_usd': '0.1',
        'costtrace.cost_source': 'manual',
        'costtrace.user_id': 'user-123',
      },
      {
        'gen_ai.provider.name': 'elevenlabs',
        'gen_ai.operation.name': 'usage',
        'gen_ai.request.model': 'eleven_v3',
        'gen_ai.response.model': 'eleven_v3',
        'costtrace.units.characters': 1200,
        'costtrace.feature': 'tts',
        'costtrace.user_id': 'u2',
        'costtrace.org_id': 'o1',
        'costtrace.meta.voice': 'rachel',
      },
      // A negative cost is not a cost: recorded without one rather than thrown or sent wrong.
      { 'gen_ai.provider.name': 'manual', 'gen_ai.operation.name': 'usage', 'costtrace.user_id': 'u3' },
    ]);
    expect(spans[0]?.resource.attributes['service.name']).toBe('test-app');
  });
});
