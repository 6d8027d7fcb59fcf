// Queue attribution: the producer stamps the message body, the consumer runs in that scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stampMessage, track, trackUsage, withMessage } from '@costtrace/sdk';
import { startSession, type SdkSession } from './helpers/sdk-session.js';

let session: SdkSession;
beforeAll(() => {
  session = startSession();
});
afterAll(() => session.stop());

describe('queue messages', () => {
  it('stamps costtrace’s shape and ve-track’s auth/action from the current scope', () => {
    const body = track('upload', { userId: 'u1', orgId: 'o1', plan: 'pro' }, () => stampMessage({ docId: 7 }, { feature: 'rank-refresh' }));
    expect(body).toEqual({
      docId: 7,
      costtrace: { feature: 'rank-refresh', userId: 'u1', orgId: 'o1', meta: { plan: 'pro' } },
      auth: { userId: 'u1', orgId: 'o1' },
      action: 'rank-refresh',
    });
    expect(stampMessage({ a: 1 })).toEqual({ a: 1, costtrace: {}, auth: { userId: null, orgId: null } });
  });

  it('runs the consumer in the stamped scope, from a body or a { body } message, ours or ve-track’s shape', async () => {
    const stamped = track('upload', { userId: 'u1', orgId: 'o1', plan: 'pro' }, () =>
      stampMessage({ docId: 7 }, { feature: 'rank-refresh' }),
    );
    const { result, spans } = await session.capture(async () => [
      await withMessage({ id: 'm1', body: stamped }, async () => (trackUsage({ provider: 'openai', costUsd: '0.5' }), 'r1')),
      withMessage(
        { auth: { userId: 'u2', orgId: 'o2' }, action: 'ai-search' },
        () => (trackUsage({ provider: 'openai', costUsd: '1' }), 'r2'),
      ),
      withMessage({ foo: 1 }, () => (trackUsage({ provider: 'openai', costUsd: '2' }), 'r3')),
    ]);
    expect(result).toEqual(['r1', 'r2', 'r3']);
    expect(
      spans.map((s) => [
        s.attributes['costtrace.feature'],
        s.attributes['costtrace.user_id'],
        s.attributes['costtrace.org_id'],
        s.attributes['costtrace.meta.plan'],
      ]),
    ).toEqual([
      ['rank-refresh', 'u1', 'o1', 'pro'],
      ['ai-search', 'u2', 'o2', undefined],
      ['queue', undefined, undefined, undefined],
    ]);
  });
});
