// CapturedUsage (what the registry read from a response) → GenAI semconv and costtrace span attributes. Pure.
import type { Attributes } from '@opentelemetry/api';
import type { CapturedUsage } from '../providers/provider-types.js';
import {
  ATTR_COSTTRACE_CACHE_WRITE_1H_INPUT_TOKENS,
  ATTR_COSTTRACE_COST_USD,
  ATTR_COSTTRACE_SERVICE_TIER,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_OPENAI_RESPONSE_SERVICE_TIER,
  COSTTRACE_UNITS_PREFIX,
} from '../semconv.js';
import { toDecimalString } from '../decimal.js';

/** Token counts and units must be finite and non-negative; anything else is left out rather than sent wrong. */
function count(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * @example usageAttributes({ inputTokens: 12, outputTokens: 3, units: { credits: 2 } })
 *   // → { 'gen_ai.usage.input_tokens': 12, 'gen_ai.usage.output_tokens': 3, 'costtrace.units.credits': 2 }
 */
export function usageAttributes(usage: CapturedUsage, provider: string): Attributes {
  const out: Attributes = {};
  const put = (key: string, value: string | number | undefined): void => {
    if (value !== undefined) out[key] = value;
  };
  put(ATTR_GEN_AI_RESPONSE_MODEL, usage.responseModel);
  put(ATTR_GEN_AI_RESPONSE_ID, usage.responseId);
  put(ATTR_GEN_AI_USAGE_INPUT_TOKENS, count(usage.inputTokens));
  put(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, count(usage.outputTokens));
  put(ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, count(usage.cacheReadTokens));
  put(ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, count(usage.cacheWriteTokens));
  put(ATTR_COSTTRACE_CACHE_WRITE_1H_INPUT_TOKENS, count(usage.cacheWrite1hTokens));
  put(ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, count(usage.reasoningTokens));
  if (usage.serviceTier !== undefined) {
    put(provider === 'openai' ? ATTR_OPENAI_RESPONSE_SERVICE_TIER : ATTR_COSTTRACE_SERVICE_TIER, usage.serviceTier);
  }
  put(ATTR_COSTTRACE_COST_USD, toDecimalString(usage.costUsd));
  for (const [unit, value] of Object.entries(usage.units ?? {})) put(COSTTRACE_UNITS_PREFIX + unit, count(value));
  return out;
}
