import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ResolvedConfig } from '../internal-types.js';
import type { ProviderRegistry } from '../providers/index.js';
import type { ProviderCallPlan } from '../providers/provider-types.js';
import { createStats } from '../stats.js';
import { RECORD_DELAY_MS } from './background-queue.js';
import { CaptureRuntime } from './capture-runtime.js';
import { createDispatch } from './undici-interceptor.js';

const CONFIG: ResolvedConfig = {
  app: 'test',
  endpoint: 'http://127.0.0.1:1',
  tracesUrl: 'http://127.0.0.1:1/v1/traces',
  providers: {},
  internalHosts: [],
  sendUserToProvider: false,
  maxQueueSize: 10,
  exportTimeoutMillis: 100,
  scheduledDelayMillis: 10,
};

// The registry is an interface; this stand-in drops the byte 'U' (as if it were the injected usage chunk) and
// reports the number of bytes it read as input tokens, so the test sees exactly what the runtime did: a filtered
// stream is read only for what the filter removed, any other body whole.
function planOf(bodyText: string | undefined): ProviderCallPlan {
  const rewrite = bodyText?.includes('"stream":true');
  return {
    provider: 'openai',
    operation: 'chat',
    requestModel: 'm1',
    streaming: true,
    stripInjectedUsageChunk: rewrite === true,
    injectable: true,
    billable: true,
    ...(rewrite && { rewrittenBodyText: bodyText!.replace('}', ',"injected":true}') }),
  };
}

function setup() {
  /** The body text of every planning, in order (undefined: planned from the URL alone). */
  const requests: (string | undefined)[] = [];
  const registry: ProviderRegistry = {
    knowsOrigin: (url) => url.hostname === 'provider.test',
    plan(req) {
      requests.push(req.bodyText);
      if (req.url.hostname !== 'provider.test' || !req.url.pathname.startsWith('/v1/')) return undefined;
      return planOf(req.bodyText);
    },
    withBody(_plan, bodyText) {
      requests.push(bodyText);
      return planOf(bodyText);
    },
    withIncludeUsage(plan, body) {
      const bodyText = Buffer.from(body).toString();
      requests.push(`include_usage? ${bodyText}`);
      const planned = planOf(bodyText);
      if (planned.rewrittenBodyText === undefined) return undefined;
      return { plan: { ...plan, stripInjectedUsageChunk: true }, body: Buffer.from(planned.rewrittenBodyText) };
    },
    createReader() {
      let n = 0;
      return { push: (c) => void (n += c.byteLength), finish: () => ({ inputTokens: n, responseModel: 'm1-2025' }) };
    },
    createInjectedUsageFilter(_plan, onRemoved) {
      return {
        transform: (c) => {
          const text = Buffer.from(c).toString();
          const removed = text.replaceAll(/[^U]/g, '');
          if (removed !== '') onRemoved?.(Buffer.from(removed));
          return Buffer.from(text.replaceAll('U', ''));
        },
        flush: () => new Uint8Array(0),
      };
    },
  };
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const runtime = new CaptureRuntime(registry, () => provider.getTracer('@costtrace/sdk'), CONFIG, {}, createStats());
  return { runtime, exporter, requests };
}

async function* generator(text: string) {
  yield Buffer.from(text.slice(0, 4));
  yield Buffer.from(text.slice(4));
}

