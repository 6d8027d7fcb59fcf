// Turns init() options and the environment into one resolved configuration (pure: env is passed in).
import type { ResolvedConfig } from './internal-types.js';
import { parseProviderUrlsEnv } from './providers/index.js';
import type { CostTraceOptions } from './types.js';

const DEFAULT_ENDPOINT = 'http://localhost:4318';

/**
 * Options win over the environment; provider URL mappings from both are merged.
 * @example resolveConfig({}, { OTEL_SERVICE_NAME: 'api' }).tracesUrl === 'http://localhost:4318/v1/traces'
 */
export function resolveConfig(options: CostTraceOptions, env: Record<string, string | undefined>): ResolvedConfig {
  const endpoint = (options.endpoint ?? nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT) ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
  const providers: Record<string, string[]> = { ...parseProviderUrlsEnv(env.COSTTRACE_PROVIDER_URLS) };
  for (const [id, urls] of Object.entries(options.providers ?? {})) providers[id] = [...(providers[id] ?? []), ...urls];
  const apiKey = options.apiKey ?? nonEmpty(env.COSTTRACE_API_KEY);
  return {
    app: options.app ?? nonEmpty(env.OTEL_SERVICE_NAME) ?? 'unknown_service',
    endpoint,
    tracesUrl: `${endpoint}/v1/traces`,
    ...(apiKey !== undefined && { apiKey }),
    providers,
    internalHosts: options.internalHosts ?? splitList(env.COSTTRACE_INTERNAL_HOSTS),
    sendUserToProvider: options.sendUserToProvider ?? false,
    maxQueueSize: positive(options.maxQueueSize, 2048),
    exportTimeoutMillis: positive(options.exportTimeoutMillis, 10_000),
    scheduledDelayMillis: positive(options.scheduledDelayMillis, 1000),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}
