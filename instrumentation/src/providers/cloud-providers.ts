// Providers reached through cloud platforms, as data: Azure OpenAI, Google Gemini and Vertex AI, AWS Bedrock.
// Their hosts carry the customer's resource or region, so they match by host pattern and route by path.
import type { ProviderEntry } from './catalog-types.js';
import { openAiRoutes } from './route-builders.js';
import { ANTHROPIC_MESSAGES, BEDROCK_CONVERSE, GEMINI, OPENAI_CHAT, OPENAI_EMBEDDINGS, OPENAI_IMAGES } from './usage-shapes.js';

/** Azure OpenAI: classic deployment paths (model = deployment when the body names none) and the v1 API. */
const AZURE_OPENAI: ProviderEntry = {
  id: 'azure.ai.openai',
  bases: [
    {
      urls: ['https://*.openai.azure.com', 'https://*.services.ai.azure.com', 'https://*.cognitiveservices.azure.com'],
      routes: [
        {
          path: /^\/openai\/deployments\/([^/]+)\/chat\/completions$/,
          operation: 'chat',
          shape: OPENAI_CHAT,
          model: { body: 'model', group: 1 },
          injectIncludeUsage: true,
        },
        {
          path: /^\/openai\/deployments\/([^/]+)\/completions$/,
          operation: 'text_completion',
          shape: OPENAI_CHAT,
          model: { body: 'model', group: 1 },
        },
        {
          path: /^\/openai\/deployments\/([^/]+)\/embeddings$/,
          operation: 'embeddings',
          shape: OPENAI_EMBEDDINGS,
          model: { body: 'model', group: 1 },
        },
        {
          path: /^\/openai\/deployments\/([^/]+)\/images\/generations$/,
          operation: 'generate_content',
          shape: OPENAI_IMAGES,
          model: { body: 'model', group: 1 },
        },
        ...openAiRoutes('/openai(?:/v1)?', { inject: true }),
        // Azure AI Foundry model inference API (OpenAI-shaped responses).
        { path: /^\/models\/chat\/completions$/, operation: 'chat', shape: OPENAI_CHAT, injectIncludeUsage: true },
        { path: /^\/models\/embeddings$/, operation: 'embeddings', shape: OPENAI_EMBEDDINGS },
      ],
    },
  ],
};

const GEMINI_MODEL_CALL = '/(?:v1|v1beta|v1alpha)/(?:models|tunedModels)/([^/:]+)';

/** Gemini API (AI Studio). `/v1beta/openai/` is its OpenAI-compatible surface. */
const GCP_GEMINI: ProviderEntry = {
  id: 'gcp.gemini',
  bases: [
    {
      urls: ['https://generativelanguage.googleapis.com'],
      routes: [
        {
          path: new RegExp(`^${GEMINI_MODEL_CALL}:generateContent$`),
          operation: 'generate_content',
          shape: GEMINI,
          model: { group: 1 },
          streaming: 'never',
        },
        {
          path: new RegExp(`^${GEMINI_MODEL_CALL}:streamGenerateContent$`),
          operation: 'generate_content',
          shape: GEMINI,
          model: { group: 1 },
          streaming: 'always',
        },
        {
          path: new RegExp(`^${GEMINI_MODEL_CALL}:(?:embedContent|batchEmbedContents)$`),
          operation: 'embeddings',
          shape: GEMINI,
          model: { group: 1 },
          streaming: 'never',
        },
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
        {
          path: new RegExp(`^${VERTEX_PUBLISHER}/google/models/([^/:]+):generateContent$`),
          operation: 'generate_content',
          shape: GEMINI,
          model: { group: 1 },
          streaming: 'never',
        },
        {
          path: new RegExp(`^${VERTEX_PUBLISHER}/google/models/([^/:]+):streamGenerateContent$`),
          operation: 'generate_content',
          shape: GEMINI,
          model: { group: 1 },
          streaming: 'always',
        },
        {
          path: new RegExp(`^${VERTEX_PUBLISHER}/anthropic/models/([^/:]+):rawPredict$`),
          operation: 'chat',
          shape: ANTHROPIC_MESSAGES,
          model: { group: 1 },
        },
        {
          path: new RegExp(`^${VERTEX_PUBLISHER}/anthropic/models/([^/:]+):streamRawPredict$`),
          operation: 'chat',
          shape: ANTHROPIC_MESSAGES,
          model: { group: 1 },
          streaming: 'always',
        },
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
        {
          path: new RegExp(`${BEDROCK_MODEL}/converse$`),
          operation: 'chat',
          shape: BEDROCK_CONVERSE,
          model: { group: 1 },
          streaming: 'never',
        },
        {
          path: new RegExp(`${BEDROCK_MODEL}/converse-stream$`),
          operation: 'chat',
          shape: BEDROCK_CONVERSE,
          model: { group: 1 },
          streaming: 'always',
        },
        {
          path: new RegExp(`${BEDROCK_MODEL}/invoke$`),
          operation: 'chat',
          model: { group: 1 },
          streaming: 'never',
          shape: {
            headerTokens: {
              inputTokens: [
                'x-amzn-bedrock-input-token-count',
                'x-amzn-bedrock-cache-read-input-token-count',
                'x-amzn-bedrock-cache-write-input-token-count',
              ],
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

export const CLOUD_PROVIDERS: readonly ProviderEntry[] = [AZURE_OPENAI, GCP_GEMINI, GCP_VERTEX_AI, AWS_BEDROCK];
