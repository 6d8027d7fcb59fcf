// Non-LLM paid APIs as data (scraping, search, media): units or provider-reported cost, which calls are
// unbillable acks and polls, and how cumulative objects are counted once.
import type { ProviderEntry, RunSpec, UsageShape } from './catalog-types.js';

const GET = ['GET'] as const;

/** fal: billable units come in a header on the result. The queue's submit acks and status polls are free, and a
 * result fetched twice counts once. `fal.run` and `queue.fal.run` are different hosts, never a substring match. */
const FAL_RESULT: UsageShape = { headerUnits: { billable_units: ['x-fal-billable-units'] } };
const FAL: ProviderEntry = {
  id: 'fal',
  bases: [
    { urls: ['https://fal.run'], routes: [{ path: /^\/(.+)$/, operation: 'generate_content', model: { group: 1 }, shape: FAL_RESULT }] },
    {
      variant: 'queue',
      urls: ['https://queue.fal.run'],
      routes: [
        {
          path: /^\/(.+?)\/requests\/([^/]+)\/status(?:\/stream)?$/,
          methods: GET,
          operation: 'generate_content',
          model: { group: 1 },
          billable: false,
        },
        {
          path: /^\/(.+?)\/requests\/([^/]+)\/cancel$/,
          methods: ['PUT'],
          operation: 'generate_content',
          model: { group: 1 },
          billable: false,
        },
        {
          path: /^\/(.+?)\/requests\/([^/]+)$/,
          methods: GET,
          operation: 'generate_content',
          model: { group: 1 },
          shape: FAL_RESULT,
          dedupeGroup: 2,
        },
        { path: /^\/(.+)$/, operation: 'generate_content', model: { group: 1 }, billable: false },
      ],
    },
  ],
};

/** Zyte API: billed per successful extraction; the response carries no cost. */
const ZYTE: ProviderEntry = {
  id: 'zyte',
  bases: [
    {
      urls: ['https://api.zyte.com/v1'],
      routes: [{ path: /^\/extract$/, operation: 'execute_tool', model: {}, shape: { successUnits: { requests: 1 } } }],
    },
  ],
};

