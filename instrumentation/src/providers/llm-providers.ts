// LLM providers as data: where each is reached, which calls are paid, and where it reports usage. Field names were
// checked against each provider's public API reference (see /work/shared/reference/providers.md).
import type { ProviderEntry, RouteSpec, UsageShape } from './catalog-types.js';
import {
  ANTHROPIC_MESSAGES,
  BEDROCK_CONVERSE,
  GEMINI,
  OPENAI_CHAT,
  OPENAI_EMBEDDINGS,
  OPENAI_IMAGES,
  OPENAI_RESPONSES,
  OPENAI_TRANSCRIPTION,
} from './usage-shapes.js';

interface OpenAiRouteOptions {
  /** The provider honours `stream_options.include_usage` on chat completions (and only sends usage then). */
  inject: boolean;
  chat?: UsageShape;
  responses?: UsageShape;
  /** Also match `{prefix}/v1/...` (providers whose docs show both spellings). */
  optionalV1?: boolean;
}

/** The OpenAI-compatible endpoints below `prefix`: chat and legacy completions, Responses, embeddings. */
function openAiRoutes(prefix: string, options: OpenAiRouteOptions): RouteSpec[] {
  const p = `^${prefix}${options.optionalV1 ? '(?:/v1)?' : ''}`;
  const chat = options.chat ?? OPENAI_CHAT;
  return [
    { path: new RegExp(`${p}/chat/completions$`), operation: 'chat', shape: chat, injectIncludeUsage: options.inject },
    { path: new RegExp(`${p}/completions$`), operation: 'text_completion', shape: chat },
    { path: new RegExp(`${p}/responses$`), operation: 'chat', shape: options.responses ?? OPENAI_RESPONSES },
    { path: new RegExp(`${p}/embeddings$`), operation: 'embeddings', shape: OPENAI_EMBEDDINGS },
  ];
}

/** Anthropic Messages below `prefix` (Anthropic itself, and the Anthropic-compatible endpoints of others). */
function anthropicRoutes(prefix: string, shape: UsageShape = ANTHROPIC_MESSAGES): RouteSpec[] {
  return [{ path: new RegExp(`^${prefix}/messages$`), operation: 'chat', shape }];
}

const OPENAI: ProviderEntry = {
  id: 'openai',
  bases: [
    {
      urls: ['https://api.openai.com/v1'],
      routes: [
        ...openAiRoutes('', { inject: true }),
        { path: /^\/images\/(?:generations|edits)$/, operation: 'generate_content', shape: OPENAI_IMAGES },
        { path: /^\/audio\/(?:transcriptions|translations)$/, operation: 'generate_content', shape: OPENAI_TRANSCRIPTION, model: {} },
      ],
    },
  ],
};

/** Azure OpenAI: classic deployment paths (model = deployment when the body names none) and the v1 API. */
const AZURE_OPENAI: ProviderEntry = {
  id: 'azure.ai.openai',
  bases: [
    {
      urls: ['https://*.openai.azure.com', 'https://*.services.ai.azure.com', 'https://*.cognitiveservices.azure.com'],
      routes: [
        { path: /^\/openai\/deployments\/([^/]+)\/chat\/completions$/, operation: 'chat', shape: OPENAI_CHAT, model: { body: 'model', group: 1 }, injectIncludeUsage: true },
        { path: /^\/openai\/deployments\/([^/]+)\/completions$/, operation: 'text_completion', shape: OPENAI_CHAT, model: { body: 'model', group: 1 } },
        { path: /^\/openai\/deployments\/([^/]+)\/embeddings$/, operation: 'embeddings', shape: OPENAI_EMBEDDINGS, model: { body: 'model', group: 1 } },
        { path: /^\/openai\/deployments\/([^/]+)\/images\/generations$/, operation: 'generate_content', shape: OPENAI_IMAGES, model: { body: 'model', group: 1 } },
        ...openAiRoutes('/openai(?:/v1)?', { inject: true }),
        // Azure AI Foundry model inference API (OpenAI-shaped responses).
        { path: /^\/models\/chat\/completions$/, operation: 'chat', shape: OPENAI_CHAT, injectIncludeUsage: true },
        { path: /^\/models\/embeddings$/, operation: 'embeddings', shape: OPENAI_EMBEDDINGS },
      ],
    },
  ],
};

const ANTHROPIC: ProviderEntry = {
  id: 'anthropic',
  bases: [{ urls: ['https://api.anthropic.com'], routes: anthropicRoutes('/v1') }],
};

