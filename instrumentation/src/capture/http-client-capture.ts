// Captures node:http(s) clients (axios, got, the OTLP exporter's transport, ...). Node 20 publishes
// `http.client.request.start` only after headers and body went out, so the request side hooks
// ClientRequest.prototype.write/end (the first call, while headers can still change, adds baggage and plans; a body
// sent whole by end() is rewritten). The response side uses `http.client.response.finish`, published before any
// body byte is pushed, and observes the bytes through the response's own push(), never by adding 'data' listeners
// (which would change the app's flow) nor 'error' listeners (which would swallow the app's errors).
import diagnosticsChannel from 'node:diagnostics_channel';
import http, { type ClientRequest, type IncomingMessage } from 'node:http';
import { mergeBaggageHeader } from '../baggage.js';
import { asBuffer } from '../providers/byte-text.js';
import type { CaptureRuntime, PlannedTarget } from './capture-runtime.js';
import { headerValue } from './headers.js';
import type { ProviderCall } from './provider-call.js';

const MAX_BODY_BYTES = 8 * 1024 * 1024;

interface RequestState {
  origin: string;
  path: string;
  target: PlannedTarget;
  chunks: Buffer[] | undefined;
  size: number;
  wrote: boolean;
  responded?: boolean;
  call?: ProviderCall;
}

type Write = (this: ClientRequest, ...args: unknown[]) => unknown;

/** Installs the request hooks and the response channel; returns the function that removes them. */
export function installHttpClientCapture(runtime: CaptureRuntime): () => void {
  const states = new WeakMap<ClientRequest, RequestState | null>();
  const proto = http.ClientRequest.prototype as unknown as Record<'write' | 'end', Write>;
  const hadOwn = { write: Object.hasOwn(proto, 'write'), end: Object.hasOwn(proto, 'end') };
  const original = { write: proto.write, end: proto.end };

  const stateOf = (req: ClientRequest): RequestState | null => {
    let state = states.get(req);
    if (state === undefined) {
      state = begin(runtime, req);
      states.set(req, state);
    }
    return state;
  };

  proto.write = function costtraceWrite(this: ClientRequest, ...args: unknown[]) {
    const state = stateOf(this);
    if (state) collectChunk(state, args[0], args[1]);
    if (state) state.wrote = true;
    return original.write.apply(this, args);
  };
  proto.end = function costtraceEnd(this: ClientRequest, ...args: unknown[]) {
    const state = stateOf(this);
    if (state && !state.call) {
      const hasChunk = typeof args[0] !== 'function';
      if (hasChunk) collectChunk(state, args[0], args[1]);
      const replaced = startCall(runtime, this, state);
      if (replaced !== undefined && hasChunk) args[0] = replaced;
    }
    return original.end.apply(this, args);
  };

  const onResponse = (message: unknown): void => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    const state = states.get(request);
    if (!state?.call) return;
    state.responded = true;
    observeResponse(state.call, response);
  };
  diagnosticsChannel.subscribe('http.client.response.finish', onResponse);

  return () => {
    diagnosticsChannel.unsubscribe('http.client.response.finish', onResponse);
    for (const name of ['write', 'end'] as const) {
      if (hadOwn[name]) proto[name] = original[name];
      else delete (proto as Partial<Record<string, Write>>)[name];
    }
  };
}

/** First write or end of a request: add baggage for internal hosts, decide whether it is a provider call. */
function begin(runtime: CaptureRuntime, req: ClientRequest): RequestState | null {
  try {
    // Normalised as undici's origins are (lowercase host, no default port), so both transports share one cache.
    const { origin, pathname, search } = new URL(`${req.protocol}//${String(req.getHeader('host') ?? req.host)}${req.path}`);
    const path = `${pathname}${search}`;
    const inspection = runtime.inspect(origin, path, req.method);
    if (!inspection) return null;
    if (inspection.baggage !== undefined && !req.headersSent)
      req.setHeader('baggage', mergeBaggageHeader(headerValue(req.getHeaders(), 'baggage'), inspection.baggage));
    if (!inspection.call) return null;
    const textual = /json|text/i.test(headerValue(req.getHeaders(), 'content-type') ?? '');
    return { origin, path, target: inspection.call, chunks: textual ? [] : undefined, size: 0, wrote: false };
  } catch {
    runtime.stats.captureErrors++;
    return null;
  }
}

function collectChunk(state: RequestState, chunk: unknown, encoding: unknown): void {
  if (!state.chunks || chunk === undefined || chunk === null || typeof chunk === 'function') return;
  const bytes =
    typeof chunk === 'string'
      ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
      : Buffer.from(chunk as Uint8Array);
  state.size += bytes.byteLength;
  if (state.size > MAX_BODY_BYTES) state.chunks = undefined;
  else state.chunks.push(bytes);
}

/** Starts the span; returns a replacement body for end() when the body can still be rewritten. */
function startCall(runtime: CaptureRuntime, req: ClientRequest, state: RequestState): Buffer | undefined {
  const started = runtime.start(state.target, state.origin, state.path, req.method, state.chunks ? Buffer.concat(state.chunks) : undefined);
  if (!started) return undefined;
  state.call = started.call;
  const call = started.call;
  // No response at all (connection refused, reset): the request's 'close' ends the span as failed.
  req.once('close', () => {
    if (!state.responded) call.fail(new Error('request closed without a response'));
  });
  // Only a body handed whole to end() before the headers left can be replaced.
  const canRewrite = !state.wrote && !req.headersSent;
  if (started.body === undefined || !canRewrite) {
    if (started.body !== undefined) started.call.requestSentUnchanged();
    else if (started.identityEncoding && !req.headersSent) req.setHeader('accept-encoding', 'identity');
    return undefined;
  }
  const body = asBuffer(started.body);
  if (req.getHeader('content-length') !== undefined) req.setHeader('content-length', body.byteLength);
  if (started.identityEncoding) req.setHeader('accept-encoding', 'identity');
  return body;
}

function observeResponse(call: ProviderCall, response: IncomingMessage): void {
  call.response(response.statusCode ?? 0, response.headers);
  const push = response.push;
  response.push = function costtracePush(this: IncomingMessage, chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk === null) {
      const tail = call.complete();
      if (tail.byteLength > 0) push.call(this, Buffer.from(tail));
      return push.call(this, null);
    }
    const out = call.data(chunk as Uint8Array);
    if (out === chunk) return push.call(this, chunk, encoding);
    return out.byteLength > 0 ? push.call(this, Buffer.from(out)) : true;
  };
  // Destroyed before the end: by the app (cancelled) or by the network (response.errored is set).
  response.once('close', () =>
    call.fail(response.errored ?? Object.assign(new Error('response closed before its end'), { name: 'AbortError' })),
  );
}
