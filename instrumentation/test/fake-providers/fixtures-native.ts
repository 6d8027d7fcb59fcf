// Fixtures for providers with their own response shapes: Anthropic Messages, Gemini (SSE with CRLF and the JSON
// array stream), Vertex AI (Gemini, Claude, OpenAI-compatible), AWS Bedrock (converse, invoke, binary event
// streams) and Cohere v2.
import { chatCompletion } from './chat-stream.js';
import type { ProviderFixture } from './fixture-types.js';
import { JSON_HEADERS, SSE_HEADERS } from './fixtures-openai-shaped.js';
import { awsEventStream, sse } from './stream-text.js';

const CLAUDE = 'claude-haiku-4-5-20251001';
const CLAUDE_REQUEST = { model: CLAUDE, max_tokens: 1024, messages: [{ role: 'user', content: 'Hello, Claude' }] };

function claudeMessage(usage: Record<string, unknown>): Record<string, unknown> {
  return {
    id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
    type: 'message',
    role: 'assistant',
    model: CLAUDE,
    content: [{ type: 'text', text: 'Hello! How can I help you today?' }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage,
  };
}

const ANTHROPIC_JSON_USAGE = {
  input_tokens: 12,
  cache_creation_input_tokens: 1536,
  cache_read_input_tokens: 2048,
  cache_creation: { ephemeral_5m_input_tokens: 512, ephemeral_1h_input_tokens: 1024 },
  output_tokens: 87,
  server_tool_use: { web_search_requests: 2 },
  service_tier: 'standard',
};
const ANTHROPIC_JSON_EXPECTED = {
  responseModel: CLAUDE,
  responseId: 'msg_01XFDUDYJgAACzvnptvVoYEL',
  serviceTier: 'standard',
  inputTokens: 3596,
  outputTokens: 87,
  cacheReadTokens: 2048,
  cacheWriteTokens: 1536,
  cacheWrite1hTokens: 1024,
  units: { web_search_requests: 2 },
};

const ANTHROPIC_STREAM = sse([
  {
    event: 'message_start',
    data: {
      type: 'message_start',
      message: {
        id: 'msg_01Stream7vKq2Jd8mXw4Ba1c',
        type: 'message',
        role: 'assistant',
        model: CLAUDE,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: 25,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 4096,
          cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
          output_tokens: 1,
          service_tier: 'standard',
        },
      },
    },
  },
  { event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } },
  { event: 'ping', data: { type: 'ping' } },
  { event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } } },
  {
    event: 'content_block_delta',
    data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: '! How can I help?' } },
  },
  { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
  {
    event: 'message_delta',
    data: {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { input_tokens: 25, cache_creation_input_tokens: 0, cache_read_input_tokens: 4096, output_tokens: 150 },
    },
  },
  { event: 'message_stop', data: { type: 'message_stop' } },
]);
const ANTHROPIC_STREAM_EXPECTED = {
  responseModel: CLAUDE,
  responseId: 'msg_01Stream7vKq2Jd8mXw4Ba1c',
  serviceTier: 'standard',
  inputTokens: 4121,
  outputTokens: 150,
  cacheReadTokens: 4096,
  cacheWriteTokens: 0,
  cacheWrite1hTokens: 0,
};

const ANTHROPIC: ProviderFixture[] = [
  {
    name: 'anthropic messages json',
    provider: 'anthropic',
    method: 'POST',
    path: '/v1/messages',
    requestBody: CLAUDE_REQUEST,
    response: { status: 200, headers: JSON_HEADERS, body: JSON.stringify(claudeMessage(ANTHROPIC_JSON_USAGE)) },
    expected: { operation: 'chat', requestModel: CLAUDE, streaming: false, billable: true, injects: false, usage: ANTHROPIC_JSON_EXPECTED },
  },
  {
    name: 'anthropic messages stream',
    provider: 'anthropic',
    method: 'POST',
    path: '/v1/messages',
    variant: 'stream',
    requestBody: { ...CLAUDE_REQUEST, stream: true },
    response: { status: 200, headers: SSE_HEADERS, body: ANTHROPIC_STREAM },
    expected: {
      operation: 'chat',
      requestModel: CLAUDE,
      streaming: true,
      billable: true,
      injects: false,
      usage: ANTHROPIC_STREAM_EXPECTED,
    },
  },
];

