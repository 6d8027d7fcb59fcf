// Fixtures for the non-LLM paid APIs: units and provider-reported cost, unbillable acks and polls, and cumulative
// run objects served in the order a poller sees them (running, then final).
import type { ProviderFixture } from './fixture-types.js';
import { JSON_HEADERS } from './fixtures-openai-shaped.js';

const FAL_REQUEST_ID = '764cabcf-b745-4b3e-ae38-1200304cf45b';
const FAL_QUEUE_URLS = {
  response_url: `https://queue.fal.run/fal-ai/flux/requests/${FAL_REQUEST_ID}`,
  status_url: `https://queue.fal.run/fal-ai/flux/requests/${FAL_REQUEST_ID}/status`,
  cancel_url: `https://queue.fal.run/fal-ai/flux/requests/${FAL_REQUEST_ID}/cancel`,
};
const FAL_IMAGE = {
  images: [{ url: 'https://v3.fal.media/files/rabbit/cat.png', width: 1024, height: 768, content_type: 'image/jpeg' }],
  seed: 6252023,
  has_nsfw_concepts: [false],
  prompt: 'a cat',
};
const execute = { operation: 'execute_tool', streaming: false, billable: true, injects: false } as const;

const FAL: ProviderFixture[] = [
  {
    name: 'fal run (billable units header)',
    provider: 'fal',
    method: 'POST',
    path: '/fal-ai/flux/dev',
    requestBody: { prompt: 'a cat', image_size: 'landscape_4_3' },
    response: {
      status: 200,
      headers: { ...JSON_HEADERS, 'x-fal-billable-units': '2', 'x-fal-request-id': FAL_REQUEST_ID },
      body: JSON.stringify(FAL_IMAGE),
    },
    expected: {
      operation: 'generate_content',
      requestModel: 'fal-ai/flux/dev',
      streaming: false,
      billable: true,
      injects: false,
      usage: { units: { billable_units: 2 } },
    },
  },
  {
    name: 'fal queue submit (ack)',
    provider: 'fal',
    key: 'fal:queue',
    method: 'POST',
    path: '/fal-ai/flux/dev',
    requestBody: { prompt: 'a cat' },
    response: {
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({ request_id: FAL_REQUEST_ID, ...FAL_QUEUE_URLS, queue_position: 0 }),
    },
    expected: {
      operation: 'generate_content',
      requestModel: 'fal-ai/flux/dev',
      streaming: false,
      billable: false,
      injects: false,
      usage: undefined,
    },
  },
  {
    name: 'fal queue status poll',
    provider: 'fal',
    key: 'fal:queue',
    method: 'GET',
    path: `/fal-ai/flux/requests/${FAL_REQUEST_ID}/status`,
    response: {
      status: 202,
      headers: JSON_HEADERS,
      body: JSON.stringify({ status: 'IN_PROGRESS', request_id: FAL_REQUEST_ID, response_url: FAL_QUEUE_URLS.response_url, logs: null }),
    },
    expected: {
      operation: 'generate_content',
      requestModel: 'fal-ai/flux',
      streaming: false,
      billable: false,
      injects: false,
      usage: undefined,
    },
  },
  {
    name: 'fal queue result',
    provider: 'fal',
    key: 'fal:queue',
    method: 'GET',
    path: `/fal-ai/flux/requests/${FAL_REQUEST_ID}`,
    response: { status: 200, headers: { ...JSON_HEADERS, 'x-fal-billable-units': '1' }, body: JSON.stringify(FAL_IMAGE) },
    expected: {
      operation: 'generate_content',
      requestModel: 'fal-ai/flux',
      streaming: false,
      billable: true,
      injects: false,
      usage: { units: { billable_units: 1 }, dedupeKey: FAL_REQUEST_ID, final: true },
    },
  },
];

const ZYTE: ProviderFixture[] = [
  {
    name: 'zyte extract',
    provider: 'zyte',
    method: 'POST',
    path: '/extract',
    requestBody: { url: 'https://toscrape.com', browserHtml: true },
    response: {
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({ url: 'https://toscrape.com', statusCode: 200, browserHtml: '<html><body>Books</body></html>' }),
    },
    expected: { ...execute, usage: { units: { requests: 1 } } },
  },
  {
    name: 'zyte extract failed (520)',
    provider: 'zyte',
    method: 'POST',
    path: '/extract',
    requestBody: { url: 'https://ban.example', browserHtml: true },
    when: { url: 'https://ban.example' },
    response: {
      status: 520,
      headers: { 'content-type': 'application/problem+json' },
      body: JSON.stringify({ type: '/download/temporary-error', title: 'Temporary Downloading Error', status: 520 }),
    },
    expected: { ...execute, usage: undefined },
  },
];

