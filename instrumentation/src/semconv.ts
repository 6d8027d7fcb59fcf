// Every span attribute and name costtrace writes, in one place: the OTel GenAI semantic conventions it follows and
// the costtrace.* keys the collector reads (collector/src/processor/attribute-keys.ts reads the same names).

/** OTel GenAI semantic conventions (https://opentelemetry.io/docs/specs/semconv/gen-ai/). */
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id';
/** Includes cache read and cache write tokens (semconv rule; the registry normalises Anthropic to it). */
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
/** Includes reasoning tokens. */
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens';
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = 'gen_ai.usage.cache_creation.input_tokens';
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = 'gen_ai.usage.reasoning.output_tokens';
export const ATTR_OPENAI_RESPONSE_SERVICE_TIER = 'openai.response.service_tier';

/** OTel general and HTTP conventions. */
export const ATTR_SERVER_ADDRESS = 'server.address';
export const ATTR_SERVER_PORT = 'server.port';
export const ATTR_HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';
export const ATTR_ERROR_TYPE = 'error.type';

/** costtrace attribution (also the W3C baggage keys between internal services). */
export const ATTR_COSTTRACE_FEATURE = 'costtrace.feature';
export const ATTR_COSTTRACE_USER_ID = 'costtrace.user_id';
export const ATTR_COSTTRACE_ORG_ID = 'costtrace.org_id';
export const COSTTRACE_META_PREFIX = 'costtrace.meta.';

/** costtrace usage beyond semconv. */
export const ATTR_COSTTRACE_COST_USD = 'costtrace.cost_usd';
/** Who reported `costtrace.cost_usd` when it was not the provider: `manual` on trackUsage/recordUsage events. */
export const ATTR_COSTTRACE_COST_SOURCE = 'costtrace.cost_source';
export const COSTTRACE_UNITS_PREFIX = 'costtrace.units.';
export const ATTR_COSTTRACE_SERVICE_TIER = 'costtrace.service_tier';
/** Anthropic's 1-hour cache writes, a subset of cache_creation priced higher than the 5-minute ones. */
export const ATTR_COSTTRACE_CACHE_WRITE_1H_INPUT_TOKENS = 'costtrace.usage.cache_write_1h.input_tokens';
/** True when the app cancelled or aborted the call before the body ended; usage is what was seen so far. */
export const ATTR_COSTTRACE_CANCELLED = 'costtrace.cancelled';
/** False on a repeated observation of a cumulative object (a poll): kept in the app's traces, never exported. */
export const ATTR_COSTTRACE_BILLABLE = 'costtrace.billable';

/** `error.type` value for a call the app cancelled or aborted. */
export const ERROR_TYPE_CANCELLED = 'cancelled';
/** `costtrace.cost_source` of a cost the app recorded itself. */
export const COST_SOURCE_MANUAL = 'manual';
/** Provider id of a manual event that names none (a Scrawn-style debit). */
export const MANUAL_PROVIDER = 'manual';
/** Operation of a manual event that names none. */
export const MANUAL_OPERATION = 'usage';
/** Instrumentation scope of every span costtrace creates; the exporter sends only spans of this scope. */
export const COSTTRACE_SCOPE_NAME = '@costtrace/sdk';
export const COSTTRACE_SCOPE_VERSION = '0.1.0';
