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
export * from './semconv.js';
