// Non-LLM providers over plain fetch against the fake providers: provider-reported cost, units from headers, polls
// that are never billable, and cumulative run objects counted once (only their final observation is exported).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { track } from '@costtrace/sdk';
import { startFakeProviders, type FakeProviders } from './fake-providers/index.js';
import { only, startSession, type SdkSession } from './helpers/sdk-session.js';

let fake: FakeProviders;
let session: SdkSession;
beforeAll(async () => {
  fake = await startFakeProviders();
  session = startSession({ providers: Object.fromEntries(Object.entries(fake.urls).map(([key, url]) => [key, [url]])) });
});
afterAll(async () => {
  await session.stop();
  await fake.close();
});

const call = (url: string, method = 'GET', body?: unknown) =>
  fetch(url, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) }).then(
    (r) => r.arrayBuffer(),
  );

describe('tool providers', () => {
  it('records DataForSEO’s reported cost as an exact decimal string', async () => {
    const { spans } = await session.capture(() =>
      track('seo', {}, () =>
        call(`${fake.urls.dataforseo}/serp/google/organic/live/advanced`, 'POST', [
          { keyword: 'albert einstein', location_code: 2840, language_code: 'en' },
        ]),
      ),
    );
    expect(only(spans).attributes).toMatchObject({
      'gen_ai.provider.name': 'dataforseo',
      'gen_ai.operation.name': 'execute_tool',
      'costtrace.cost_usd': '0.0020',
      'costtrace.feature': 'seo',
    });
    // Reported by the provider: the collector's default cost source, so no manual label.
    expect(only(spans).attributes['costtrace.cost_source']).toBeUndefined();
  });

  it('records ElevenLabs characters from its response header', async () => {
    const { spans } = await session.capture(() =>
      call(`${fake.urls.elevenlabs}/v1/text-to-speech/JBFqnCBsd6RMkjVDRZzb?output_format=mp3_44100_128`, 'POST', {
        text: 'The first move is what sets everything in motion.',
        model_id: 'eleven_multilingual_v2',
      }),
    );
    expect(only(spans).attributes).toMatchObject({
      'gen_ai.provider.name': 'elevenlabs',
      'gen_ai.request.model': 'eleven_multilingual_v2',
      'costtrace.units.characters': 49,
    });
  });

  it('never records Fal queue submits and status polls; records the result once', async () => {
    const base = fake.urls['fal:queue'];
    const { spans } = await session.capture(async () => {
      await call(`${base}/fal-ai/flux/dev`, 'POST', { prompt: 'a cat' });
      for (let i = 0; i < 3; i++) await call(`${base}/fal-ai/flux/requests/764cabcf-b745-4b3e-ae38-1200304cf45b/status`);
      await call(`${base}/fal-ai/flux/requests/764cabcf-b745-4b3e-ae38-1200304cf45b`);
      await call(`${base}/fal-ai/flux/requests/764cabcf-b745-4b3e-ae38-1200304cf45b`);
    });
    expect(only(spans).attributes).toMatchObject({ 'gen_ai.provider.name': 'fal', 'costtrace.units.billable_units': 1 });
  });

  it('counts an Apify run once, at its final state, however often it is polled', async () => {
    const runs = `${fake.urls.apify}/acts/apify~web-scraper/runs`;
    const { spans } = await session.capture(async () => {
      await call(runs, 'POST', { startUrls: [{ url: 'https://crawlee.dev' }] });
      // running, succeeded, succeeded again, again: cumulative run objects, one final cost.
      for (let i = 0; i < 4; i++) await call(`${runs}/${APIFY_RUN_ID}`);
    });
    expect(only(spans).attributes).toMatchObject({ 'gen_ai.provider.name': 'apify', 'costtrace.cost_usd': '0.042513999999999997' });
  });
});

/** The run id in the fake's Apify run objects (fixtures-tools.ts). */
const APIFY_RUN_ID = 'HG7ML7M8z78YcAPEB';
