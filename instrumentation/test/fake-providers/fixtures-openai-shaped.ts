// Fixtures for OpenAI and the providers that answer in its shape (Azure, OpenRouter, Perplexity, Mistral, Groq,
// DeepSeek, xAI, Together, Fireworks): chat JSON and streams as each frames usage, Responses, embeddings.
import { chatCompletion, chatStream, type ChatStream } from './chat-stream.js';
import type { ProviderFixture } from './fixture-types.js';
import { sse } from './stream-text.js';

export const JSON_HEADERS = { 'content-type': 'application/json' };
export const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };
const MESSAGES = [{ role: 'user', content: 'Say hello' }];

/** A chat call in JSON, as a stream without usage, and as the stream the provider sends when include_usage is set. */
function chatTriple(
  provider: string,
  path: string,
  requestModel: string,
  answer: Omit<ChatStream, 'mode'>,
  expected: ProviderFixture['expected']['usage'],
): ProviderFixture[] {
  const base = { provider, method: 'POST', path };
  const streamExpected = { operation: 'chat', requestModel, streaming: true, billable: true };
  return [
    {
      ...base,
      name: `${provider} chat json`,
      requestBody: { model: requestModel, messages: MESSAGES },
      response: { status: 200, headers: JSON_HEADERS, body: JSON.stringify(chatCompletion(answer)) },
      expected: { operation: 'chat', requestModel, streaming: false, billable: true, injects: false, usage: expected },
    },
    {
      ...base,
      name: `${provider} chat stream without usage`,
      variant: 'stream',
      requestBody: { model: requestModel, messages: MESSAGES, stream: true },
      response: { status: 200, headers: SSE_HEADERS, body: chatStream({ ...answer, mode: 'none' }) },
      expected: { ...streamExpected, injects: true, usage: undefined },
    },
    {
      ...base,
      name: `${provider} chat stream with include_usage`,
      variant: 'stream-usage',
      requestBody: { model: requestModel, messages: MESSAGES, stream: true, stream_options: { include_usage: true } },
      response: { status: 200, headers: SSE_HEADERS, body: chatStream({ ...answer, mode: 'include' }) },
      expected: { ...streamExpected, injects: false, usage: expected },
    },
  ];
}

/** A chat call in JSON and as a stream that always ends with usage (the provider needs no include_usage). */
function chatPair(
  provider: string,
  path: string,
  requestModel: string,
  stream: ChatStream,
  expected: ProviderFixture['expected']['usage'],
): ProviderFixture[] {
  const base = { provider, method: 'POST', path };
  return [
    {
      ...base,
      name: `${provider} chat json`,
      requestBody: { model: requestModel, messages: MESSAGES },
      response: { status: 200, headers: JSON_HEADERS, body: JSON.stringify(chatCompletion(stream)) },
      expected: { operation: 'chat', requestModel, streaming: false, billable: true, injects: false, usage: expected },
    },
    {
      ...base,
      name: `${provider} chat stream`,
      variant: 'stream',
      requestBody: { model: requestModel, messages: MESSAGES, stream: true },
      response: { status: 200, headers: SSE_HEADERS, body: chatStream(stream) },
      expected: { operation: 'chat', requestModel, streaming: true, billable: true, injects: false, usage: expected },
    },
  ];
}

const OPENAI_USAGE = {
  prompt_tokens: 1250,
  completion_tokens: 420,
  total_tokens: 1670,
  prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 256, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
};

const OPENAI_CHAT = chatTriple(
  'openai',
  '/chat/completions',
  'gpt-5-mini',
  {
    id: 'chatcmpl-CJ3xGZ8rKq2Vb1uT0oPn7AeLmWd5s',
    model: 'gpt-5-mini-2025-08-07',
    created: 1758814410,
    extra: { service_tier: 'default', system_fingerprint: null },
    pieces: ['Hello', '! How', ' can I help?'],
    usage: OPENAI_USAGE,
  },
  {
    responseModel: 'gpt-5-mini-2025-08-07',
    responseId: 'chatcmpl-CJ3xGZ8rKq2Vb1uT0oPn7AeLmWd5s',
    serviceTier: 'default',
    inputTokens: 1250,
    outputTokens: 420,
    cacheReadTokens: 1024,
    reasoningTokens: 256,
  },
);

