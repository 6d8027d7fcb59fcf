// Shipped unit prices for providers that bill in their own units. List prices change and depend on plan: operators
// override them with `unit_prices` in the prices file. Providers without a public per-unit price have no default
// and stay unpriced until one is set.

import type { UnitPrice } from './types.js';

/** Date the defaults below were read from the providers' public pricing pages. */
export const UNIT_PRICES_AS_OF = '2026-11-22';

const flash = ['eleven_flash_v2', 'eleven_flash_v2_5', 'eleven_turbo_v2', 'eleven_turbo_v2_5'];

/**
 * Defaults: ElevenLabs API text to speech $0.10 per 1,000 characters (Multilingual v2/v3) and $0.05 for
 * Flash/Turbo (elevenlabs.io/pricing/api); Deepgram Nova-3 pre-recorded pay-as-you-go $0.0043 per minute,
 * billed per second (deepgram.com/pricing); fal `fal-ai/flux/dev` $0.025 per megapixel billable unit (fal.ai/pricing);
 * Firecrawl Standard plan $83 a month for 100,000 credits, billed yearly (firecrawl.dev/pricing);
 * Bright Data Web Unlocker pay-as-you-go $1.50 per 1,000 successful requests (brightdata.com/pricing).
 * No default: Cloro credits and Zyte requests (plan- and site-tier-specific).
 */
export const DEFAULT_UNIT_PRICES: readonly UnitPrice[] = [
  { provider: 'elevenlabs', unit: 'characters', usd: '0.10', per: 1000 },
  ...flash.map((model) => ({ provider: 'elevenlabs', unit: 'characters', usd: '0.05', per: 1000, model })),
  { provider: 'deepgram', unit: 'seconds', usd: '0.0043', per: 60 },
  { provider: 'fal', unit: 'billable_units', usd: '0.025', model: 'fal-ai/flux/dev' },
  { provider: 'firecrawl', unit: 'credits', usd: '83', per: 100_000 },
  { provider: 'brightdata', unit: 'requests', usd: '1.50', per: 1000 },
];
