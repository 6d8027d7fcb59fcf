// @costtrace/sdk: attribute every paid provider call to a feature, user and org with OpenTelemetry.
export { init, flush, shutdown, getStats } from './sdk.js';
export { track, startSpan } from './scope.js';
export { trackUsage, recordUsage } from './manual-usage.js';
export { stampMessage, withMessage, type MessageAttribution } from './queue.js';
export { costtraceExpress } from './middleware/express.js';
export { costtraceFastify } from './middleware/fastify.js';
export { costtraceHono } from './middleware/hono.js';
export { withCosttrace } from './middleware/node-http.js';
export type {
  AttributeScalar,
  ClerkOptions,
  CostTraceOptions,
  CostTraceStats,
  IncomingRequestInfo,
  MiddlewareOptions,
  OutgoingRequestInfo,
  ProviderCallInfo,
  ProviderUrls,
  RecordUsageEvent,
  ResolvedUser,
  ScopeHandle,
  TrackAttributes,
  UsageEvent,
  UserResolver,
} from './types.js';
export {
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_OPENAI_RESPONSE_SERVICE_TIER,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_ERROR_TYPE,
  ATTR_COSTTRACE_FEATURE,
  ATTR_COSTTRACE_USER_ID,
  ATTR_COSTTRACE_ORG_ID,
  COSTTRACE_META_PREFIX,
  ATTR_COSTTRACE_COST_USD,
  ATTR_COSTTRACE_COST_SOURCE,
  COST_SOURCE_MANUAL,
  COSTTRACE_UNITS_PREFIX,
  ATTR_COSTTRACE_SERVICE_TIER,
  ATTR_COSTTRACE_CACHE_WRITE_1H_INPUT_TOKENS,
  ATTR_COSTTRACE_CANCELLED,
  ATTR_COSTTRACE_BILLABLE,
  ERROR_TYPE_CANCELLED,
  MANUAL_PROVIDER,
  MANUAL_OPERATION,
  COSTTRACE_SCOPE_NAME,
  COSTTRACE_SCOPE_VERSION,
} from './semconv.js';