const RESPONSE_OUTPUT = [
  { id: 'rs_68d5a1', type: 'reasoning', summary: [] },
  { id: 'ws_68d5a2', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'weather in Paris' } },
  {
    id: 'msg_68d5a3',
    type: 'message',
    status: 'completed',
    role: 'assistant',
    content: [{ type: 'output_text', annotations: [], logprobs: [], text: 'It is sunny in Paris.' }],
  },
];

function responseObject(status: string, usage: unknown): Record<string, unknown> {
  return {
    id: 'resp_68d5a0c1e2f48190a1b2c3d4e5f60718',
    object: 'response',
    created_at: 1758814500,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    model: 'gpt-5-mini-2025-08-07',
    output: status === 'completed' ? RESPONSE_OUTPUT : [],
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: 'medium', summary: null },
    service_tier: 'default',
    store: true,
    temperature: 1,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: 'auto',
    tools: [{ type: 'web_search', search_context_size: 'medium' }],
    top_p: 1,
    truncation: 'disabled',
    usage,
    user: null,
    metadata: {},
  };
}

const RESPONSES_USAGE = {
  input_tokens: 3100,
  input_tokens_details: { cached_tokens: 2048 },
  output_tokens: 900,
  output_tokens_details: { reasoning_tokens: 512 },
  total_tokens: 4000,
};
const RESPONSES_EXPECTED = {
  responseModel: 'gpt-5-mini-2025-08-07',
  responseId: 'resp_68d5a0c1e2f48190a1b2c3d4e5f60718',
  serviceTier: 'default',
  inputTokens: 3100,
  outputTokens: 900,
  cacheReadTokens: 2048,
  reasoningTokens: 512,
  units: { web_search_requests: 1 },
};
const RESPONSES_REQUEST = { model: 'gpt-5-mini', input: 'What is the weather in Paris?', tools: [{ type: 'web_search' }] };

const OPENAI_OTHER: ProviderFixture[] = [
  {
    name: 'openai responses json',
    provider: 'openai',
    method: 'POST',
    path: '/responses',
    requestBody: RESPONSES_REQUEST,
    response: { status: 200, headers: JSON_HEADERS, body: JSON.stringify(responseObject('completed', RESPONSES_USAGE)) },
    expected: {
      operation: 'chat',
      requestModel: 'gpt-5-mini',
      streaming: false,
      billable: true,
      injects: false,
      usage: RESPONSES_EXPECTED,
    },
  },
  {
    name: 'openai responses stream',
    provider: 'openai',
    method: 'POST',
    path: '/responses',
    variant: 'stream',
    requestBody: { ...RESPONSES_REQUEST, stream: true },
    response: {
      status: 200,
      headers: SSE_HEADERS,
      body: sse([
        {
          event: 'response.created',
          data: { type: 'response.created', sequence_number: 0, response: responseObject('in_progress', null) },
        },
        {
          event: 'response.in_progress',
          data: { type: 'response.in_progress', sequence_number: 1, response: responseObject('in_progress', null) },
        },
        {
          event: 'response.output_text.delta',
          data: {
            type: 'response.output_text.delta',
            sequence_number: 2,
            item_id: 'msg_68d5a3',
            output_index: 2,
            content_index: 0,
            delta: 'It is sunny',
            logprobs: [],
          },
        },
        {
          event: 'response.output_text.delta',
          data: {
            type: 'response.output_text.delta',
            sequence_number: 3,
            item_id: 'msg_68d5a3',
            output_index: 2,
            content_index: 0,
            delta: ' in Paris.',
            logprobs: [],
          },
        },
        {
          event: 'response.completed',
          data: { type: 'response.completed', sequence_number: 4, response: responseObject('completed', RESPONSES_USAGE) },
        },
      ]),
    },
    expected: { operation: 'chat', requestModel: 'gpt-5-mini', streaming: true, billable: true, injects: false, usage: RESPONSES_EXPECTED },
  },
  {
    name: 'openai embeddings',
    provider: 'openai',
    method: 'POST',
    path: '/embeddings',
    requestBody: { model: 'text-embedding-3-small', input: 'hello world', encoding_format: 'float' },
    response: {
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        object: 'list',
        data: [{ object: 'embedding', index: 0, embedding: [0.0023064255, -0.009327292, 0.015797347] }],
        model: 'text-embedding-3-small',
        usage: { prompt_tokens: 2, total_tokens: 2 },
      }),
    },
    expected: {
      operation: 'embeddings',
      requestModel: 'text-embedding-3-small',
      streaming: false,
      billable: true,
      injects: false,
      usage: { responseModel: 'text-embedding-3-small', inputTokens: 2 },
    },
  },
  {
    name: 'openai chat 429 error',
    provider: 'openai',
    method: 'POST',
    path: '/chat/completions',
    requestBody: { model: 'gpt-5-mini', messages: MESSAGES, user: 'rate-limited' },
    when: { user: 'rate-limited' },
    response: {
      status: 429,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        error: { message: 'Rate limit reached for gpt-5-mini', type: 'requests', param: null, code: 'rate_limit_exceeded' },
      }),
    },
    expected: { operation: 'chat', requestModel: 'gpt-5-mini', streaming: false, billable: true, injects: false, usage: undefined },
  },
];

