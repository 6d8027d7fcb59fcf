// Fastify plugin: one attribution scope per request from onRequest; feature defaults to the route pattern.
import { context, type Context } from '@opentelemetry/api';
import type { IncomingMessage } from 'node:http';
import type { MiddlewareOptions } from '../types.js';
import { nodeRequestInfo, requestContext } from './request-scope.js';

interface FastifyRequestLike {
  raw: IncomingMessage;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  routeOptions?: { url?: string };
}
interface FastifyLike {
  addHook(name: 'onRequest', hook: (request: FastifyRequestLike, reply: unknown, done: (err?: Error) => void) => void): unknown;
}

/**
 * Register with `await app.register(costtraceFastify({ resolveUser: 'clerk' }))`. The plugin is not encapsulated
 * (it applies to every route, like one wrapped in fastify-plugin).
 */
export function costtraceFastify(
  options: MiddlewareOptions = {},
): (instance: FastifyLike, opts: unknown, done: (err?: Error) => void) => void {
  const plugin = (instance: FastifyLike, _opts: unknown, done: (err?: Error) => void): void => {
    instance.addHook('onRequest', (request, _reply, hookDone) => {
      const route = (): string | undefined => request.routeOptions?.url;
      const ctx = requestContext(nodeRequestInfo(request, request), options, route);
      const run = (scope: Context): void => {
        // Fastify parses bodies in 'data' listeners added after this hook: bind the raw request to the scope.
        context.bind(scope, request.raw);
        context.with(scope, () => hookDone());
      };
      if (ctx instanceof Promise) ctx.then(run, () => hookDone());
      else run(ctx);
    });
    done();
  };
  // Fastify's documented opt-out of plugin encapsulation (what fastify-plugin sets).
  Object.assign(plugin, { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: 'costtrace' });
  return plugin;
}
