// Captures every fetch through an interceptor composed onto undici's global dispatcher. Unlike a globalThis.fetch
// wrapper it also sees clients that captured `fetch` before init() (openai, @anthropic-ai/sdk), copies nothing and
// leaves the app's Response object itself untouched (url, redirected, type, headers): only the body bytes pass
// through the observing handler, which forwards each chunk synchronously. Handles both handler APIs: undici 6
// (Node 20's bundled fetch: onHeaders/onData/onComplete) and undici 7 (onResponseStart/onResponseData/onResponseEnd).
// A per-request `dispatcher` option bypasses the global dispatcher and therefore this capture (see README).
import type { CaptureRuntime } from './capture-runtime.js';
import { headerValue, withHeaders } from './headers.js';
import { mergeBaggageHeader } from '../baggage.js';
import type { ProviderCall } from './provider-call.js';

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
/** Request bodies larger than this (uploads), or of unknown length (streamed), are sent untouched and planned
 * without their text. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

type Handler = Record<string, ((...args: unknown[]) => unknown) | unknown>;
type DispatchOptions = { origin?: unknown; path?: unknown; method?: unknown; headers?: unknown; body?: unknown; [k: string]: unknown };
type Dispatch = (opts: DispatchOptions, handler: Handler) => boolean;
interface Dispatcher {
  dispatch: Dispatch;
  compose?: (interceptor: (dispatch: Dispatch) => Dispatch) => Dispatcher;
}

/** Composes the capture onto the global dispatcher; returns the function that removes it. */
export function installUndiciInterceptor(runtime: CaptureRuntime): () => void {
  const store = globalThis as unknown as Record<symbol, Dispatcher | undefined>;
  if (store[GLOBAL_DISPATCHER] === undefined) loadBundledUndici();
  const original = store[GLOBAL_DISPATCHER];
  if (!original || typeof original.compose !== 'function') return () => {};
  const composed = original.compose((dispatch) => createDispatch(runtime, dispatch));
  store[GLOBAL_DISPATCHER] = composed;
  return () => {
    if (store[GLOBAL_DISPATCHER] === composed) store[GLOBAL_DISPATCHER] = original;
  };
}

/** Node loads its bundled undici (which creates the global Agent) on the first fetch call; a data: URL is local. */
function loadBundledUndici(): void {
  try {
    void globalThis.fetch('data:,').catch(() => undefined);
  } catch {
    // No global fetch: nothing to capture on this path.
  }
}

