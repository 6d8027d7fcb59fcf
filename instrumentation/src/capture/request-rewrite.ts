// The request body costtrace sends instead of the app's: the registry's rewrite (include_usage) and, only when the
// app opted in, a sha256 hash of the user id in the field the provider reserves for it. Pure.
import { createHash } from 'node:crypto';
import type { ProviderCallPlan } from '../providers/provider-types.js';

/** Providers that take an end-user identifier, and where it goes in the JSON body. */
const USER_FIELDS: Record<string, (body: Record<string, unknown>, hash: string) => boolean> = {
  openai: (body, hash) => setIfAbsent(body, 'safety_identifier', hash),
  'azure.ai.openai': (body, hash) => setIfAbsent(body, 'safety_identifier', hash),
  anthropic: (body, hash) => {
    const metadata = body.metadata;
    if (metadata === undefined) {
      body.metadata = { user_id: hash };
      return true;
    }
    return isObject(metadata) ? setIfAbsent(metadata, 'user_id', hash) : false;
  },
};

/** sha256 hex of a user id: stable per user, not reversible to the raw id by the provider. */
export function hashUserId(userId: string): string {
  return createHash('sha256').update(userId).digest('hex');
}

/**
 * The body to send, or undefined to send the app's bytes unchanged.
 * @param userId the scope's user id, only when `sendUserToProvider` is on
 */
export function rewriteRequestBody(plan: ProviderCallPlan, bodyText: string | undefined, userId: string | undefined): string | undefined {
  let rewritten = plan.rewrittenBodyText;
  if (userId === undefined || plan.operation !== 'chat') return rewritten;
  const setUser = USER_FIELDS[plan.provider];
  const source = rewritten ?? bodyText;
  if (!setUser || source === undefined) return rewritten;
  try {
    const body: unknown = JSON.parse(source);
    if (isObject(body) && setUser(body, hashUserId(userId))) rewritten = JSON.stringify(body);
  } catch {
    // Not JSON: send it as the registry left it.
  }
  return rewritten;
}

function setIfAbsent(target: Record<string, unknown>, key: string, value: string): boolean {
  if (target[key] !== undefined) return false;
  target[key] = value;
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
