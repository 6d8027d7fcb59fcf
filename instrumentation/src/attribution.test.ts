import { describe, expect, it } from 'vitest';
import { attributionAttributes, featureOf, mergeAttribution } from './attribution.js';

describe('mergeAttribution', () => {
  it('lets the inner feature win and merges attrs over the outer ones', () => {
    const outer = mergeAttribution(undefined, 'chat', { userId: 'u1', orgId: 'o1', tier: 'pro', n: 1 });
    const inner = mergeAttribution(outer, 'summarize', { userId: 'u2', n: 2, beta: true });
    expect(inner).toEqual({ feature: 'summarize', userId: 'u2', orgId: 'o1', meta: { tier: 'pro', n: 2, beta: true } });
    expect(outer.meta).toEqual({ tier: 'pro', n: 1 });
  });

  it('keeps the outer feature when the inner scope names none, and null clears a user', () => {
    const outer = mergeAttribution(undefined, 'chat', { userId: 'u1' });
    expect(mergeAttribution(outer, undefined, { userId: null })).toEqual({ feature: 'chat', meta: {} });
  });

  it('falls back to the route only when no scope named a feature', () => {
    const base = { meta: {}, route: () => '/api/chat' };
    expect(featureOf(base)).toBe('/api/chat');
    expect(featureOf(mergeAttribution(base, 'rank', undefined))).toBe('rank');
    expect(
      featureOf({
        meta: {},
        route: () => {
          throw new Error('boom');
        },
      }),
    ).toBeUndefined();
  });
});

describe('attributionAttributes', () => {
  it('maps attribution to costtrace.* span attributes', () => {
    expect(attributionAttributes({ feature: 'chat', userId: 'u1', orgId: 'o1', meta: { tier: 'pro', seats: 3 } })).toEqual({
      'costtrace.feature': 'chat',
      'costtrace.user_id': 'u1',
      'costtrace.org_id': 'o1',
      'costtrace.meta.tier': 'pro',
      'costtrace.meta.seats': 3,
    });
    expect(attributionAttributes(undefined)).toEqual({});
  });
});
