import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ProviderCallPlan } from '../providers/provider-types.js';
import { hashUserId, rewriteRequestBody } from './request-rewrite.js';

const plan = (provider: string, rewrittenBodyText?: string): ProviderCallPlan => ({
  provider,
  operation: 'chat',
  streaming: false,
  stripInjectedUsageChunk: false,
  injectable: false,
  billable: true,
  ...(rewrittenBodyText !== undefined && { rewrittenBodyText }),
});

describe('rewriteRequestBody', () => {
  const hash = createHash('sha256').update('user-1').digest('hex');

  it('sends the registry rewrite, and nothing about the user unless asked', () => {
    expect(rewriteRequestBody(plan('openai'), '{"model":"m"}', undefined)).toBeUndefined();
    expect(rewriteRequestBody(plan('openai', '{"a":1}'), '{"model":"m"}', undefined)).toBe('{"a":1}');
  });

  it('adds the hashed user id where each provider reserves it, never overriding the app', () => {
    expect(hashUserId('user-1')).toBe(hash);
    expect(JSON.parse(rewriteRequestBody(plan('openai', '{"stream":true}'), '{}', 'user-1')!)).toEqual({
      stream: true,
      safety_identifier: hash,
    });
    expect(JSON.parse(rewriteRequestBody(plan('anthropic'), '{"model":"c"}', 'user-1')!)).toEqual({
      model: 'c',
      metadata: { user_id: hash },
    });
    expect(rewriteRequestBody(plan('openai'), '{"safety_identifier":"app"}', 'user-1')).toBeUndefined();
    expect(rewriteRequestBody(plan('gcp.gemini'), '{}', 'user-1')).toBeUndefined();
    expect(rewriteRequestBody(plan('openai'), 'not json', 'user-1')).toBeUndefined();
  });
});
