// Response shapes shared by several providers (OpenAI-compatible chat, Anthropic messages, Gemini, Bedrock
// converse): where each API family reports usage, normalised to the semconv rule. Provider entries extend these.
import type { UsageShape } from './catalog-types.js';

const CHAT_STREAM = { needles: ['usage'] } as const;

/** OpenAI Chat Completions (and legacy completions): `prompt_tokens` includes cached, `completion_tokens`
 * includes reasoning. Streams carry usage on the usage-only chunk (include_usage) or the last chunk. */
export const OPENAI_CHAT: UsageShape = {
  tokens: {
    inputTokens: ['usage', 'prompt_tokens'],
    outputTokens: ['usage', 'completion_tokens'],
    cacheReadTokens: ['usage', 'prompt_tokens_details', 'cached_tokens'],
    reasoningTokens: ['usage', 'completion_tokens_details', 'reasoning_tokens'],
  },
  responseModel: ['model'],
  responseId: ['id'],
  serviceTier: ['service_tier'],
  stream: CHAT_STREAM,
};

/** OpenAI Responses API; streams report it on `response.completed` / `.incomplete` / `.failed`. Hosted web search
 * calls are output items of type `web_search_call`. */
export const OPENAI_RESPONSES: UsageShape = {
  tokens: {
    inputTokens: ['usage', 'input_tokens'],
    outputTokens: ['usage', 'output_tokens'],
    cacheReadTokens: ['usage', 'input_tokens_details', 'cached_tokens'],
    reasoningTokens: ['usage', 'output_tokens_details', 'reasoning_tokens'],
  },
  units: { web_search_requests: { count: ['output'], where: { key: 'type', equals: 'web_search_call' } } },
  responseModel: ['model'],
  responseId: ['id'],
  serviceTier: ['service_tier'],
  stream: {
    needles: ['usage'],
    roots: { 'response.completed': ['response'], 'response.incomplete': ['response'], 'response.failed': ['response'] },
  },
};

export const OPENAI_EMBEDDINGS: UsageShape = {
  tokens: { inputTokens: ['usage', 'prompt_tokens'] },
  responseModel: ['model'],
};

/** Image generation: gpt-image models report tokens; every model returns one `data` item per image. */
export const OPENAI_IMAGES: UsageShape = {
  tokens: { inputTokens: ['usage', 'input_tokens'], outputTokens: ['usage', 'output_tokens'] },
  units: { images: { count: ['data'] } },
};

/** Transcriptions: token models report `usage.input_tokens`; whisper reports `usage.seconds` (type `duration`). */
export const OPENAI_TRANSCRIPTION: UsageShape = {
  tokens: { inputTokens: ['usage', 'input_tokens'], outputTokens: ['usage', 'output_tokens'] },
  units: { seconds: ['usage', 'seconds'] },
};

/** Anthropic Messages: `input_tokens` EXCLUDES cache reads and writes, so they are added back. In a stream
 * `message_start.message.usage` has the input counts and each `message_delta.usage` is cumulative (latest wins). */
export const ANTHROPIC_MESSAGES: UsageShape = {
  tokens: {
    inputTokens: {
      sum: [
        ['usage', 'input_tokens'],
        ['usage', 'cache_read_input_tokens'],
        ['usage', 'cache_creation_input_tokens'],
      ],
    },
    outputTokens: ['usage', 'output_tokens'],
    cacheReadTokens: ['usage', 'cache_read_input_tokens'],
    cacheWriteTokens: ['usage', 'cache_creation_input_tokens'],
    cacheWrite1hTokens: ['usage', 'cache_creation', 'ephemeral_1h_input_tokens'],
  },
  units: { web_search_requests: ['usage', 'server_tool_use', 'web_search_requests'] },
  responseModel: ['model'],
  responseId: ['id'],
  serviceTier: ['usage', 'service_tier'],
  stream: { needles: ['usage'], roots: { message_start: ['message'] } },
};

/** Gemini (AI Studio and Vertex): `promptTokenCount` includes cached; thoughts are billed as output but reported
 * apart from `candidatesTokenCount`; tool-use prompt tokens are billed as input. */
export const GEMINI: UsageShape = {
  tokens: {
    inputTokens: {
      sum: [
        ['usageMetadata', 'promptTokenCount'],
        ['usageMetadata', 'toolUsePromptTokenCount'],
      ],
    },
    outputTokens: {
      sum: [
        ['usageMetadata', 'candidatesTokenCount'],
        ['usageMetadata', 'thoughtsTokenCount'],
      ],
    },
    cacheReadTokens: ['usageMetadata', 'cachedContentTokenCount'],
    reasoningTokens: ['usageMetadata', 'thoughtsTokenCount'],
  },
  responseModel: ['modelVersion'],
  responseId: ['responseId'],
  stream: { needles: ['usageMetadata'], jsonArray: true },
};

/** Bedrock Converse: `inputTokens` excludes cache reads and writes. converse-stream sends a `metadata` event. */
export const BEDROCK_CONVERSE: UsageShape = {
  tokens: {
    inputTokens: {
      sum: [
        ['usage', 'inputTokens'],
        ['usage', 'cacheReadInputTokens'],
        ['usage', 'cacheWriteInputTokens'],
      ],
    },
    outputTokens: ['usage', 'outputTokens'],
    cacheReadTokens: ['usage', 'cacheReadInputTokens'],
    cacheWriteTokens: ['usage', 'cacheWriteInputTokens'],
  },
  stream: { needles: ['usage'] },
};
