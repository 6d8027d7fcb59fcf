// Rejects usage that contradicts itself before it is priced: a wrong count must never become a plausible cost.

import type { Usage } from './usage.js';

/**
 * Checks token counts against the semconv rules (input includes cache, output includes reasoning; the detail
 * counts are subsets) and units for sanity.
 * @returns a reason such as `cacheReadTokens 5000 exceed inputTokens 1000`, or undefined when consistent.
 */
export function usageProblem(u: Usage): string | undefined {
  // Unrolled: this runs on every priced call.
  const bad =
    notCount(u.inputTokens, 'inputTokens') ??
    notCount(u.outputTokens, 'outputTokens') ??
    notCount(u.cacheReadTokens, 'cacheReadTokens') ??
    notCount(u.cacheWriteTokens, 'cacheWriteTokens') ??
    notCount(u.cacheWrite1hTokens, 'cacheWrite1hTokens') ??
    notCount(u.reasoningTokens, 'reasoningTokens') ??
    notCount(u.inputAudioTokens, 'inputAudioTokens') ??
    notCount(u.outputAudioTokens, 'outputAudioTokens') ??
    notCount(u.inputImageTokens, 'inputImageTokens');
  if (bad) return bad;
  if (u.units) {
    for (const [k, v] of Object.entries(u.units))
      if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0)) return `units.${k} ${v} is not a finite non-negative number`;
  }
  const cached = (u.cacheReadTokens ?? 0) + (u.cacheWriteTokens ?? 0);
  return (
    exceeds('cacheReadTokens + cacheWriteTokens', cached, 'inputTokens', u.inputTokens) ??
    exceeds('inputAudioTokens', u.inputAudioTokens, 'inputTokens', u.inputTokens) ??
    exceeds('inputImageTokens', u.inputImageTokens, 'inputTokens', u.inputTokens) ??
    exceeds('cacheWrite1hTokens', u.cacheWrite1hTokens, 'cacheWriteTokens', u.cacheWriteTokens) ??
    exceeds('reasoningTokens', u.reasoningTokens, 'outputTokens', u.outputTokens) ??
    exceeds('outputAudioTokens', u.outputAudioTokens, 'outputTokens', u.outputTokens)
  );
}

function notCount(v: number | undefined, name: string): string | undefined {
  return v === undefined || (Number.isSafeInteger(v) && v >= 0) ? undefined : `${name} ${v} is not a non-negative integer`;
}

// A part reported without its total is a contradiction too: 300 cached tokens of an unknown input cannot be priced.
function exceeds(part: string, value: number | undefined, whole: string, total: number | undefined): string | undefined {
  if (!value) return undefined;
  if (total === undefined) return `${part} ${value} reported without ${whole}`;
  return value > total ? `${part} ${value} exceed ${whole} ${total}` : undefined;
}

/** True when the usage carries any token count. */
export function hasTokens(u: Usage): boolean {
  return u.inputTokens !== undefined || u.outputTokens !== undefined;
}
