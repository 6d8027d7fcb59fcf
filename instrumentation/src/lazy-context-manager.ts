// The context manager costtrace registers when the app has none: AsyncLocalStorage, switched on by the first scope
// (track, startSpan, middleware, withMessage) instead of at start-up. On Node 20 a live AsyncLocalStorage runs a
// hook for every promise the app creates, which an app whose provider calls are only captured, never scoped, has
// no use for. The one context that arrives before any scope, the batch processor's `suppressTracing` around each
// export, is made active for the synchronous export call only; the export's requests are also recognised by URL.
import { propagation, ROOT_CONTEXT, trace, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { isTracingSuppressed } from '@opentelemetry/core';
import { getAttribution } from './attribution.js';

export class LazyAsyncLocalStorageContextManager extends AsyncLocalStorageContextManager {
  private live = false;
  /** The context of a synchronous `with` run while the storage is still off. */
  private current: Context | undefined;

  override active(): Context {
    // Before the first scope the storage holds a context only if startSpan entered one directly.
    return this.live ? super.active() : (this.current ?? super.active());
  }

  override with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    if (this.live || !onlySuppressesTracing(context)) {
      this.live = true;
      return super.with(context, fn, thisArg, ...args);
    }
    const previous = this.current;
    this.current = context;
    try {
      return fn.call(thisArg, ...args);
    } finally {
      this.current = previous;
    }
  }
}

/** A context that carries nothing but suppressed tracing (relative to the root). */
function onlySuppressesTracing(context: Context): boolean {
  return (
    context !== ROOT_CONTEXT &&
    isTracingSuppressed(context) &&
    trace.getSpan(context) === undefined &&
    getAttribution(context) === undefined &&
    propagation.getBaggage(context) === undefined
  );
}