const DATAFORSEO: ProviderFixture[] = [
  {
    name: 'dataforseo serp live',
    provider: 'dataforseo',
    method: 'POST',
    path: '/serp/google/organic/live/advanced',
    requestBody: [{ keyword: 'albert einstein', location_code: 2840, language_code: 'en' }],
    response: {
      status: 200,
      headers: JSON_HEADERS,
      body: '{"version":"0.1.20250922","status_code":20000,"status_message":"Ok.","time":"3.2851 sec.","cost":0.0020,"tasks_count":1,"tasks_error":0,"tasks":[{"id":"09261035-1535-0139-0000-a5f1c6f0b3a1","status_code":20000,"status_message":"Ok.","time":"3.2101 sec.","cost":0.0020,"result_count":1,"path":["v3","serp","google","organic","live","advanced"],"data":{"api":"serp","function":"live","se":"google","se_type":"organic","keyword":"albert einstein","location_code":2840,"language_code":"en","device":"desktop","os":"windows"},"result":[{"keyword":"albert einstein","type":"organic","se_domain":"google.com","items_count":1,"items":[{"type":"organic","rank_group":1,"domain":"en.wikipedia.org","title":"Albert Einstein - Wikipedia"}]}]}]}',
    },
    expected: { ...execute, requestModel: 'serp/google/organic/live/advanced', usage: { costUsd: '0.0020' } },
  },
];

const APIFY_RUN_ID = 'HG7ML7M8z78YcAPEB';
/** A run object; the cost goes in as raw JSON number text, exactly as Apify writes it. */
function apifyRun(status: string, usageTotalUsd: string): string {
  const run = JSON.stringify({
    data: {
      id: APIFY_RUN_ID,
      actId: 'moJRLRc85AitArpNN',
      userId: 'wRsJZtadYvn4mBZmm',
      startedAt: '2025-09-25T10:00:00.000Z',
      finishedAt: status === 'RUNNING' ? null : '2025-09-25T10:02:31.000Z',
      status,
      statusMessage: status === 'RUNNING' ? 'Crawled 12 pages' : 'Finished! Crawled 60 pages',
      meta: { origin: 'API' },
      stats: { computeUnits: status === 'RUNNING' ? 0.0021 : 0.1204 },
      chargedEventCounts: { 'actor-start': 1, 'page-crawled': status === 'RUNNING' ? 12 : 60 },
      defaultDatasetId: 'wmKPijuyDnPZAPRMk',
      usageTotalUsd: 0,
    },
  });
  return run.replace('"usageTotalUsd":0', `"usageTotalUsd":${usageTotalUsd}`);
}
const apifyPoll = { ...execute, requestModel: 'apify~web-scraper' };

const APIFY: ProviderFixture[] = [
  {
    name: 'apify run start',
    provider: 'apify',
    method: 'POST',
    path: '/acts/apify~web-scraper/runs',
    requestBody: { startUrls: [{ url: 'https://crawlee.dev' }] },
    response: { status: 201, headers: JSON_HEADERS, body: apifyRun('RUNNING', '0.00012') },
    expected: { ...apifyPoll, usage: { responseModel: 'moJRLRc85AitArpNN', costUsd: '0.00012', dedupeKey: APIFY_RUN_ID, final: false } },
  },
  {
    name: 'apify run poll (running)',
    provider: 'apify',
    method: 'GET',
    path: `/acts/apify~web-scraper/runs/${APIFY_RUN_ID}`,
    response: { status: 200, headers: JSON_HEADERS, body: apifyRun('RUNNING', '0.0071') },
    expected: { ...apifyPoll, usage: { responseModel: 'moJRLRc85AitArpNN', costUsd: '0.0071', dedupeKey: APIFY_RUN_ID, final: false } },
  },
  {
    name: 'apify run poll (succeeded)',
    provider: 'apify',
    method: 'GET',
    path: `/acts/apify~web-scraper/runs/${APIFY_RUN_ID}`,
    response: { status: 200, headers: JSON_HEADERS, body: apifyRun('SUCCEEDED', '0.042513999999999997') },
    expected: {
      ...apifyPoll,
      usage: { responseModel: 'moJRLRc85AitArpNN', costUsd: '0.042513999999999997', dedupeKey: APIFY_RUN_ID, final: true },
    },
  },
];