/** Azure: the model is the deployment in the path; the first chunk carries prompt_filter_results with no choices. */
const AZURE_ANSWER = {
  id: 'chatcmpl-AzR1f9PqLm3Xk2Ws8TnVb7YdHc0Ja',
  model: 'gpt-4o-2024-11-20',
  created: 1758815000,
  extra: { system_fingerprint: 'fp_ee1d74bde0' },
  pieces: ['Hi', ' there'],
  usage: {
    prompt_tokens: 41,
    completion_tokens: 7,
    total_tokens: 48,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  },
};
const AZURE_FILTER_CHUNK = {
  data: {
    choices: [],
    created: 0,
    id: '',
    model: '',
    object: '',
    prompt_filter_results: [
      {
        prompt_index: 0,
        content_filter_results: { hate: { filtered: false, severity: 'safe' }, violence: { filtered: false, severity: 'safe' } },
      },
    ],
  },
};
const AZURE_EXPECTED = {
  responseModel: 'gpt-4o-2024-11-20',
  responseId: AZURE_ANSWER.id,
  inputTokens: 41,
  outputTokens: 7,
  cacheReadTokens: 0,
  reasoningTokens: 0,
};
const AZURE_PATH = '/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21';
const AZURE: ProviderFixture[] = [
  {
    name: 'azure.ai.openai chat json (deployment)',
    provider: 'azure.ai.openai',
    method: 'POST',
    path: AZURE_PATH,
    requestBody: { messages: MESSAGES },
    response: { status: 200, headers: JSON_HEADERS, body: JSON.stringify(chatCompletion(AZURE_ANSWER)) },
    expected: { operation: 'chat', requestModel: 'gpt-4o-prod', streaming: false, billable: true, injects: false, usage: AZURE_EXPECTED },
  },
  {
    name: 'azure.ai.openai chat stream without usage',
    provider: 'azure.ai.openai',
    method: 'POST',
    path: AZURE_PATH,
    variant: 'stream',
    requestBody: { messages: MESSAGES, stream: true },
    response: { status: 200, headers: SSE_HEADERS, body: sse([AZURE_FILTER_CHUNK]) + chatStream({ ...AZURE_ANSWER, mode: 'none' }) },
    expected: { operation: 'chat', requestModel: 'gpt-4o-prod', streaming: true, billable: true, injects: true, usage: undefined },
  },
  {
    name: 'azure.ai.openai chat stream with include_usage',
    provider: 'azure.ai.openai',
    method: 'POST',
    path: AZURE_PATH,
    variant: 'stream-usage',
    requestBody: { messages: MESSAGES, stream: true, stream_options: { include_usage: true } },
    response: { status: 200, headers: SSE_HEADERS, body: sse([AZURE_FILTER_CHUNK]) + chatStream({ ...AZURE_ANSWER, mode: 'include' }) },
    expected: { operation: 'chat', requestModel: 'gpt-4o-prod', streaming: true, billable: true, injects: false, usage: AZURE_EXPECTED },
  },
];

const OPENROUTER_USAGE = {
  prompt_tokens: 14,
  completion_tokens: 62,
  total_tokens: 76,
  cost: 0.000142650000000001,
  is_byok: false,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  cost_details: { upstream_inference_cost: null },
  completion_tokens_details: { reasoning_tokens: 0, image_tokens: 0 },
};
const OPENROUTER = chatPair(
  'openrouter',
  '/chat/completions',
  'anthropic/claude-3.5-haiku',
  {
    id: 'gen-1758815100-Qw8rT2yU4iO6pA9s',
    model: 'anthropic/claude-3.5-haiku',
    created: 1758815100,
    extra: { provider: 'Anthropic' },
    pieces: ['Hello', '!'],
    mode: 'none',
    usageChunk: true,
    usage: OPENROUTER_USAGE,
  },
  {
    responseModel: 'anthropic/claude-3.5-haiku',
    responseId: 'gen-1758815100-Qw8rT2yU4iO6pA9s',
    inputTokens: 14,
    outputTokens: 62,
    cacheReadTokens: 0,
    reasoningTokens: 0,
    costUsd: '0.000142650000000001',
  },
);