/** DataForSEO: every v3 response reports its total `cost` in USD; the model is the endpoint path. */
const DATAFORSEO: ProviderEntry = {
  id: 'dataforseo',
  bases: [
    {
      urls: ['https://api.dataforseo.com/v3'],
      routes: [
        { path: /^\/appendix\//, methods: ['GET', 'POST'], operation: 'execute_tool', model: {}, billable: false },
        // task_get paths end in the task id, which is not part of the endpoint's name.
        {
          path: /^\/(.+?)(?:\/[0-9a-f]{8}-[0-9a-f-]{27})?$/,
          methods: ['GET', 'POST'],
          operation: 'execute_tool',
          model: { group: 1 },
          shape: { cost: { path: ['cost'] } },
        },
      ],
    },
  ],
};

/** Apify run objects are cumulative: every poll returns the run again, final only once it stops. */
const APIFY_RUN: UsageShape = {
  cost: { path: ['data', 'usageTotalUsd'] },
  run: { id: ['data', 'id'], status: ['data', 'status'], terminal: ['SUCCEEDED', 'FAILED', 'ABORTED', 'TIMED-OUT'] },
  responseModel: ['data', 'actId'],
};
const APIFY: ProviderEntry = {
  id: 'apify',
  bases: [
    {
      urls: ['https://api.apify.com/v2'],
      routes: [
        { path: /^\/(?:acts|actor-tasks)\/([^/]+)\/runs$/, operation: 'execute_tool', model: { group: 1 }, shape: APIFY_RUN },
        {
          path: /^\/(?:acts|actor-tasks)\/([^/]+)\/runs\/[^/]+$/,
          methods: GET,
          operation: 'execute_tool',
          model: { group: 1 },
          shape: APIFY_RUN,
        },
        { path: /^\/actor-runs\/[^/]+$/, methods: GET, operation: 'execute_tool', model: {}, shape: APIFY_RUN },
        { path: /^\/actor-runs\/[^/]+\/(?:abort|resurrect|reboot)$/, operation: 'execute_tool', model: {}, shape: APIFY_RUN },
        // Synchronous runs return the Actor's output, not the run: captured, cost unknown.
        {
          path: /^\/(?:acts|actor-tasks)\/([^/]+)\/run-sync(?:-get-dataset-items)?$/,
          methods: ['GET', 'POST'],
          operation: 'execute_tool',
          model: { group: 1 },
        },
      ],
    },
  ],
};

/** Firecrawl: scrape/search report credits; crawl and batch-scrape jobs report cumulative `creditsUsed` on every
 * status poll (final once completed, failed or cancelled); job submissions are acks. */
const FIRECRAWL_CREDITS: UsageShape = { units: { credits: { first: [['data', 'metadata', 'creditsUsed'], ['creditsUsed']] } } };
const FIRECRAWL_JOB: RunSpec = { status: ['status'], terminal: ['completed', 'failed', 'cancelled'] };
const FIRECRAWL: ProviderEntry = {
  id: 'firecrawl',
  bases: [
    {
      urls: ['https://api.firecrawl.dev'],
      routes: [
        { path: /^\/v[12]\/(?:scrape|search|map)$/, operation: 'execute_tool', model: {}, shape: FIRECRAWL_CREDITS },
        { path: /^\/v[12]\/(?:crawl|batch\/scrape|extract)$/, operation: 'execute_tool', model: {}, billable: false },
        {
          path: /^\/v[12]\/(?:crawl|batch\/scrape|extract)\/([^/]+)$/,
          methods: GET,
          operation: 'execute_tool',
          model: {},
          dedupeGroup: 1,
          shape: { units: { credits: ['creditsUsed'] }, run: FIRECRAWL_JOB },
        },
      ],
    },
  ],
};

/** Bright Data bills successful requests (Web Unlocker/SERP) and dataset records; triggers and progress polls are free. */
const BRIGHTDATA: ProviderEntry = {
  id: 'brightdata',
  bases: [
    {
      urls: ['https://api.brightdata.com'],
      routes: [
        { path: /^\/request$/, operation: 'execute_tool', model: { body: 'zone' }, shape: { successUnits: { requests: 1 } } },
        {
          path: /^\/datasets\/v3\/(?:trigger|progress\/[^/]+)$/,
          methods: ['GET', 'POST'],
          operation: 'execute_tool',
          model: {},
          billable: false,
        },
        {
          path: /^\/datasets\/v3\/snapshot\/([^/]+)$/,
          methods: GET,
          operation: 'execute_tool',
          model: {},
          dedupeGroup: 1,
          shape: { units: { records: { count: [] } } },
        },
      ],
    },
  ],
};

/** Cloro: sync monitor calls report credits in a header; async submissions are acks, and a task reports
 * `credits.creditsCharged` once COMPLETED or FAILED. */
const CLORO: ProviderEntry = {
  id: 'cloro',
  bases: [
    {
      urls: ['https://api.cloro.dev'],
      routes: [
        {
          path: /^\/v1\/monitor\/([^/]+)$/,
          operation: 'execute_tool',
          model: { group: 1 },
          shape: { headerUnits: { credits: ['x-credits-charged'] } },
        },
        { path: /^\/v1\/async\/task(?:\/batch)?$/, operation: 'execute_tool', model: {}, billable: false },
        {
          path: /^\/v1\/(?:async\/)?task\/([^/]+)$/,
          methods: GET,
          operation: 'execute_tool',
          model: {},
          shape: {
            units: { credits: ['credits', 'creditsCharged'] },
            responseModel: ['task', 'taskType'],
            run: { id: ['task', 'id'], status: ['task', 'status'], terminal: ['COMPLETED', 'FAILED'] },
          },
        },
      ],
    },
  ],
};

/** ElevenLabs bills characters and says how many in a header; the body is audio (never read). */
const ELEVENLABS: ProviderEntry = {
  id: 'elevenlabs',
  bases: [
    {
      urls: ['https://api.elevenlabs.io'],
      routes: [
        {
          path: /^\/v1\/(?:text-to-speech|text-to-dialogue)(?:\/[^/]+)?(?:\/with-timestamps)?$/,
          operation: 'generate_content',
          model: { body: 'model_id' },
          streaming: 'never',
          shape: { headerUnits: { characters: ['character-cost', 'x-character-count'] } },
        },
        {
          path: /^\/v1\/(?:text-to-speech|text-to-dialogue)(?:\/[^/]+)?\/stream(?:\/with-timestamps)?$/,
          operation: 'generate_content',
          model: { body: 'model_id' },
          streaming: 'always',
          shape: { headerUnits: { characters: ['character-cost', 'x-character-count'] } },
        },
      ],
    },
  ],
};

/** Deepgram bills seconds of audio (`metadata.duration`) for transcription and characters for speech. */
const DEEPGRAM: ProviderEntry = {
  id: 'deepgram',
  bases: [
    {
      urls: ['https://api.deepgram.com'],
      routes: [
        {
          path: /^\/v1\/listen$/,
          operation: 'generate_content',
          model: { query: 'model' },
          shape: { units: { seconds: ['metadata', 'duration'] }, responseId: ['metadata', 'request_id'] },
        },
        {
          path: /^\/v1\/speak$/,
          operation: 'generate_content',
          model: { query: 'model' },
          shape: { headerUnits: { characters: ['dg-char-count'] } },
        },
      ],
    },
  ],
};

export const TOOL_PROVIDERS: readonly ProviderEntry[] = [FAL, ZYTE, DATAFORSEO, APIFY, FIRECRAWL, BRIGHTDATA, CLORO, ELEVENLABS, DEEPGRAM];
