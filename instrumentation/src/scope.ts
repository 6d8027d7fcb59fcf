// Attribution scopes: track(feature, attrs, fn) around a callback, and startSpan(feature, attrs) for code that
// can't be wrapped. Both open an INTERNAL span named after the feature and put the merged attribution in the OTel
// context, so concurrent requests never mix and nested scopes refine their parents.
import { context, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import { attributionAttributes, getAttribution, mergeAttribution, setAttribution } from './attribution.js';
import { costtraceTracer } from './tracer.js';
import type { ScopeHandle, TrackAttributes } from './types.js';

function openScope(feature: string, attrs: TrackAttributes | undefined): { span: Span; ctx: Context } {
  const parent = context.active();
  const attribution = mergeAttribution(getAttribution(parent), feature, attrs);
  const span = costtraceTracer().startSpan(feature, { attributes: attributionAttributes(attribution) }, parent);
  return { span, ctx: setAttribution(trace.setSpan(parent, span), attribution) };
}

/**
 * Runs `fn` in an attribution scope and returns its result (a promise stays a promise). Provider calls and
 * `trackUsage` inside are attributed to `feature` and `attrs`; an inner scope's feature wins and its attrs merge
 * over the outer ones.
 * @example
 * const reply = await track('chat', { userId: 'u1', orgId: 'o1', plan: 'pro' }, () => openai.chat.completions.create(...));
 */
export function track<T>(feature: string, attrs: TrackAttributes | undefined, fn: () => T): T {
  const { span, ctx } = openScope(feature, attrs);
  let result: T;
  try {
    result = context.with(ctx, fn);
  } catch (error) {
    fail(span, error);
    span.end();
    throw error;
  }
  if (isThenable(result)) {
    return result.then(
      (value) => {
        span.end();
        return value;
      },
      (error: unknown) => {
        fail(span, error);
        span.end();
        throw error;
      },
    ) as T;
  }
  span.end();
  return result;
}

/**
 * Opens a scope without a callback. The scope becomes active for the rest of the current async execution (the
 * current synchronous code and every promise, timer or callback it creates from now on), through
 * AsyncLocalStorage.enterWith on the active context manager: never a module global, so concurrent requests stay
 * apart. Call it inside the request's own async function after its first `await` (or in a middleware/handler),
 * because before that first await an async function still runs in its caller's context. `end()` ends the span
 * and restores the previous scope if this one is still active.
 * @example
 * const scope = startSpan('export-pdf', { userId });
 * try { await renderAndUpload(); } finally { scope.end(); }
 */
export function startSpan(feature: string, attrs?: TrackAttributes): ScopeHandle {
  const { span, ctx } = openScope(feature, attrs);
  const restore = enter(ctx);
  let ended = false;
  return {
    end() {
      if (ended) return;
      ended = true;
      if (context.active() === ctx) restore?.();
      span.end();
    },
  };
}

interface AttachingManager {
  attach?: (ctx: Context) => { dispose(): void };
  _asyncLocalStorage?: { enterWith(ctx: Context): void };
}

/** Makes ctx active in the current async resource; returns how to restore the previous context. */
function enter(ctx: Context): (() => void) | undefined {
  const manager = (context as unknown as { _getContextManager(): AttachingManager })._getContextManager();
  if (typeof manager.attach === 'function') {
    const token = manager.attach(ctx);
    return () => token.dispose();
  }
  const storage = manager._asyncLocalStorage;
  if (storage && typeof storage.enterWith === 'function') {
    const previous = context.active();
    storage.enterWith(ctx);
    return () => storage.enterWith(previous);
  }
  return undefined;
}

function fail(span: Span, error: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
}
