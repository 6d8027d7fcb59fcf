// Optional shared-secret check for the /v1 routes (COSTTRACE_API_KEY), compared in constant time.
import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

export function requireApiKey(expected: string): MiddlewareHandler {
  const want = Buffer.from(expected);
  return async (c, next) => {
    const header = c.req.header('x-api-key') ?? c.req.header('authorization')?.replace(/^Bearer\s+/i, '') ?? '';
    const got = Buffer.from(header);
    if (got.length !== want.length || !timingSafeEqual(got, want)) {
      return c.json({ error: 'missing or wrong API key (send Authorization: Bearer <COSTTRACE_API_KEY>)' }, 401);
    }
    await next();
  };
}
