// Hono middleware: one attribution scope per request; feature defaults to the route pattern of the handler that
// runs (`c.req.routePath`, read when the call is made).
import { context } from '@opentelemetry/api';
import type { IncomingRequestInfo, MiddlewareOptions } from '../types.js';
import { requestContext } from './request-scope.js';

interface HonoContextLike {
  req: { method: string; url: string; routePath?: string; header(name: string): string | undefined };
}

/**
 * @example app.use(costtraceHono({ resolveUser: 'clerk' }));
 */
export function costtraceHono(options: MiddlewareOptions = {}): (c: HonoContextLike, next: () => Promise<void>) => Promise<void> {
  return async function costtraceMiddleware(c, next) {
    const url = new URL(c.req.url);
    const info: IncomingRequestInfo = {
      method: c.req.method,
      url: url.pathname + url.search,
      header: (name) => c.req.header(name),
      raw: c,
    };
    const route = (): string | undefined => {
      const path = c.req.routePath;
      return path === undefined || path === '*' || path === '/*' ? undefined : path;
    };
    const scope = await requestContext(info, options, route);
    await context.with(scope, next);
  };
}