const GEMINI_MODEL_CALL = '/(?:v1|v1beta|v1alpha)/(?:models|tunedModels)/([^/:]+)';

/** Gemini API (AI Studio). `/v1beta/openai/` is its OpenAI-compatible surface. */
const GCP_GEMINI: ProviderEntry = {
  id: 'gcp.gemini',
  bases: [
    {
      urls: ['https://generativelanguage.googleapis.com'],
      routes: [
        { path: new RegExp(`^${GEMINI_MODEL_CALL}:generateContent$`), operation: 'generate_content', shape: GEMINI, model: { group: 1 }, streaming: 'never' },
        { path: new RegExp(`^${GEMINI_MODEL_CALL}:streamGenerateContent$`), operation: 'generate_content', shape: GEMINI, model: { group: 1 }, streaming: 'always' },
        { path: new RegExp(`^${GEMINI_MODEL_CALL}:(?:embedContent|batchEmbedContents)$`), operation: 'embeddings', shape: GEMINI, model: { group: 1 }, streaming: 'never' },
        ...openAiRoutes('/v1beta/openai', { inject: false }),
      ],
    },
  ],
};

const VERTEX_PUBLISHER = '/(?:v1|v1beta1)/projects/[^/]+/locations/[^/]+/publishers';

/** Vertex AI routes by path: Gemini, Claude (raw Anthropic Messages) and the OpenAI-compatible endpoint. */
const GCP_VERTEX_AI: ProviderEntry = {
  id: 'gcp.vertex_ai',
  bases: [
    {
      urls: ['https://*-aiplatform.googleapis.com', 'https://aiplatform.googleapis.com', 'https://aiplatform.*.rep.googleapis.com'],
      routes: [
        { path: new RegExp(`^${VERTEX_PUBLISHER}/google/models/([^/:]+):generateContent$`), operation: 'generate_content', shape: GEMINI, model: { group: 1 }, streaming: 'never' },
        { path: new RegExp(`^${VERTEX_PUBLISHER}/google/models/([^/:]+):streamGenerateContent$`), operation: 'generate_content', shape: GEMINI, model: { group: 1 }, streaming: 'always' },
        { path: new RegExp(`^${VERTEX_PUBLISHER}/anthropic/models/([^/:]+):rawPredict$`), operation: 'chat', shape: ANTHROPIC_MESSAGES, model: { group: 1 } },
        { path: new RegExp(`^${VERTEX_PUBLISHER}/anthropic/models/([^/:]+):streamRawPredict$`), operation: 'chat', shape: ANTHROPIC_MESSAGES, model: { group: 1 }, streaming: 'always' },
        ...openAiRoutes('/(?:v1|v1beta1)/projects/[^/]+/locations/[^/]+/endpoints/openapi', { inject: false }),
      ],
    },
  ],
};

const BEDROCK_MODEL = '^/model/([^/]+)';

/** AWS Bedrock runtime. InvokeModel reports tokens in headers for every model; its stream ends with
 * `amazon-bedrock-invocationMetrics` inside the last base64 chunk. */
const AWS_BEDROCK: ProviderEntry = {
  id: 'aws.bedrock',
  bases: [
    {
      urls: ['https://bedrock-runtime.*.amazonaws.com', 'https://bedrock-runtime-fips.*.amazonaws.com'],
      routes: [
        { path: new RegExp(`${BEDROCK_MODEL}/converse$`), operation: 'chat', shape: BEDROCK_CONVERSE, model: { group: 1 }, streaming: 'never' },
        { path: new RegExp(`${BEDROCK_MODEL}/converse-stream$`), operation: 'chat', shape: BEDROCK_CONVERSE, model: { group: 1 }, streaming: 'always' },
        {
          path: new RegExp(`${BEDROCK_MODEL}/invoke$`),
          operation: 'chat',
          model: { group: 1 },
          streaming: 'never',
          shape: {
            headerTokens: {
              inputTokens: ['x-amzn-bedrock-input-token-count', 'x-amzn-bedrock-cache-read-input-token-count', 'x-amzn-bedrock-cache-write-input-token-count'],
              outputTokens: ['x-amzn-bedrock-output-token-count'],
              cacheReadTokens: ['x-amzn-bedrock-cache-read-input-token-count'],
              cacheWriteTokens: ['x-amzn-bedrock-cache-write-input-token-count'],
            },
          },
        },
        {
          path: new RegExp(`${BEDROCK_MODEL}/invoke-with-response-stream$`),
          operation: 'chat',
          model: { group: 1 },
          streaming: 'always',
          shape: {
            tokens: {
              inputTokens: {
                sum: [
                  ['amazon-bedrock-invocationMetrics', 'inputTokenCount'],
                  ['amazon-bedrock-invocationMetrics', 'cacheReadInputTokenCount'],
                  ['amazon-bedrock-invocationMetrics', 'cacheWriteInputTokenCount'],
                ],
              },
              outputTokens: ['amazon-bedrock-invocationMetrics', 'outputTokenCount'],
              cacheReadTokens: ['amazon-bedrock-invocationMetrics', 'cacheReadInputTokenCount'],
              cacheWriteTokens: ['amazon-bedrock-invocationMetrics', 'cacheWriteInputTokenCount'],
            },
            stream: { needles: ['amazon-bedrock-invocationMetrics'] },
          },
        },
      ],
    },
  ],
};