const GEMINI = 'gemini-2.5-flash';
const GEMINI_REQUEST = { contents: [{ role: 'user', parts: [{ text: 'Why is the sky blue?' }] }] };

function geminiResponse(text: string, usage: Record<string, unknown>, finish: boolean): Record<string, unknown> {
  return {
    candidates: [{ content: { parts: [{ text }], role: 'model' }, ...(finish && { finishReason: 'STOP' }), index: 0 }],
    usageMetadata: usage,
    modelVersion: GEMINI,
    responseId: 'mKvUaPu9NLq7xN8P4bC1sQw',
  };
}

const GEMINI_STREAM_CHUNKS = [
  geminiResponse(
    'Rayleigh',
    {
      promptTokenCount: 9,
      totalTokenCount: 133,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 9 }],
      thoughtsTokenCount: 120,
      candidatesTokenCount: 4,
    },
    false,
  ),
  geminiResponse(
    ' scattering.',
    {
      promptTokenCount: 9,
      candidatesTokenCount: 31,
      totalTokenCount: 160,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 9 }],
      thoughtsTokenCount: 120,
    },
    true,
  ),
];
const GEMINI_STREAM_EXPECTED = {
  responseModel: GEMINI,
  responseId: 'mKvUaPu9NLq7xN8P4bC1sQw',
  inputTokens: 9,
  outputTokens: 151,
  reasoningTokens: 120,
};

const GEMINI_JSON = geminiResponse(
  'Because of Rayleigh scattering.',
  {
    promptTokenCount: 1320,
    candidatesTokenCount: 85,
    totalTokenCount: 1817,
    cachedContentTokenCount: 1024,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: 1320 }],
    cacheTokensDetails: [{ modality: 'TEXT', tokenCount: 1024 }],
    thoughtsTokenCount: 412,
  },
  true,
);
const GEMINI_JSON_EXPECTED = {
  responseModel: GEMINI,
  responseId: 'mKvUaPu9NLq7xN8P4bC1sQw',
  inputTokens: 1320,
  outputTokens: 497,
  cacheReadTokens: 1024,
  reasoningTokens: 412,
};

const GEMINI_ARRAY_USAGE = { promptTokenCount: 14, candidatesTokenCount: 52, totalTokenCount: 66, toolUsePromptTokenCount: 6 };

/** Gemini generateContent in JSON and as an SSE stream (CRLF-framed, as Google sends it) for the model path
 * `modelPath`: AI Studio and Vertex AI answer in the same shape. */
function geminiPair(provider: string, modelPath: string): ProviderFixture[] {
  const base = { provider, method: 'POST', requestBody: GEMINI_REQUEST };
  const expected = { operation: 'generate_content', requestModel: GEMINI, billable: true, injects: false };
  return [
    {
      ...base,
      name: `${provider} generateContent json`,
      path: `${modelPath}:generateContent`,
      response: { status: 200, headers: JSON_HEADERS, body: JSON.stringify(GEMINI_JSON) },
      expected: { ...expected, streaming: false, usage: GEMINI_JSON_EXPECTED },
    },
    {
      ...base,
      name: `${provider} streamGenerateContent sse (CRLF)`,
      path: `${modelPath}:streamGenerateContent?alt=sse`,
      variant: 'stream',
      response: {
        status: 200,
        headers: { 'content-type': 'text/event-stream' },
        body: sse(
          GEMINI_STREAM_CHUNKS.map((data) => ({ data })),
          '\r\n',
        ),
      },
      expected: { ...expected, streaming: true, usage: GEMINI_STREAM_EXPECTED },
    },
  ];
}

