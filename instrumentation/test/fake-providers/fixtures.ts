// Every fake-provider fixture, and where each provider really lives: a fixture's real URL is its provider's base
// here plus its path, and the fake server serves it at the same path below the provider's fake base.
import type { ProviderFixture } from './fixture-types.js';
import { NATIVE_FIXTURES } from './fixtures-native.js';
import { OPENAI_SHAPED_FIXTURES } from './fixtures-openai-shaped.js';
import { TOOL_FIXTURES } from './fixtures-tools.js';

/** Real base URL by URL-mapping key (what an SDK's `baseURL` would be). */
export const REAL_BASES: Readonly<Record<string, string>> = {
  openai: 'https://api.openai.com/v1',
  'azure.ai.openai': 'https://acme-eastus.openai.azure.com',
  anthropic: 'https://api.anthropic.com',
  'gcp.gemini': 'https://generativelanguage.googleapis.com',
  'gcp.vertex_ai': 'https://us-central1-aiplatform.googleapis.com',
  'aws.bedrock': 'https://bedrock-runtime.us-east-1.amazonaws.com',
  openrouter: 'https://openrouter.ai/api/v1',
  perplexity: 'https://api.perplexity.ai',
  mistral_ai: 'https://api.mistral.ai/v1',
  groq: 'https://api.groq.com/openai/v1',
  deepseek: 'https://api.deepseek.com',
  x_ai: 'https://api.x.ai/v1',
  together: 'https://api.together.xyz/v1',
  fireworks: 'https://api.fireworks.ai/inference/v1',
  cohere: 'https://api.cohere.com',
  fal: 'https://fal.run',
  'fal:queue': 'https://queue.fal.run',
  zyte: 'https://api.zyte.com/v1',
  dataforseo: 'https://api.dataforseo.com/v3',
  apify: 'https://api.apify.com/v2',
  firecrawl: 'https://api.firecrawl.dev',
  brightdata: 'https://api.brightdata.com',
  cloro: 'https://api.cloro.dev',
  elevenlabs: 'https://api.elevenlabs.io',
  deepgram: 'https://api.deepgram.com',
};

export const ALL_FIXTURES: readonly ProviderFixture[] = [...OPENAI_SHAPED_FIXTURES, ...NATIVE_FIXTURES, ...TOOL_FIXTURES];

/** The URL-mapping key a fixture is served under. */
export function fixtureKey(fixture: ProviderFixture): string {
  return fixture.key ?? fixture.provider;
}

/** The URL of the same call on the provider's real host. */
export function realUrl(fixture: ProviderFixture): URL {
  return new URL(`${REAL_BASES[fixtureKey(fixture)]}${fixture.path}`);
}

/** The request body text the app sends for a fixture. */
export function requestBodyText(fixture: ProviderFixture): string | undefined {
  return fixture.requestBody === undefined ? undefined : JSON.stringify(fixture.requestBody);
}

/** The response body as bytes. */
export function responseBytes(fixture: ProviderFixture): Uint8Array {
  const { body } = fixture.response;
  return typeof body === 'string' ? new TextEncoder().encode(body) : body;
}

/** The fixture with this name. @throws when there is none (a typo in a test). */
export function fixtureNamed(name: string): ProviderFixture {
  const found = ALL_FIXTURES.find((f) => f.name === name);
  if (!found) throw new Error(`no fixture named "${name}"`);
  return found;
}
