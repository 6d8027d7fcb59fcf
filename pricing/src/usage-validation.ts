// Rejects usage that contradicts itself before it is priced: a wrong count must never become a plausible cost.

import type { Usage } from './usage.js';

const COUNT_FIELDS = [
  'inputTokens',
  'outputTokens',
  'cacheReadTokens',
  'cacheWriteTokens',
  'cacheWrite1hTokens',
  'reasoningTokens',
  'inputAudioTokens',
  'outputAudioTokens',
  'inputImageTokens',
] as const;

/**
 * Checks token counts against the semconv rules (input includes cache, output includes reasoning; the detail
 * counts are subsets) and units for sanity.
 * @returns a reason such as `cacheReadTokens 5000 exceed inputTokens 1000`, or undefined when consistent.
 */
export function usageProblem(u: Usage): string | undefined {
  for (const f of COUNT_FIELDS) {
    const v = u[f];
    if (v !== undefined && !(Number.isSafeInteger(v) && v >= 0)) return `${f} ${v} is not a non-negative integer`;
  }
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