const GCP_GEMINI: ProviderFixture[] = [
  ...geminiPair('gcp.gemini', `/v1beta/models/${GEMINI}`),
  {
    name: 'gcp.gemini streamGenerateContent json array',
    provider: 'gcp.gemini',
    method: 'POST',
    path: `/v1beta/models/${GEMINI}:streamGenerateContent`,
    requestBody: GEMINI_REQUEST,
    response: {
      status: 200,
      headers: JSON_HEADERS,
      body: `[${[
        geminiResponse('The sky', { promptTokenCount: 14, candidatesTokenCount: 2, totalTokenCount: 16 }, false),
        geminiResponse(' is blue {because} of "scattering" [1].', GEMINI_ARRAY_USAGE, true),
      ]
        .map((chunk) => JSON.stringify(chunk, null, 2))
        .join(',\r\n')}]`,
    },
    expected: {
      operation: 'generate_content',
      requestModel: GEMINI,
      streaming: true,
      billable: true,
      injects: false,
      usage: { responseModel: GEMINI, responseId: 'mKvUaPu9NLq7xN8P4bC1sQw', inputTokens: 20, outputTokens: 52 },
    },
  },
  {
    name: 'gcp.gemini openai-compatible chat',
    provider: 'gcp.gemini',
    method: 'POST',
    path: '/v1beta/openai/chat/completions',
    requestBody: { model: GEMINI, messages: [{ role: 'user', content: 'Hi' }] },
    response: {
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify(
        chatCompletion({
          id: 'lqzUaI2cK9ql7M8Pp4aB0Q',
          model: GEMINI,
          created: 1758816000,
          pieces: ['Hi there!'],
          usage: { completion_tokens: 20, prompt_tokens: 10, total_tokens: 30 },
        }),
      ),
    },
    expected: {
      operation: 'chat',
      requestModel: GEMINI,
      streaming: false,
      billable: true,
      injects: false,
      usage: { responseModel: GEMINI, responseId: 'lqzUaI2cK9ql7M8Pp4aB0Q', inputTokens: 10, outputTokens: 20 },
    },
  },
];

const VERTEX_LOCATION = '/v1/projects/acme-prod/locations/us-central1';
const VERTEX_CLAUDE = 'claude-haiku-4-5@20251001';
const GCP_VERTEX_AI: ProviderFixture[] = [
  ...geminiPair('gcp.vertex_ai', `${VERTEX_LOCATION}/publishers/google/models/${GEMINI}`),
  {
    name: 'gcp.vertex_ai claude rawPredict',
    provider: 'gcp.vertex_ai',
    method: 'POST',
    path: `/v1/projects/acme-prod/locations/us-east5/publishers/anthropic/models/${VERTEX_CLAUDE}:rawPredict`,
    requestBody: { anthropic_version: 'vertex-2023-10-16', max_tokens: 256, messages: [{ role: 'user', content: 'Hi' }] },
    response: {
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify(
        claudeMessage({ input_tokens: 300, cache_creation_input_tokens: 0, cache_read_input_tokens: 200, output_tokens: 42 }),
      ),
    },
    expected: {
      operation: 'chat',
      requestModel: VERTEX_CLAUDE,
      streaming: false,
      billable: true,
      injects: false,
      usage: {
        responseModel: CLAUDE,
        responseId: 'msg_01XFDUDYJgAACzvnptvVoYEL',
        inputTokens: 500,
        outputTokens: 42,
        cacheReadTokens: 200,
        cacheWriteTokens: 0,
      },
    },
  },
  {
    name: 'gcp.vertex_ai claude streamRawPredict',
    provider: 'gcp.vertex_ai',
    method: 'POST',
    path: `/v1/projects/acme-prod/locations/us-east5/publishers/anthropic/models/${VERTEX_CLAUDE}:streamRawPredict`,
    variant: 'stream',
    requestBody: { anthropic_version: 'vertex-2023-10-16', max_tokens: 256, messages: [{ role: 'user', content: 'Hi' }], stream: true },
    response: { status: 200, headers: SSE_HEADERS, body: ANTHROPIC_STREAM },
    expected: {
      operation: 'chat',
      requestModel: VERTEX_CLAUDE,
      streaming: true,
      billable: true,
      injects: false,
      usage: ANTHROPIC_STREAM_EXPECTED,
    },
  },
  {
    name: 'gcp.vertex_ai openapi chat',
    provider: 'gcp.vertex_ai',
    method: 'POST',
    path: `${VERTEX_LOCATION}/endpoints/openapi/chat/completions`,
    requestBody: { model: 'google/gemini-2.0-flash-001', messages: [{ role: 'user', content: 'Hi' }] },
    response: {
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify(
        chatCompletion({
          id: 'vx-0c1d2e3f',
          model: 'google/gemini-2.0-flash-001',
          created: 1758816100,
          pieces: ['Hello!'],
          usage: { completion_tokens: 3, prompt_tokens: 4, total_tokens: 7 },
        }),
      ),
    },
    expected: {
      operation: 'chat',
      requestModel: 'google/gemini-2.0-flash-001',
      streaming: false,
      billable: true,
      injects: false,
      usage: { responseModel: 'google/gemini-2.0-flash-001', responseId: 'vx-0c1d2e3f', inputTokens: 4, outputTokens: 3 },
    },
  },
];