describe('undici interceptor', () => {
  it('rewrites a streamed fetch body, keeps Authorization, filters and observes the undici 6 handler API', async () => {
    const { runtime, exporter, requests } = setup();
    const seen: { opts?: Record<string, unknown>; app: string[] } = { app: [] };
    const dispatched = new Promise<void>((resolve) => {
      const dispatch = createDispatch(runtime, (opts, handler) => {
        seen.opts = opts;
        const h = handler as Record<string, (...a: unknown[]) => unknown>;
        h.onConnect!(() => undefined);
        h.onHeaders!(200, [Buffer.from('content-type'), Buffer.from('text/event-stream')], () => undefined, 'OK');
        h.onData!(Buffer.from('ab'));
        h.onData!(Buffer.from('UU'));
        h.onData!(Buffer.from('cU'));
        h.onComplete!([]);
        resolve();
        return true;
      });
      const appHandler = {
        onConnect: () => undefined,
        onHeaders: () => true,
        onData: (c: Buffer) => (seen.app.push(c.toString()), true),
        onComplete: () => undefined,
        onError: (e: unknown) => {
          throw e;
        },
      };
      expect(
        dispatch(
          {
            origin: 'https://provider.test',
            path: '/v1/chat/completions',
            method: 'POST',
            headers: { authorization: 'Bearer sk-1', 'content-type': 'application/json', 'content-length': '25' },
            body: generator('{"model":1,"stream":true}'),
          },
          appHandler,
        ),
      ).toBe(true);
    });
    await dispatched;
    // Only include_usage is decided before sending, because costtrace may change it; the rest is planned later.
    expect(requests).toEqual([undefined, 'include_usage? {"model":1,"stream":true}']);
    expect(Buffer.from(seen.opts?.body as Buffer).toString()).toBe('{"model":1,"stream":true,"injected":true}');
    expect(seen.opts?.headers).toEqual({
      authorization: 'Bearer sk-1',
      'content-type': 'application/json',
      'content-length': '41',
      'accept-encoding': 'identity',
    });
    expect(seen.app).toEqual(['ab', 'c']);
    // The span is recorded after the call, in the background.
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    runtime.background.drain();
    expect(requests).toEqual([undefined, 'include_usage? {"model":1,"stream":true}', '{"model":1,"stream":true}']);
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('chat m1');
    expect(span?.attributes).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'gen_ai.usage.input_tokens': 3,
      'gen_ai.response.model': 'm1-2025',
      'http.response.status_code': 200,
      'server.address': 'provider.test',
      'server.port': 443,
    });
  });

  it('speaks the undici 7 handler API to a handler that uses it, and marks an abort as cancelled', () => {
    const { runtime, exporter } = setup();
    const app: string[] = [];
    const dispatch = createDispatch(runtime, (_opts, handler) => {
      const h = handler as Record<string, (...a: unknown[]) => unknown>;
      expect(h.onHeaders).toBeUndefined();
      h.onRequestStart!({}, {});
      h.onResponseStart!({}, 200, { 'content-type': 'text/event-stream' }, 'OK');
      h.onResponseData!({}, Buffer.from('xyz'));
      h.onResponseError!({}, Object.assign(new Error('aborted'), { name: 'AbortError' }));
      return true;
    });
    dispatch(
      { origin: 'https://provider.test', path: '/v1/chat/completions', method: 'POST', headers: {}, body: null },
      {
        onRequestStart: () => app.push('start'),
        onResponseStart: (_c: unknown, status: number) => app.push(`status ${status}`),
        onResponseData: (_c: unknown, chunk: Buffer) => app.push(chunk.toString()),
        onResponseEnd: () => app.push('end'),
        onResponseError: (_c: unknown, e: Error) => app.push(`error ${e.name}`),
      },
    );
    expect(app).toEqual(['start', 'status 200', 'xyz', 'error AbortError']);
    runtime.background.drain();
    const [span] = exporter.getFinishedSpans();
    expect(span?.attributes).toMatchObject({ 'costtrace.cancelled': true, 'error.type': 'cancelled', 'gen_ai.usage.input_tokens': 3 });
    expect(span?.status.code).toBe(2);
  });

  it('passes other hosts, and other paths of a provider host, through untouched without planning them', () => {
    const { runtime, exporter, requests } = setup();
    for (const [origin, path] of [
      ['https://example.com', '/v1/chat/completions'],
      ['https://provider.test', '/health'],
    ]) {
      const opts = { origin, path, method: 'GET', headers: { a: '1' } };
      const handler = { onData: () => true };
      let received: unknown[] = [];
      createDispatch(runtime, (o, h) => ((received = [o, h]), true))(opts, handler);
      expect(received[0]).toBe(opts);
      expect(received[1]).toBe(handler);
    }
    // Only the provider host was planned (from its URL, which is no provider call).
    expect(requests).toEqual([undefined]);
    runtime.background.drain();
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });

  describe('records the span', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    /** A call whose response has this content type and ends after the chunks; its span's input tokens = bytes read. */
    function call(runtime: CaptureRuntime, contentType: string, chunks: string[]): void {
      createDispatch(runtime, (_opts, handler) => {
        const h = handler as Record<string, (...a: unknown[]) => unknown>;
        h.onHeaders!(200, [Buffer.from('content-type'), Buffer.from(contentType)], () => undefined, 'OK');
        for (const chunk of chunks) h.onData!(Buffer.from(chunk));
        h.onComplete!([]);
        return true;
      })(
        { origin: 'https://provider.test', path: '/v1/chat/completions', method: 'POST', headers: {}, body: null },
        { onHeaders: () => true, onData: () => true, onComplete: () => undefined, onError: () => undefined },
      );
    }

    it('of a whole-body call in the next turn, and of an event stream with later calls, after the record delay', () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate'] });
      const { runtime, exporter } = setup();
      const tokens = () => exporter.getFinishedSpans().map((s) => s.attributes['gen_ai.usage.input_tokens']);
      call(runtime, 'application/json', ['{"a":1}']);
      vi.advanceTimersByTime(0);
      expect(tokens()).toEqual([7]);
      call(runtime, 'text/event-stream', ['data: 1\n\n', 'data: 2\n\n']);
      call(runtime, 'text/event-stream; charset=utf-8', ['data: 3\n\n']);
      vi.advanceTimersByTime(RECORD_DELAY_MS - 1);
      expect(tokens()).toEqual([7]);
      vi.advanceTimersByTime(1);
      expect(tokens()).toEqual([7, 18, 9]);
    });

    it('of an event stream with the time the stream ended, not the time it was recorded', () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'performance'] });
      const { runtime, exporter } = setup();
      call(runtime, 'text/event-stream', ['data: 1\n\n']);
      vi.advanceTimersByTime(RECORD_DELAY_MS);
      const [span] = exporter.getFinishedSpans();
      // The call started and ended at the same fake instant; it was recorded RECORD_DELAY_MS later.
      expect(span!.duration).toEqual([0, 0]);
    });

    it('of a long event stream as it goes, so that the bytes waiting to be read stay bounded', () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate'] });
      const { runtime, exporter } = setup();
      let read = 0;
      const reader = runtime.registry.createReader;
      runtime.registry.createReader = (...args) => {
        const inner = reader(...args);
        return { push: (c) => ((read += c.byteLength), inner.push(c)), finish: () => inner.finish() };
      };
      createDispatch(runtime, (_opts, handler) => {
        const h = handler as Record<string, (...a: unknown[]) => unknown>;
        h.onHeaders!(200, [Buffer.from('content-type'), Buffer.from('text/event-stream')], () => undefined, 'OK');
        for (let i = 0; i < 40; i++) h.onData!(Buffer.from('x'));
        return true;
      })(
        { origin: 'https://provider.test', path: '/v1/chat/completions', method: 'POST', headers: {}, body: null },
        { onHeaders: () => true, onData: () => true, onComplete: () => undefined, onError: () => undefined },
      );
      // Sixteen waiting chunks ask for the next turn rather than the record delay: there, all 40 are read, though
      // the stream has not ended.
      vi.advanceTimersByTime(0);
      expect(read).toBe(40);
      expect(exporter.getFinishedSpans()).toHaveLength(0);
    });
  });

  it('sends a body costtrace will not change as it is, and plans it after the call', () => {
    const { runtime, exporter, requests } = setup();
    const body = '{"model":"m1","messages":[]}';
    let sent: unknown;
    createDispatch(runtime, (opts, handler) => {
      sent = opts.body;
      const h = handler as Record<string, (...a: unknown[]) => unknown>;
      h.onHeaders!(200, [Buffer.from('content-type'), Buffer.from('application/json')], () => undefined, 'OK');
      h.onData!(Buffer.from('{}'));
      h.onComplete!([]);
      return true;
    })(
      {
        origin: 'https://provider.test',
        path: '/v1/chat/completions',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      },
      { onHeaders: () => true, onData: () => true, onComplete: () => undefined, onError: () => undefined },
    );
    expect(sent).toBe(body);
    // Asked only whether include_usage applies (it does not), then planned after the call.
    expect(requests).toEqual([undefined, `include_usage? ${body}`]);
    runtime.background.drain();
    expect(requests).toEqual([undefined, `include_usage? ${body}`, body]);
    expect(exporter.getFinishedSpans().map((s) => s.attributes['gen_ai.usage.input_tokens'])).toEqual([2]);
  });
});
