// An app that already runs its own OTel SDK: costtrace joins its tracer provider instead of replacing it.
import { trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { flush, init, shutdown, track } from '@costtrace/sdk';
import { chatJson } from './helpers/openai-wire.js';
import { RecordingExporter } from './helpers/recording-exporter.js';
import { startScriptedServer, type ScriptedServer } from './helpers/scripted-server.js';

let server: ScriptedServer;
const appExporter = new InMemorySpanExporter();
const appProvider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(appExporter)] });
const costtraceExporter = new RecordingExporter();

beforeAll(async () => {
  server = await startScriptedServer((_req, res) => res.end(chatJson('gpt-4o')));
  appProvider.register({ contextManager: new AsyncLocalStorageContextManager() });
  init({ exporter: costtraceExporter, providers: { openai: [`${server.url}/v1`] }, scheduledDelayMillis: 5 });
});
afterAll(async () => {
  await shutdown();
  await appProvider.shutdown();
  await server.close();
});

it('adds its processor to the app provider: both pipelines see the call, the app keeps its globals', async () => {
  expect((trace.getTracerProvider() as unknown as { getDelegate(): unknown }).getDelegate()).toBe(appProvider);
  const appTracer = trace.getTracer('app');
  await appTracer.startActiveSpan('POST /chat', async (serverSpan) => {
    await track('chat', { userId: 'u1' }, async () => {
      await (
        await fetch(`${server.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'gpt-4o', messages: [] }),
        })
      ).text();
      // The app's own spans inside a scope carry the attribution too.
      appTracer.startSpan('db.query').end();
    });
    serverSpan.end();
  });
  await flush();
  expect((trace.getTracerProvider() as unknown as { getDelegate(): unknown }).getDelegate()).toBe(appProvider);

  const appSpans = appExporter.getFinishedSpans();
  const byName = new Map(appSpans.map((s) => [s.name, s]));
  const call = byName.get('chat gpt-4o');
  const scope = byName.get('chat');
  const root = byName.get('POST /chat');
  expect(call?.attributes).toMatchObject({
    'gen_ai.provider.name': 'openai',
    'gen_ai.usage.input_tokens': 11,
    'costtrace.feature': 'chat',
    'costtrace.user_id': 'u1',
  });
  // One trace: app server span → costtrace scope span → provider call span.
  expect(call?.parentSpanContext?.spanId).toBe(scope?.spanContext().spanId);
  expect(scope?.parentSpanContext?.spanId).toBe(root?.spanContext().spanId);
  expect(byName.get('db.query')?.attributes).toMatchObject({ 'costtrace.feature': 'chat', 'costtrace.user_id': 'u1' });
  expect(root?.attributes['costtrace.feature']).toBeUndefined();
  // costtrace exports only its usage spans.
  expect(costtraceExporter.spans.map((s) => s.name)).toEqual(['chat gpt-4o']);
});