const PERPLEXITY_USAGE = {
  prompt_tokens: 9,
  completion_tokens: 380,
  total_tokens: 389,
  search_context_size: 'low',
  num_search_queries: 1,
  cost: { input_tokens_cost: 0.000027, output_tokens_cost: 0.0057, request_cost: 0.006, total_cost: 0.011727 },
};
const PERPLEXITY = chatPair(
  'perplexity',
  '/chat/completions',
  'sonar-pro',
  {
    id: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
    model: 'sonar-pro',
    created: 1758815200,
    extra: {
      citations: ['https://en.wikipedia.org/wiki/Paris'],
      search_results: [{ title: 'Paris', url: 'https://en.wikipedia.org/wiki/Paris', date: null }],
    },
    pieces: ['Paris is', ' the capital of France.'],
    mode: 'every',
    usage: PERPLEXITY_USAGE,
  },
  {
    responseModel: 'sonar-pro',
    responseId: '3c90c3cc-0d44-4b50-8888-8dd25736052a',
    inputTokens: 9,
    outputTokens: 380,
    costUsd: '0.011727',
    units: { web_search_requests: 1 },
  },
);

const MISTRAL = chatPair(
  'mistral_ai',
  '/chat/completions',
  'mistral-small-latest',
  {
    id: 'cmpl-e5cc70bb28c444948073e77776eb30ef',
    model: 'mistral-small-latest',
    created: 1758815300,
    pieces: ['Bonjour', ' !'],
    mode: 'last',
    usage: { prompt_tokens: 10, total_tokens: 33, completion_tokens: 23 },
  },
  { responseModel: 'mistral-small-latest', responseId: 'cmpl-e5cc70bb28c444948073e77776eb30ef', inputTokens: 10, outputTokens: 23 },
);

const GROQ_USAGE = {
  queue_time: 0.07535312,
  prompt_tokens: 23,
  prompt_time: 0.006,
  completion_tokens: 19,
  completion_time: 0.022,
  total_tokens: 42,
  total_time: 0.028,
};
const GROQ_ANSWER = {
  id: 'chatcmpl-8566e76f-7ded-47d7-a2ca-d212098af00c',
  model: 'llama-3.3-70b-versatile',
  created: 1758815400,
  extra: { system_fingerprint: 'fp_c06d5113ec' },
  pieces: ['Hello', '!'],
  usage: GROQ_USAGE,
};
const GROQ_EXPECTED = { responseModel: 'llama-3.3-70b-versatile', responseId: GROQ_ANSWER.id, inputTokens: 23, outputTokens: 19 };
const GROQ: ProviderFixture[] = [
  {
    name: 'groq chat json',
    provider: 'groq',
    method: 'POST',
    path: '/chat/completions',
    requestBody: { model: 'llama-3.3-70b-versatile', messages: MESSAGES },
    response: {
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({ ...chatCompletion(GROQ_ANSWER), x_groq: { id: 'req_01k5xq9e0bf8v9w0' } }),
    },
    expected: {
      operation: 'chat',
      requestModel: 'llama-3.3-70b-versatile',
      streaming: false,
      billable: true,
      injects: false,
      usage: GROQ_EXPECTED,
    },
  },
  {
    name: 'groq chat stream with x_groq usage',
    provider: 'groq',
    method: 'POST',
    path: '/chat/completions',
    variant: 'stream',
    requestBody: { model: 'llama-3.3-70b-versatile', messages: MESSAGES, stream: true },
    response: { status: 200, headers: SSE_HEADERS, body: chatStream({ ...GROQ_ANSWER, mode: 'x_groq' }) },
    expected: {
      operation: 'chat',
      requestModel: 'llama-3.3-70b-versatile',
      streaming: true,
      billable: true,
      injects: true,
      usage: GROQ_EXPECTED,
    },
  },
  {
    name: 'groq chat stream with include_usage',
    provider: 'groq',
    method: 'POST',
    path: '/chat/completions',
    variant: 'stream-usage',
    requestBody: { model: 'llama-3.3-70b-versatile', messages: MESSAGES, stream: true, stream_options: { include_usage: true } },
    response: { status: 200, headers: SSE_HEADERS, body: chatStream({ ...GROQ_ANSWER, mode: 'x_groq', usageChunk: true }) },
    expected: {
      operation: 'chat',
      requestModel: 'llama-3.3-70b-versatile',
      streaming: true,
      billable: true,
      injects: false,
      usage: GROQ_EXPECTED,
    },
  },
];