const CRAWL_ID = '0c8f4e2a-6d1b-4a3c-9e7f-1b2d3c4e5f60';
function crawlStatus(status: string, credits: number, pages: number): string {
  return JSON.stringify({
    success: true,
    status,
    total: 50,
    completed: pages,
    creditsUsed: credits,
    expiresAt: '2025-09-26T10:00:00.000Z',
    next: status === 'completed' ? null : `https://api.firecrawl.dev/v2/crawl/${CRAWL_ID}?skip=${pages}`,
    data: Array.from({ length: Math.min(pages, 2) }, (_, i) => ({
      markdown: `# Page ${i}`,
      metadata: { title: `Page ${i}`, sourceURL: `https://firecrawl.dev/${i}`, statusCode: 200 },
    })),
  });
}

const FIRECRAWL: ProviderFixture[] = [
  {
    name: 'firecrawl scrape v2 (credits)',
    provider: 'firecrawl',
    method: 'POST',
    path: '/v2/scrape',
    requestBody: { url: 'https://firecrawl.dev', formats: ['markdown'] },
    response: {
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        success: true,
        data: {
          markdown: '# Firecrawl',
          metadata: { title: 'Firecrawl', sourceURL: 'https://firecrawl.dev', statusCode: 200, creditsUsed: 5 },
        },
      }),
    },
    expected: { ...execute, usage: { units: { credits: 5 } } },
  },
  {
    name: 'firecrawl crawl submit (ack)',
    provider: 'firecrawl',
    method: 'POST',
    path: '/v2/crawl',
    requestBody: { url: 'https://firecrawl.dev', limit: 50 },
    response: {
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({ success: true, id: CRAWL_ID, url: `https://api.firecrawl.dev/v2/crawl/${CRAWL_ID}` }),
    },
    expected: { ...execute, billable: false, usage: undefined },
  },
  {
    name: 'firecrawl crawl status (scraping)',
    provider: 'firecrawl',
    method: 'GET',
    path: `/v2/crawl/${CRAWL_ID}`,
    response: { status: 200, headers: JSON_HEADERS, body: crawlStatus('scraping', 12, 12) },
    expected: { ...execute, usage: { units: { credits: 12 }, dedupeKey: CRAWL_ID, final: false } },
  },
  {
    name: 'firecrawl crawl status (completed)',
    provider: 'firecrawl',
    method: 'GET',
    path: `/v2/crawl/${CRAWL_ID}`,
    response: { status: 200, headers: JSON_HEADERS, body: crawlStatus('completed', 50, 50) },
    expected: { ...execute, usage: { units: { credits: 50 }, dedupeKey: CRAWL_ID, final: true } },
  },
];

