// npm run bench:pricing — prices/s of @costtrace/pricing for a realistic mix of calls after (provider, model)
// resolution, on one core, against @pydantic/genai-prices' own calcPrice on the same mix in the same run.
import { calcPrice } from '@pydantic/genai-prices';
import { createPricer } from '../pricing/dist/index.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const at = Date.parse('2026-06-01T12:00:00Z');

// Deterministic PRNG so every run prices the same calls.
let seed = 42;
const rand = (lo, hi) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return lo + (seed % (hi - lo + 1));
};

// [weight, provider, catalog provider id for calcPrice, model, shape]
const MIX = [
  [30, 'openai', 'openai', 'gpt-4o-mini', 'cached'],
  [10, 'openai', 'openai', 'gpt-4o-2024-08-06', 'cached'],
  [8, 'openai', 'openai', 'o4-mini', 'reasoning'],
  [4, 'openai', 'openai', 'gpt-4o', 'priority'],
  [15, 'anthropic', 'anthropic', 'claude-sonnet-4-20250514', 'cache-write'],
  [5, 'anthropic', 'anthropic', 'claude-3-5-haiku-20241022', 'plain'],
  [10, 'gcp.gemini', 'google', 'gemini-2.5-flash', 'reasoning'],
  [3, 'gcp.gemini', 'google', 'gemini-2.5-pro', 'long'],
  [4, 'deepseek', 'deepseek', 'deepseek-chat', 'cached'],
  [4, 'groq', 'groq', 'llama-3.3-70b-versatile', 'plain'],
  [3, 'mistral_ai', 'mistral', 'mistral-small-latest', 'plain'],
  [2, 'x_ai', 'x-ai', 'grok-3', 'plain'],
  [2, 'openrouter', 'openrouter', 'anthropic/claude-sonnet-4', 'plain'],
];

function usageFor(provider, model, shape) {
  const input = shape === 'long' ? rand(200_001, 400_000) : rand(200, 20_000);
  const output = rand(20, 2_000);
  const u = { provider, model, inputTokens: input, outputTokens: output };
  if (shape === 'cached') u.cacheReadTokens = rand(0, input);
  if (shape === 'reasoning') u.reasoningTokens = rand(0, output);
  if (shape === 'priority') u.serviceTier = 'priority';
  if (shape === 'cache-write') {
    u.cacheReadTokens = rand(0, Math.floor(input / 2));
    u.cacheWriteTokens = rand(0, Math.floor(input / 2));
    u.cacheWrite1hTokens = rand(0, u.cacheWriteTokens);
  }
  return u;
}

const calls = [];
for (const [weight, provider, providerId, model, shape] of MIX)
  for (let i = 0; i < weight * 100; i++) calls.push({ usage: usageFor(provider, model, shape), providerId });
for (let i = calls.length - 1; i > 0; i--) {
  const j = rand(0, i);
  [calls[i], calls[j]] = [calls[j], calls[i]];
}

function measure(name, fn) {
  for (let i = 0; i < calls.length; i++) fn(calls[i]); // warm-up: JIT and resolution caches
  let n = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(SECONDS * 1e9);
  while (process.hrtime.bigint() < deadline) {
    for (let i = 0; i < calls.length; i++) sink += fn(calls[i]);
    n += calls.length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = n / seconds;
  console.log(
    `${name.padEnd(34)} ${Math.round(rate).toLocaleString('en-US').padStart(12)} prices/s  ${(1e6 / rate).toFixed(3)} µs/call  (sink ${sink % 10})`,
  );
  return rate;
}

const pricer = createPricer();
const unpriced = calls.filter((c) => pricer.price(c.usage, { at }).status !== 'priced');
if (unpriced.length) throw new Error(`mix has unpriced calls: ${JSON.stringify(unpriced[0])}`);
console.log(`mix: ${calls.length} distinct calls over ${MIX.length} (provider, model) pairs, ${SECONDS}s per measurement, one core`);

const ctx = { at };
const ours = measure('@costtrace/pricing price()', (c) => pricer.price(c.usage, ctx).costUsd.length);
// The breakdown is built on first read; this is the rate when every caller reads it too.
measure('  … and reading the breakdown', (c) => pricer.price(c.usage, ctx).breakdown.length);
const date = new Date(at);
const libUsage = (u) => ({
  input_tokens: u.inputTokens,
  output_tokens: u.outputTokens,
  cache_read_tokens: u.cacheReadTokens,
  cache_write_tokens: u.cacheWriteTokens,
  cache_write_1h_tokens: u.cacheWrite1hTokens,
});
for (const c of calls) c.lib = libUsage(c.usage);
const theirs = measure(
  '@pydantic/genai-prices calcPrice()',
  (c) => (calcPrice(c.lib, c.usage.model, { providerId: c.providerId, timestamp: date })?.total_price ?? 0) > 0,
);

console.log(`ratio: ${(ours / theirs).toFixed(1)}x calcPrice; goal ≥ 1,000,000 prices/s: ${ours >= 1e6 ? 'met' : 'NOT met'}`);