const DEEPSEEK = chatTriple(
  'deepseek',
  '/chat/completions',
  'deepseek-reasoner',
  {
    id: '930c60df-bf64-41c9-a88e-3ec75f81e00e',
    model: 'deepseek-reasoner',
    created: 1758815500,
    extra: { system_fingerprint: 'fp_ffc7281d48_prod0820_fp8_kvcache' },
    pieces: ['Hello', '.'],
    usage: {
      prompt_tokens: 400,
      completion_tokens: 150,
      total_tokens: 550,
      prompt_tokens_details: { cached_tokens: 320 },
      completion_tokens_details: { reasoning_tokens: 90 },
      prompt_cache_hit_tokens: 320,
      prompt_cache_miss_tokens: 80,
    },
  },
  {
    responseModel: 'deepseek-reasoner',
    responseId: '930c60df-bf64-41c9-a88e-3ec75f81e00e',
    inputTokens: 400,
    outputTokens: 150,
    cacheReadTokens: 320,
    reasoningTokens: 90,
  },
);

const X_AI = chatTriple(
  'x_ai',
  '/chat/completions',
  'grok-4',
  {
    id: '923d4779-8674-4a1e-a509-b9ecc58263a9',
    model: 'grok-4-0709',
    created: 1758815600,
    extra: { system_fingerprint: 'fp_0d42a4eb3d' },
    pieces: ['Hey', '!'],
    usage: {
      prompt_tokens: 700,
      completion_tokens: 1245,
      total_tokens: 1945,
      prompt_tokens_details: { text_tokens: 700, audio_tokens: 0, image_tokens: 0, cached_tokens: 512 },
      completion_tokens_details: { reasoning_tokens: 1200, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      num_sources_used: 3,
      cost_in_usd_ticks: 37756000,
    },
  },
  {
    responseModel: 'grok-4-0709',
    responseId: '923d4779-8674-4a1e-a509-b9ecc58263a9',
    inputTokens: 700,
    outputTokens: 1245,
    cacheReadTokens: 512,
    reasoningTokens: 1200,
    costUsd: '0.0037756',
    units: { search_sources: 3 },
  },
);

const TOGETHER = chatPair(
  'together',
  '/chat/completions',
  'meta-llama/Llama-3.3-70B-Instruct-Turbo',
  {
    id: 'oFwqB1y-4Yz1Db-98a41b1c2d3e4f50',
    model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
    created: 1758815700,
    pieces: ['Hello', ' world'],
    mode: 'last',
    usage: { prompt_tokens: 36, completion_tokens: 12, total_tokens: 48, cached_tokens: 0 },
  },
  {
    responseModel: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
    responseId: 'oFwqB1y-4Yz1Db-98a41b1c2d3e4f50',
    inputTokens: 36,
    outputTokens: 12,
  },
);

const FIREWORKS = chatTriple(
  'fireworks',
  '/chat/completions',
  'accounts/fireworks/models/llama-v3p1-8b-instruct',
  {
    id: 'b1b3f8c2-44a1-4b51-9c0e-5d2f7a6e8c90',
    model: 'accounts/fireworks/models/llama-v3p1-8b-instruct',
    created: 1758815800,
    pieces: ['Hi', '!'],
    usage: { prompt_tokens: 18, total_tokens: 27, completion_tokens: 9, prompt_tokens_details: { cached_tokens: 0 } },
  },
  {
    responseModel: 'accounts/fireworks/models/llama-v3p1-8b-instruct',
    responseId: 'b1b3f8c2-44a1-4b51-9c0e-5d2f7a6e8c90',
    inputTokens: 18,
    outputTokens: 9,
    cacheReadTokens: 0,
  },
);

export const OPENAI_SHAPED_FIXTURES: readonly ProviderFixture[] = [
  ...OPENAI_CHAT,
  ...OPENAI_OTHER,
  ...AZURE,
  ...OPENROUTER,
  ...PERPLEXITY,
  ...MISTRAL,
  ...GROQ,
  ...DEEPSEEK,
  ...X_AI,
  ...TOGETHER,
  ...FIREWORKS,
];
