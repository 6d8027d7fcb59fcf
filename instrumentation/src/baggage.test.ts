import { describe, expect, it } from 'vitest';
import { decodeBaggage, encodeBaggage, isInternalHost, mergeBaggageHeader } from './baggage.js';

describe('baggage', () => {
  it('round-trips attribution through a W3C baggage header', () => {
    const header = encodeBaggage({ feature: 'chat bot', userId: 'u=1', orgId: 'o1', meta: { tier: 'pro' } });
    expect(header).toBe('costtrace.feature=chat%20bot,costtrace.user_id=u%3D1,costtrace.org_id=o1,costtrace.meta.tier=pro');
    expect(decodeBaggage(`other=1,${header}`)).toEqual({ feature: 'chat bot', userId: 'u=1', orgId: 'o1', meta: { tier: 'pro' } });
  });

  it('carries nothing for an empty attribution and ignores foreign baggage', () => {
    expect(encodeBaggage({ meta: {} })).toBeUndefined();
    expect(decodeBaggage('vendor=x')).toBeUndefined();
    expect(mergeBaggageHeader('vendor=x', 'costtrace.user_id=u1')).toBe('vendor=x,costtrace.user_id=u1');
  });

  it('matches internal hosts by host, host:port and *.suffix only', () => {
    const patterns = ['billing:8080', 'search.internal', '*.svc.local'];
    expect(isInternalHost(new URL('http://billing:8080/x'), patterns)).toBe(true);
    expect(isInternalHost(new URL('http://billing:9090/x'), patterns)).toBe(false);
    expect(isInternalHost(new URL('https://search.internal/x'), patterns)).toBe(true);
    expect(isInternalHost(new URL('http://a.b.svc.local/x'), patterns)).toBe(true);
    expect(isInternalHost(new URL('http://evilsvc.local/x'), patterns)).toBe(false);
    expect(isInternalHost(new URL('https://api.openai.com/v1'), patterns)).toBe(false);
  });
});
