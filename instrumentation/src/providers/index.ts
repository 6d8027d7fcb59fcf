// Public surface of the provider registry: providers as data, the request plan, response usage readers and the
// injected-usage stream filter. Pure: no OpenTelemetry, no I/O.
export { createProviderRegistry, PROVIDER_CATALOG, type ProviderRegistry } from './provider-registry.js';
export { parseProviderUrlsEnv, type ProviderUrlMapping } from './provider-url-mapping.js';
export type { ProviderEntry } from './catalog-types.js';
export * from './provider-types.js';