/** OpenRouter always sends usage (with its `cost` in USD) at the end of a stream; `include_usage` is a no-op there,
 * so nothing is injected and nothing stripped. */
const OPENROUTER_COST = { cost: { path: ['usage', 'cost'] } } as const;
const OPENROUTER: ProviderEntry = {
  id: 'openrouter',
  bases: [
    {
      urls: ['https://openrouter.ai/api/v1'],
      routes: openAiRoutes('', { inject: false, chat: { ...OPENAI_CHAT, ...OPENROUTER_COST }, responses: { ...OPENAI_RESPONSES, ...OPENROUTER_COST } }),
    },
  ],
};

/** Perplexity Sonar: usage on every chunk, with its own cost breakdown and search counts. */
const PERPLEXITY: ProviderEntry = {
  id: 'perplexity',
  bases: [
    {
      urls: ['https://api.perplexity.ai'],
      routes: [
        {
          path: /^(?:\/v1)?\/chat\/completions$/,
          operation: 'chat',
          shape: {
            ...OPENAI_CHAT,
            tokens: { ...OPENAI_CHAT.tokens, reasoningTokens: { first: [['usage', 'reasoning_tokens'], ['usage', 'completion_tokens_details', 'reasoning_tokens']] } },
            units: { web_search_requests: ['usage', 'num_search_queries'], citation_tokens: ['usage', 'citation_tokens'] },
            cost: { path: ['usage', 'cost', 'total_cost'] },
          },
        },
        { path: /^\/search$/, operation: 'execute_tool', shape: { successUnits: { requests: 1 } }, model: {} },
      ],
    },
  ],
};

/** Mistral streams always end with usage and reject `stream_options` (422 extra_forbidden): never inject. */
const MISTRAL_AI: ProviderEntry = {
  id: 'mistral_ai',
  bases: [
    {
      urls: ['https://api.mistral.ai/v1'],
      routes: [
        ...openAiRoutes('', { inject: false }),
        { path: /^\/fim\/completions$/, operation: 'text_completion', shape: OPENAI_CHAT },
        { path: /^\/agents\/completions$/, operation: 'chat', shape: OPENAI_CHAT, model: { body: 'agent_id' } },
        { path: /^\/ocr$/, operation: 'generate_content', shape: { units: { pages: ['usage_info', 'pages_processed'] }, responseModel: ['model'] } },
      ],
    },
  ],
};

/** Groq puts usage in `x_groq.usage` on the last chunk, or in a usage-only chunk with include_usage. */
const GROQ: ProviderEntry = {
  id: 'groq',
  bases: [
    {
      urls: ['https://api.groq.com/openai/v1'],
      routes: [
        ...openAiRoutes('', {
          inject: true,
          chat: {
            ...OPENAI_CHAT,
            tokens: {
              ...OPENAI_CHAT.tokens,
              inputTokens: { first: [['usage', 'prompt_tokens'], ['x_groq', 'usage', 'prompt_tokens']] },
              outputTokens: { first: [['usage', 'completion_tokens'], ['x_groq', 'usage', 'completion_tokens']] },
            },
          },
        }),
        { path: /^\/audio\/(?:transcriptions|translations)$/, operation: 'generate_content', shape: OPENAI_TRANSCRIPTION, model: {} },
      ],
    },
  ],
};