const BEDROCK_MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const BEDROCK_PATH = `/model/${encodeURIComponent(BEDROCK_MODEL)}`;
const CONVERSE_REQUEST = { messages: [{ role: 'user', content: [{ text: 'Hello' }] }], inferenceConfig: { maxTokens: 512 } };
const EVENT_STREAM_HEADERS = {
  'content-type': 'application/vnd.amazon.eventstream',
  'x-amzn-requestid': 'a8e1d3f6-5c2b-4e7a-9f10-2b3c4d5e6f70',
};
const invokeChunk = (event: unknown): { bytes: string } => ({ bytes: Buffer.from(JSON.stringify(event)).toString('base64') });

const AWS_BEDROCK: ProviderFixture[] = [
  {
    name: 'aws.bedrock converse',
    provider: 'aws.bedrock',
    method: 'POST',
    path: `${BEDROCK_PATH}/converse`,
    requestBody: CONVERSE_REQUEST,
    response: {
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        output: { message: { role: 'assistant', content: [{ text: 'Hello! How can I help?' }] } },
        stopReason: 'end_turn',
        usage: { inputTokens: 30, outputTokens: 120, totalTokens: 1350, cacheReadInputTokens: 1000, cacheWriteInputTokens: 200 },
        metrics: { latencyMs: 812 },
      }),
    },
    expected: {
      operation: 'chat',
      requestModel: BEDROCK_MODEL,
      streaming: false,
      billable: true,
      injects: false,
      usage: { inputTokens: 1230, outputTokens: 120, cacheReadTokens: 1000, cacheWriteTokens: 200 },
    },
  },
  {
    name: 'aws.bedrock converse-stream (event stream)',
    provider: 'aws.bedrock',
    method: 'POST',
    path: `${BEDROCK_PATH}/converse-stream`,
    requestBody: CONVERSE_REQUEST,
    response: {
      status: 200,
      headers: EVENT_STREAM_HEADERS,
      body: awsEventStream([
        ['messageStart', { p: 'abcd', role: 'assistant' }],
        ['contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hello' }, p: 'abcdefgh' }],
        ['contentBlockDelta', { contentBlockIndex: 0, delta: { text: '! usage is fine' }, p: 'ab' }],
        ['contentBlockStop', { contentBlockIndex: 0, p: 'abcdefghijk' }],
        ['messageStop', { p: 'abcdefghijklmn', stopReason: 'end_turn' }],
        ['metadata', { metrics: { latencyMs: 410 }, p: 'abc', usage: { inputTokens: 21, outputTokens: 48, totalTokens: 69 } }],
      ]),
    },
    expected: {
      operation: 'chat',
      requestModel: BEDROCK_MODEL,
      streaming: true,
      billable: true,
      injects: false,
      usage: { inputTokens: 21, outputTokens: 48 },
    },
  },
  {
    name: 'aws.bedrock invoke (token headers)',
    provider: 'aws.bedrock',
    method: 'POST',
    path: `${BEDROCK_PATH}/invoke`,
    requestBody: { anthropic_version: 'bedrock-2023-05-31', max_tokens: 512, messages: [{ role: 'user', content: 'Hello' }] },
    response: {
      status: 200,
      headers: {
        ...JSON_HEADERS,
        'x-amzn-bedrock-input-token-count': '512',
        'x-amzn-bedrock-output-token-count': '64',
        'x-amzn-bedrock-invocation-latency': '730',
      },
      body: JSON.stringify(claudeMessage({ input_tokens: 512, output_tokens: 64 })),
    },
    expected: {
      operation: 'chat',
      requestModel: BEDROCK_MODEL,
      streaming: false,
      billable: true,
      injects: false,
      usage: { inputTokens: 512, outputTokens: 64 },
    },
  },
  {
    name: 'aws.bedrock invoke-with-response-stream',
    provider: 'aws.bedrock',
    method: 'POST',
    path: `${BEDROCK_PATH}/invoke-with-response-stream`,
    requestBody: { anthropic_version: 'bedrock-2023-05-31', max_tokens: 512, messages: [{ role: 'user', content: 'Hello' }] },
    response: {
      status: 200,
      headers: EVENT_STREAM_HEADERS,
      body: awsEventStream([
        [
          'chunk',
          invokeChunk({
            type: 'message_start',
            message: {
              id: 'msg_bdrk_01',
              type: 'message',
              role: 'assistant',
              model: 'claude-3-5-haiku-20241022',
              content: [],
              usage: { input_tokens: 17, output_tokens: 1 },
            },
          }),
        ],
        ['chunk', invokeChunk({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello!' } })],
        ['chunk', invokeChunk({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 33 } })],
        [
          'chunk',
          invokeChunk({
            type: 'message_stop',
            'amazon-bedrock-invocationMetrics': {
              inputTokenCount: 17,
              outputTokenCount: 33,
              invocationLatency: 655,
              firstByteLatency: 310,
            },
          }),
        ],
      ]),
    },
    expected: {
      operation: 'chat',
      requestModel: BEDROCK_MODEL,
      streaming: true,
      billable: true,
      injects: false,
      usage: { inputTokens: 17, outputTokens: 33 },
    },
  },
];

const COHERE_USAGE = {
  billed_units: { input_tokens: 5, output_tokens: 418 },
  tokens: { input_tokens: 71, output_tokens: 420 },
  cached_tokens: 0,
};
const COHERE_REQUEST = { model: 'command-a-03-2025', messages: [{ role: 'user', content: 'Tell me about LLMs' }] };
const COHERE_EXPECTED = { responseId: 'c14c80c3-18eb-4519-9460-6c92edd8cfb4', inputTokens: 5, outputTokens: 418, cacheReadTokens: 0 };
const COHERE: ProviderFixture[] = [
  {
    name: 'cohere v2 chat json',
    provider: 'cohere',
    method: 'POST',
    path: '/v2/chat',
    requestBody: COHERE_REQUEST,
    response: {
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        id: 'c14c80c3-18eb-4519-9460-6c92edd8cfb4',
        finish_reason: 'COMPLETE',
        message: { role: 'assistant', content: [{ type: 'text', text: 'LLMs are neural networks.' }] },
        usage: COHERE_USAGE,
      }),
    },
    expected: {
      operation: 'chat',
      requestModel: 'command-a-03-2025',
      streaming: false,
      billable: true,
      injects: false,
      usage: COHERE_EXPECTED,
    },
  },
  {
    name: 'cohere v2 chat stream',
    provider: 'cohere',
    method: 'POST',
    path: '/v2/chat',
    variant: 'stream',
    requestBody: { ...COHERE_REQUEST, stream: true },
    response: {
      status: 200,
      headers: SSE_HEADERS,
      body: sse([
        {
          event: 'message-start',
          data: {
            id: 'c14c80c3-18eb-4519-9460-6c92edd8cfb4',
            type: 'message-start',
            delta: { message: { role: 'assistant', content: [] } },
          },
        },
        { event: 'content-start', data: { type: 'content-start', index: 0, delta: { message: { content: { type: 'text', text: '' } } } } },
        {
          event: 'content-delta',
          data: { type: 'content-delta', index: 0, delta: { message: { content: { text: 'LLMs are neural networks.' } } } },
        },
        { event: 'content-end', data: { type: 'content-end', index: 0 } },
        { event: 'message-end', data: { type: 'message-end', delta: { finish_reason: 'COMPLETE', usage: COHERE_USAGE } } },
      ]),
    },
    expected: {
      operation: 'chat',
      requestModel: 'command-a-03-2025',
      streaming: true,
      billable: true,
      injects: false,
      usage: { inputTokens: 5, outputTokens: 418, cacheReadTokens: 0 },
    },
  },
];

export const NATIVE_FIXTURES: readonly ProviderFixture[] = [...ANTHROPIC, ...GCP_GEMINI, ...GCP_VERTEX_AI, ...AWS_BEDROCK, ...COHERE];