export function createDispatch(runtime: CaptureRuntime, dispatch: Dispatch): Dispatch {
  return function costtraceDispatch(opts, handler) {
    // Most requests go to hosts costtrace has nothing to do with: one cached lookup, then on their way.
    const origin = originOf(opts.origin);
    if (origin === undefined || !runtime.watches(origin)) return dispatch(opts, handler);
    const path = String(opts.path ?? '/');
    const method = String(opts.method ?? 'GET');
    const inspection = runtime.inspect(origin, path, method);
    if (!inspection) return dispatch(opts, handler);
    let out = opts;
    if (inspection.baggage !== undefined) {
      const baggage = mergeBaggageHeader(headerValue(opts.headers, 'baggage'), inspection.baggage);
      out = { ...opts, headers: withHeaders(opts.headers, { baggage }) };
    }
    const target = inspection.call;
    if (!target) return dispatch(out, handler);

    const go = (bytes: Uint8Array | undefined, consumed: boolean): boolean => {
      const started = runtime.start(target, origin, path, method, bytes);
      let final = consumed ? { ...out, body: bytes } : out;
      if (started?.body !== undefined) {
        const replace: Record<string, string> = { 'content-length': String(started.body.byteLength) };
        if (started.identityEncoding) replace['accept-encoding'] = 'identity';
        final = { ...out, body: started.body, headers: withHeaders(out.headers, replace) };
      }
      return dispatch(final, started ? observingHandler(handler, started.call) : handler);
    };

    // A JSON body of known, bounded size is read so the call can be planned with it; others are planned by URL.
    const body = opts.body;
    if (body === undefined || body === null || !/json|text/i.test(headerValue(opts.headers, 'content-type') ?? ''))
      return go(undefined, false);
    const length = Number(headerValue(opts.headers, 'content-length') ?? Number.NaN);
    if (length > MAX_BODY_BYTES) return go(undefined, false);
    if (typeof body === 'string') return go(Buffer.from(body, 'utf8'), false);
    if (body instanceof Uint8Array) return go(body, false);
    if (!Number.isFinite(length) || typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function')
      return go(undefined, false);
    // fetch hands undici its body as an async generator: read it (a JSON request, small) before sending it on.
    collect(
      body as AsyncIterable<unknown>,
      length,
      (bytes) => go(bytes, true),
      (error) => failHandler(handler, error),
    );
    return true;
  };
}

/** A dispatch origin as `scheme://host[:port]` (undici passes a string or a URL). */
function originOf(origin: unknown): string | undefined {
  if (typeof origin === 'string') return origin;
  return origin instanceof URL ? origin.origin : undefined;
}

/**
 * Reads the first `length` bytes of a body iterable: all of it, as fetch declares its length, and hands them to
 * `done` in the same microtask as the last read (each hop more would delay the request behind whatever else is
 * queued). The iterable's own end (fetch's end-of-body step) runs afterwards, unawaited.
 */
function collect(body: AsyncIterable<unknown>, length: number, done: (bytes: Buffer) => void, fail: (error: unknown) => void): void {
  const iterator = body[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let size = 0;
  const step = (): void => {
    iterator.next().then(({ done: ended, value }) => {
      if (!ended) {
        const bytes = value as Uint8Array | string;
        const part = typeof bytes === 'string' ? Buffer.from(bytes) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        parts.push(part);
        size += part.byteLength;
      }
      if (!ended && size < length) return step();
      done(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
      if (!ended) drain(iterator);
    }, fail);
  };
  step();
}

function drain(iterator: AsyncIterator<unknown>): void {
  iterator.next().then(
    (result) => (result.done ? undefined : drain(iterator)),
    () => undefined,
  );
}

function failHandler(handler: Handler, error: unknown): void {
  if (typeof handler.onResponseError === 'function') handler.onResponseError(null, error);
  else if (typeof handler.onError === 'function') handler.onError(error);
}

const FORWARDED = [
  'onConnect',
  'onUpgrade',
  'onResponseStarted',
  'onBodySent',
  'onRequestSent',
  'onRequestStart',
  'onRequestUpgrade',
] as const;

/** A handler with exactly the API of the app's handler, forwarding every call and observing the response. */
export function observingHandler(handler: Handler, call: ProviderCall): Handler {
  const wrapped: Handler = {};
  // Method calls on the app's handler itself (its `this`), with no argument arrays on the per-chunk path.
  const app = handler as Record<string, (...args: unknown[]) => unknown>;
  for (const name of FORWARDED) {
    if (typeof handler[name] === 'function') wrapped[name] = (...args: unknown[]) => app[name]!(...args);
  }
  if (typeof handler.onResponseStart === 'function') {
    wrapped.onResponseStart = (controller: unknown, status: unknown, headers: unknown, message: unknown) => {
      if (typeof status === 'number' && status >= 200) call.response(status, headers);
      return app.onResponseStart!(controller, status, headers, message);
    };
    wrapped.onResponseData = (controller: unknown, chunk: unknown) => {
      const out = call.data(chunk as Uint8Array);
      if (out === chunk || out.byteLength > 0) return app.onResponseData!(controller, out);
      return undefined;
    };
    wrapped.onResponseEnd = (controller: unknown, trailers: unknown) => {
      const tail = call.complete();
      if (tail.byteLength > 0) app.onResponseData!(controller, tail);
      return app.onResponseEnd!(controller, trailers);
    };
    wrapped.onResponseError = (controller: unknown, error: unknown) => {
      call.fail(error);
      return app.onResponseError!(controller, error);
    };
    return wrapped;
  }
  wrapped.onHeaders = (status: unknown, raw: unknown, resume: unknown, statusText: unknown) => {
    if (typeof status === 'number' && status >= 200) call.response(status, raw);
    return app.onHeaders!(status, raw, resume, statusText);
  };
  wrapped.onData = (chunk: unknown) => {
    const out = call.data(chunk as Uint8Array);
    if (out === chunk || out.byteLength > 0) return app.onData!(out);
    return true;
  };
  wrapped.onComplete = (trailers: unknown) => {
    const tail = call.complete();
    if (tail.byteLength > 0) app.onData!(tail);
    return app.onComplete!(trailers);
  };
  wrapped.onError = (error: unknown) => {
    call.fail(error);
    return app.onError!(error);
  };
  return wrapped;
}
