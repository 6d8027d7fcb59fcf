// Plain node:http: wraps a request listener so each request runs in its own attribution scope; feature defaults
// to the request path (there is no route pattern without a router; pass `feature` to group paths).
import { context, type Context } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MiddlewareOptions } from '../types.js';
import { nodeRequestInfo, requestContext } from './request-scope.js';

/**
 * @example http.createServer(withCosttrace((req, res) => { ... }, { resolveUser: 'clerk' }));
 */
export function withCosttrace<Req extends IncomingMessage, Res extends ServerResponse>(
  listener: (req: Req, res: Res) => void,
  options: MiddlewareOptions = {},
): (req: Req, res: Res) => void {
  return function costtraceListener(req, res) {
    const path = (req.url ?? '/').split('?')[0];
    const ctx = requestContext(nodeRequestInfo(req, req), options, () => path);
    const run = (scope: Context): void => {
      context.bind(scope, req);
      context.with(scope, () => listener(req, res));
    };
    if (ctx instanceof Promise) ctx.then(run, () => listener(req, res));
    else run(ctx);
  };
}
