// Express middleware: one attribution scope per request; feature defaults to the matched route (`baseUrl + route.path`).
import { context, type Context } from '@opentelemetry/api';
import type { IncomingMessage } from 'node:http';
import type { MiddlewareOptions } from '../types.js';
import { nodeRequestInfo, requestContext } from './request-scope.js';

/** The parts of Express's `req` costtrace reads. */
interface ExpressRequest extends IncomingMessage {
  originalUrl?: string;
  baseUrl?: string;
  route?: { path?: unknown };
}

/**
 * @example app.use(costtraceExpress({ resolveUser: (req) => ({ userId: req.header('x-user-id') }) }));
 */
export function costtraceExpress(
  options: MiddlewareOptions = {},
): (req: ExpressRequest, res: unknown, next: (err?: unknown) => void) => void {
  return function costtraceMiddleware(req, _res, next) {
    const route = (): string | undefined => (typeof req.route?.path === 'string' ? `${req.baseUrl ?? ''}${req.route.path}` : undefined);
    const ctx = requestContext(
      nodeRequestInfo(req, { method: req.method, url: req.originalUrl ?? req.url, headers: req.headers }),
      options,
      route,
    );
    const run = (scope: Context): void => {
      // Body parsers read the request in 'data' listeners that run in the socket's context: bind the request to ours.
      context.bind(scope, req);
      context.with(scope, next);
    };
    if (ctx instanceof Promise) ctx.then(run, () => next());
    else run(ctx);
  };
}