const BRIGHTDATA: ProviderFixture[] = [
  {
    name: 'brightdata request (success)',
    provider: 'brightdata',
    method: 'POST',
    path: '/request',
    requestBody: { zone: 'web_unlocker1', url: 'https://geo.brdtest.com/welcome.txt', format: 'raw' },
    response: { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Welcome to Bright Data!' },
    expected: { ...execute, requestModel: 'web_unlocker1', usage: { units: { requests: 1 } } },
  },
  {
    name: 'brightdata request (failed)',
    provider: 'brightdata',
    method: 'POST',
    path: '/request',
    requestBody: { zone: 'web_unlocker1', url: 'https://blocked.example', format: 'raw' },
    when: { url: 'https://blocked.example' },
    response: {
      status: 502,
      headers: { 'content-type': 'text/plain', 'x-brd-error': 'Target site blocked the request' },
      body: 'Bad gateway',
    },
    expected: { ...execute, requestModel: 'web_unlocker1', usage: undefined },
  },
];

const CLORO_TASK_ID = 'b27a21e1-7c39-4aa2-a347-23e828c426f9';
function cloroTask(status: string, charged: number | null, withResponse: boolean): string {
  return JSON.stringify({
    task: { id: CLORO_TASK_ID, taskType: 'CHATGPT', status, priority: 1, createdAt: '2025-09-25T15:00:00.000Z', idempotencyKey: 'acme-1' },
    credits: { creditsToCharge: 7, creditsCharged: charged },
    ...(withResponse && { response: { success: true, result: { text: 'Acme Corp makes anvils.', model: 'gpt-5' } } }),
  });
}

const CLORO: ProviderFixture[] = [
  {
    name: 'cloro monitor (credits header)',
    provider: 'cloro',
    method: 'POST',
    path: '/v1/monitor/chatgpt',
    requestBody: { prompt: 'What do you know about Acme Corp?', country: 'US' },
    response: {
      status: 200,
      headers: { ...JSON_HEADERS, 'X-Credits-Charged': '7', 'X-Credits-Remaining': '9993', 'X-Concurrent-Limit': '10' },
      body: JSON.stringify({ success: true, result: { text: 'Acme Corp makes anvils.' } }),
    },
    expected: { ...execute, requestModel: 'chatgpt', usage: { units: { credits: 7 } } },
  },
  {
    name: 'cloro async submit (ack)',
    provider: 'cloro',
    method: 'POST',
    path: '/v1/async/task',
    requestBody: { taskType: 'CHATGPT', payload: { prompt: 'What do you know about Acme Corp?', country: 'US' } },
    response: {
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({ success: true, ...JSON.parse(cloroTask('QUEUED', null, false)) }),
    },
    expected: { ...execute, billable: false, usage: undefined },
  },
  {
    name: 'cloro task poll (processing)',
    provider: 'cloro',
    method: 'GET',
    path: `/v1/async/task/${CLORO_TASK_ID}`,
    response: { status: 200, headers: JSON_HEADERS, body: cloroTask('PROCESSING', 0, false) },
    expected: { ...execute, usage: { responseModel: 'CHATGPT', units: { credits: 0 }, dedupeKey: CLORO_TASK_ID, final: false } },
  },
  {
    name: 'cloro task poll (completed)',
    provider: 'cloro',
    method: 'GET',
    path: `/v1/async/task/${CLORO_TASK_ID}`,
    response: { status: 200, headers: JSON_HEADERS, body: cloroTask('COMPLETED', 7, true) },
    expected: { ...execute, usage: { responseModel: 'CHATGPT', units: { credits: 7 }, dedupeKey: CLORO_TASK_ID, final: true } },
  },
];

/** An MP3 frame header and padding: ElevenLabs sends audio bytes, never JSON. */
const MP3_BYTES = new Uint8Array([0xff, 0xfb, 0x90, 0x64, ...Array.from({ length: 412 }, (_, i) => (i * 37) % 256)]);

const MEDIA: ProviderFixture[] = [
  {
    name: 'elevenlabs text-to-speech (character-cost header)',
    provider: 'elevenlabs',
    method: 'POST',
    path: '/v1/text-to-speech/JBFqnCBsd6RMkjVDRZzb?output_format=mp3_44100_128',
    requestBody: { text: 'The first move is what sets everything in motion.', model_id: 'eleven_multilingual_v2' },
    response: {
      status: 200,
      headers: { 'content-type': 'audio/mpeg', 'character-cost': '49', 'request-id': 'Qm9vdHN0cmFw', 'history-item-id': 'hi_01' },
      body: MP3_BYTES,
    },
    expected: {
      operation: 'generate_content',
      requestModel: 'eleven_multilingual_v2',
      streaming: false,
      billable: true,
      injects: false,
      usage: { units: { characters: 49 } },
    },
  },
  {
    name: 'deepgram listen (audio seconds)',
    provider: 'deepgram',
    method: 'POST',
    path: '/v1/listen?model=nova-3&smart_format=true',
    response: {
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        metadata: {
          transaction_key: 'deprecated',
          request_id: '2479c8c8-8185-40ac-9ac6-f0874419f793',
          sha256: '154e291ecfa8be6ab8343560bcc109008fa7853eb5372533e8efdefc9b504c33',
          created: '2025-09-25T12:00:00.000Z',
          duration: 25.933313,
          channels: 1,
          models: ['2187e11a-3532-4498-b076-81fa530bdd49'],
          model_info: { '2187e11a-3532-4498-b076-81fa530bdd49': { name: 'general-nova-3', version: '2025-04-17.21547', arch: 'nova-3' } },
        },
        results: { channels: [{ alternatives: [{ transcript: 'Yeah, as much as it is worth celebrating...', confidence: 0.99 }] }] },
      }),
    },
    expected: {
      operation: 'generate_content',
      requestModel: 'nova-3',
      streaming: false,
      billable: true,
      injects: false,
      usage: { responseId: '2479c8c8-8185-40ac-9ac6-f0874419f793', units: { seconds: 25.933313 } },
    },
  },
];

export const TOOL_FIXTURES: readonly ProviderFixture[] = [
  ...FAL,
  ...ZYTE,
  ...DATAFORSEO,
  ...APIFY,
  ...FIRECRAWL,
  ...BRIGHTDATA,
  ...CLORO,
  ...MEDIA,
];
