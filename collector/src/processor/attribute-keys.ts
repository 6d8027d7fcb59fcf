// Every span attribute name the collector reads, in one place: ours, the OTel GenAI semantic conventions (current
// and deprecated), and the attribution keys other instrumentations use.

export const COSTTRACE = {
  feature: 'costtrace.feature',
  userId: 'costtrace.user_id',
  orgId: 'costtrace.org_id',
  metaPrefix: 'costtrace.meta.',
  costUsd: 'costtrace.cost_usd',
  /** `manual` on events the app recorded itself (trackUsage/recordUsage); provider-reported otherwise. */
  costSource: 'costtrace.cost_source',
  unitsPrefix: 'costtrace.units.',
  serviceTier: 'costtrace.service_tier',
  cacheWrite1h: 'costtrace.usage.cache_write_1h.input_tokens',
} as const;

export const GEN_AI = {
  providerName: 'gen_ai.provider.name',
  system: 'gen_ai.system',
  operationName: 'gen_ai.operation.name',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  cacheReadTokens: 'gen_ai.usage.cache_read.input_tokens',
  cacheCreationTokens: 'gen_ai.usage.cache_creation.input_tokens',
  cacheWriteTokens: 'gen_ai.usage.cache_write.input_tokens',
  reasoningTokens: 'gen_ai.usage.reasoning.output_tokens',
  /** Deprecated names still sent by older instrumentations. */
  promptTokens: 'gen_ai.usage.prompt_tokens',
  completionTokens: 'gen_ai.usage.completion_tokens',
  openaiServiceTier: 'openai.response.service_tier',
  openaiServiceTierDeprecated: 'gen_ai.openai.response.service_tier',
} as const;

export const SERVICE_NAME = 'service.name';

/** Attribution keys read when ours are absent, in order of preference. */
export const USER_ID_FALLBACKS = [
  'user.id',
  'enduser.id',
  'langfuse.user.id',
  'traceloop.association.properties.user_id',
  'traceloop.association.properties.userId',
  'ai.telemetry.metadata.userId',
  'ai.telemetry.metadata.user_id',
] as const;
export const ORG_ID_FALLBACKS = [
  'traceloop.association.properties.org_id',
  'traceloop.association.properties.orgId',
  'ai.telemetry.metadata.orgId',
  'ai.telemetry.metadata.org_id',
] as const;
export const FEATURE_FALLBACKS = [
  'traceloop.association.properties.feature',
  'ai.telemetry.metadata.feature',
  // Vercel AI SDK names the calling function here; it is the closest thing to a feature it has.
  'ai.telemetry.functionId',
] as const;
/** Prefixes copied into `meta` (the key after the prefix becomes the meta key). */
export const META_PREFIXES = [COSTTRACE.metaPrefix, 'traceloop.association.properties.', 'ai.telemetry.metadata.'] as const;
/** Single attributes copied into `meta` under a short name. */
export const META_SINGLES: Record<string, string> = { 'session.id': 'session_id', 'langfuse.session.id': 'session_id' };

/** Older `gen_ai.system` values and other spellings mapped to GenAI `gen_ai.provider.name` ids. */
export const PROVIDER_ALIASES: Record<string, string> = {
  gemini: 'gcp.gemini',
  google: 'gcp.gemini',
  'google.gemini': 'gcp.gemini',
  vertex_ai: 'gcp.vertex_ai',
  vertexai: 'gcp.vertex_ai',
  'az.ai.openai': 'azure.ai.openai',
  azure: 'azure.ai.openai',
  'azure.openai': 'azure.ai.openai',
  bedrock: 'aws.bedrock',
  aws_bedrock: 'aws.bedrock',
  mistral: 'mistral_ai',
  mistralai: 'mistral_ai',
  xai: 'x_ai',
  'x.ai': 'x_ai',
  together_ai: 'together',
  togetherai: 'together',
};
