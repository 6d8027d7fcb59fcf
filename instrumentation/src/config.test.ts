import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config.js';

describe('resolveConfig', () => {
  it('applies defaults', () => {
    const config = resolveConfig({}, {});
    expect(config).toMatchObject({
      app: 'unknown_service',
      endpoint: 'http://localhost:4318',
      tracesUrl: 'http://localhost:4318/v1/traces',
      sendUserToProvider: false,
      maxQueueSize: 2048,
      exportTimeoutMillis: 10_000,
      internalHosts: [],
    });
    expect(config.apiKey).toBeUndefined();
  });

  it('reads the environment and lets options win', () => {
    const env = {
      OTEL_SERVICE_NAME: 'api',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
      COSTTRACE_API_KEY: 'k1',
      COSTTRACE_INTERNAL_HOSTS: 'billing:8080, *.svc',
      COSTTRACE_PROVIDER_URLS: 'openai=http://127.0.0.1:9001/v1',
    };
    expect(resolveConfig({}, env)).toMatchObject({
      app: 'api',
      tracesUrl: 'http://collector:4318/v1/traces',
      apiKey: 'k1',
      internalHosts: ['billing:8080', '*.svc'],
    });
    const config = resolveConfig({ app: 'web', endpoint: 'http://x:1', providers: { openai: ['https://gw.example/v1'] } }, env);
    expect(config).toMatchObject({ app: 'web', tracesUrl: 'http://x:1/v1/traces' });
    expect(config.providers.openai).toEqual(['http://127.0.0.1:9001/v1', 'https://gw.example/v1']);
  });
});