/** DeepSeek reports cache hits as `prompt_cache_hit_tokens` (newer responses also as `cached_tokens`). */
const DEEPSEEK_CHAT: UsageShape = {
  ...OPENAI_CHAT,
  tokens: { ...OPENAI_CHAT.tokens, cacheReadTokens: { first: [['usage', 'prompt_cache_hit_tokens'], ['usage', 'prompt_tokens_details', 'cached_tokens']] } },
};
const DEEPSEEK: ProviderEntry = {
  id: 'deepseek',
  bases: [
    {
      urls: ['https://api.deepseek.com'],
      routes: [...openAiRoutes('(?:/beta)?', { inject: true, chat: DEEPSEEK_CHAT, optionalV1: true }), ...anthropicRoutes('/anthropic/v1')],
    },
  ],
};

/** xAI reports the exact charge as integer `cost_in_usd_ticks` (1 USD = 10^10 ticks) and live-search sources. */
const XAI_COST = { cost: { path: ['usage', 'cost_in_usd_ticks'], shift: -10 } } as const;
const X_AI: ProviderEntry = {
  id: 'x_ai',
  bases: [
    {
      urls: ['https://api.x.ai/v1'],
      routes: [
        ...openAiRoutes('', {
          inject: true,
          chat: { ...OPENAI_CHAT, ...XAI_COST, units: { search_sources: ['usage', 'num_sources_used'] } },
          responses: { ...OPENAI_RESPONSES, ...XAI_COST },
        }),
        ...anthropicRoutes('', { ...ANTHROPIC_MESSAGES, ...XAI_COST }),
        { path: /^\/images\/generations$/, operation: 'generate_content', shape: { ...OPENAI_IMAGES, ...XAI_COST } },
      ],
    },
  ],
};

/** Together sends usage on the last chunk of every stream: nothing to inject. */
const TOGETHER: ProviderEntry = {
  id: 'together',
  bases: [
    {
      urls: ['https://api.together.xyz/v1', 'https://api.together.ai/v1'],
      routes: [...openAiRoutes('', { inject: false }), { path: /^\/images\/generations$/, operation: 'generate_content', shape: OPENAI_IMAGES }],
    },
  ],
};

const FIREWORKS: ProviderEntry = {
  id: 'fireworks',
  bases: [{ urls: ['https://api.fireworks.ai/inference/v1'], routes: openAiRoutes('', { inject: true }) }],
};

/** Cohere v2: billed units are what is charged (`tokens` counts the whole prompt template). Streams end with a
 * `message-end` event whose `delta.usage` has them. */
const COHERE_V2_CHAT: UsageShape = {
  tokens: {
    inputTokens: { first: [['usage', 'billed_units', 'input_tokens'], ['usage', 'tokens', 'input_tokens']] },
    outputTokens: { first: [['usage', 'billed_units', 'output_tokens'], ['usage', 'tokens', 'output_tokens']] },
    cacheReadTokens: ['usage', 'cached_tokens'],
  },
  responseId: ['id'],
  stream: { needles: ['usage'], roots: { 'message-end': ['delta'] } },
};
const COHERE_META = {
  tokens: { inputTokens: ['meta', 'billed_units', 'input_tokens'], outputTokens: ['meta', 'billed_units', 'output_tokens'] },
  units: { search_units: ['meta', 'billed_units', 'search_units'] },
  responseId: ['id'],
} satisfies UsageShape;
const COHERE: ProviderEntry = {
  id: 'cohere',
  bases: [
    {
      urls: ['https://api.cohere.com', 'https://api.cohere.ai'],
      routes: [
        { path: /^\/v2\/chat$/, operation: 'chat', shape: COHERE_V2_CHAT },
        { path: /^\/v1\/chat$/, operation: 'chat', shape: COHERE_META },
        { path: /^\/v[12]\/embed$/, operation: 'embeddings', shape: COHERE_META },
        { path: /^\/v[12]\/rerank$/, operation: 'rerank', shape: COHERE_META },
      ],
    },
  ],
};

export const LLM_PROVIDERS: readonly ProviderEntry[] = [
  OPENAI,
  AZURE_OPENAI,
  ANTHROPIC,
  GCP_GEMINI,
  GCP_VERTEX_AI,
  AWS_BEDROCK,
  OPENROUTER,
  PERPLEXITY,
  MISTRAL_AI,
  GROQ,
  DEEPSEEK,
  X_AI,
  TOGETHER,
  FIREWORKS,
  COHERE,
];
