// LLM API providers as data: where each is reached, which calls are paid, and where it reports usage. Field names
// were checked against each provider's public API reference (see the shared reference providers.md beside the repository).
import type { ProviderEntry, UsageShape } from './catalog-types.js';
import { anthropicRoutes, openAiRoutes } from './route-builders.js';
import { ANTHROPIC_MESSAGES, OPENAI_CHAT, OPENAI_IMAGES, OPENAI_RESPONSES, OPENAI_TRANSCRIPTION } from './usage-shapes.js';

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

const ANTHROPIC: ProviderEntry = {
  id: 'anthropic',
  bases: [{ urls: ['https://api.anthropic.com'], routes: anthropicRoutes('/v1') }],
};

/** OpenRouter always sends usage (with its `cost` in USD) at the end of a stream; `include_usage` is a no-op there,
 * so nothing is injected and nothing stripped. */
const OPENROUTER_COST = { cost: { path: ['usage', 'cost'] } } as const;
const OPENROUTER: ProviderEntry = {
  id: 'openrouter',
  bases: [
    {
      urls: ['https://openrouter.ai/api/v1'],
      routes: openAiRoutes('', {
        inject: false,
        chat: { ...OPENAI_CHAT, ...OPENROUTER_COST },
        responses: { ...OPENAI_RESPONSES, ...OPENROUTER_COST },
      }),
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
            tokens: {
              ...OPENAI_CHAT.tokens,
              reasoningTokens: {
                first: [
                  ['usage', 'reasoning_tokens'],
                  ['usage', 'completion_tokens_details', 'reasoning_tokens'],
                ],
              },
            },
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
        {
          path: /^\/ocr$/,
          operation: 'generate_content',
          shape: { units: { pages: ['usage_info', 'pages_processed'] }, responseModel: ['model'] },
        },
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
              inputTokens: {
                first: [
                  ['usage', 'prompt_tokens'],
                  ['x_groq', 'usage', 'prompt_tokens'],
                ],
              },
              outputTokens: {
                first: [
                  ['usage', 'completion_tokens'],
                  ['x_groq', 'usage', 'completion_tokens'],
                ],
              },
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
  tokens: {
    ...OPENAI_CHAT.tokens,
    cacheReadTokens: {
      first: [
        ['usage', 'prompt_cache_hit_tokens'],
        ['usage', 'prompt_tokens_details', 'cached_tokens'],
      ],
    },
  },
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
      routes: [
        ...openAiRoutes('', { inject: false }),
        { path: /^\/images\/generations$/, operation: 'generate_content', shape: OPENAI_IMAGES },
      ],
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
    inputTokens: {
      first: [
        ['usage', 'billed_units', 'input_tokens'],
        ['usage', 'tokens', 'input_tokens'],
      ],
    },
    outputTokens: {
      first: [
        ['usage', 'billed_units', 'output_tokens'],
        ['usage', 'tokens', 'output_tokens'],
      ],
    },
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
  ANTHROPIC,
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
