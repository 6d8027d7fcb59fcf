// Local fake provider servers and the real-response fixtures they serve, for parser and end-to-end SDK tests.
export { startFakeProviders, type FakeProviderOptions, type FakeProviders, type RecordedRequest } from './fake-provider-server.js';
export { ALL_FIXTURES, fixtureKey, fixtureNamed, REAL_BASES, realUrl, requestBodyText, responseBytes } from './fixtures.js';
export type { FixtureVariant, ProviderFixture } from './fixture-types.js';
