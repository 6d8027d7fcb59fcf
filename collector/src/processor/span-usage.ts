// What a span says a call consumed: GenAI semconv usage (current and deprecated names), provider-reported cost and
// non-token units, validated so that a bad count rejects the span with a reason instead of being priced.
import type { Usage } from '@costtrace/pricing';
import type { AttributeValue, DecodedSpan } from '../receiver/decoded-span.js';
import { COSTTRACE, GEN_AI, PROVIDER_ALIASES } from './attribute-keys.js';
import { text } from './span-attribution.js';

/** OTLP SpanKind CLIENT: a GenAI call span without usage still becomes a row (usage absent, cost unknown). */
const SPAN_KIND_CLIENT = 3;
/** No single call reports more; anything above is a bug or an attack, not usage. */
const MAX_TOKENS = 1e12;
const MAX_MODEL_LENGTH = 256;
const DECIMAL = /^(?:0|[1-9]\d{0,17})(?:\.\d{1,18})?$/;

export type SpanUsage = { kind: 'none' } | { kind: 'usage'; usage: Usage; reported: boolean } | { kind: 'invalid'; reason: string };

/** Maps one span to the usage it carries; `none` for spans that are not paid calls. */
export function readSpanUsage(span: DecodedSpan): SpanUsage {
  const a = span.attributes;
  const rawProvider = text(a[GEN_AI.providerName]) ?? text(a[GEN_AI.system]);
  const problems: string[] = [];
  // Reads the first present of two names; counts that are not whole numbers in range become problems.
  const count = (key: string, alternative?: string): number | undefined => {
    const k = a[key] !== undefined || alternative === undefined ? key : alternative;
    const value = a[k];
    if (value === undefined) return undefined;
    const n = tokenCount(value);
    if (n === undefined) problems.push(`${k}: expected a whole number from 0 to 1e12, got ${describe(value)}`);
    return n;
  };
  const usage: Usage = { provider: normaliseProvider(rawProvider ?? '') };
  setIf(usage, 'inputTokens', count(GEN_AI.inputTokens, GEN_AI.promptTokens));
  setIf(usage, 'outputTokens', count(GEN_AI.outputTokens, GEN_AI.completionTokens));
  setIf(usage, 'cacheReadTokens', count(GEN_AI.cacheReadTokens));
  setIf(usage, 'cacheWriteTokens', count(GEN_AI.cacheWriteTokens, GEN_AI.cacheCreationTokens));
  setIf(usage, 'cacheWrite1hTokens', count(COSTTRACE.cacheWrite1h));
  setIf(usage, 'reasoningTokens', count(GEN_AI.reasoningTokens));

  const units = readUnits(a, problems);
  if (units) usage.units = units;
  const cost = a[COSTTRACE.costUsd];
  if (cost !== undefined) {
    const decimal = decimalText(cost);
    if (decimal === undefined) problems.push(`${COSTTRACE.costUsd}: expected a non-negative decimal, got ${describe(cost)}`);
    else usage.providerCostUsd = decimal;
    if (a[COSTTRACE.costSource] === 'manual') usage.costReportedBy = 'manual';
  }

  const reported =
    usage.inputTokens !== undefined || usage.outputTokens !== undefined || usage.units !== undefined || usage.providerCostUsd !== undefined;
  const isGenAiCall = rawProvider !== undefined && span.kind === SPAN_KIND_CLIENT;
  if (!reported && problems.length === 0 && !isGenAiCall) return { kind: 'none' };
  if (problems.length > 0) return { kind: 'invalid', reason: problems.join('; ') };

  const model = text(a[GEN_AI.responseModel]) ?? text(a[GEN_AI.requestModel]);
  // A model id is a short name; a longer one is hostile and would bloat a LowCardinality dictionary.
  if (model !== undefined) usage.model = model.length > MAX_MODEL_LENGTH ? model.slice(0, MAX_MODEL_LENGTH) : model;
  const operation = text(a[GEN_AI.operationName]);
  if (operation !== undefined) usage.operation = operation;
  const tier = text(a[GEN_AI.openaiServiceTier]) ?? text(a[GEN_AI.openaiServiceTierDeprecated]) ?? text(a[COSTTRACE.serviceTier]);
  if (tier !== undefined) usage.serviceTier = tier;
  return { kind: 'usage', usage, reported };
}

export function normaliseProvider(raw: string): string {
  const id = raw.trim().toLowerCase();
  return PROVIDER_ALIASES[id] ?? id;
}

function readUnits(a: Record<string, AttributeValue>, problems: string[]): Record<string, number> | undefined {
  let units: Record<string, number> | undefined;
  for (const key in a) {
    if (!key.startsWith(COSTTRACE.unitsPrefix)) continue;
    const value = a[key];
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : typeof value === 'bigint' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > MAX_TOKENS) {
      problems.push(`${key}: expected a non-negative number, got ${describe(value)}`);
      continue;
    }
    (units ??= {})[key.slice(COSTTRACE.unitsPrefix.length)] = n;
  }
  return units;
}

function tokenCount(value: AttributeValue | undefined): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : typeof value === 'bigint' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_TOKENS ? n : undefined;
}

/** Provider cost as exact decimal text; a double from another language's SDK is taken at its shortest repr. */
function decimalText(value: AttributeValue | undefined): string | undefined {
  let s: string | undefined;
  if (typeof value === 'string') s = value.trim();
  else if (typeof value === 'number' && Number.isFinite(value) && value >= 0) s = numberToPlainDecimal(value);
  else if (typeof value === 'bigint' && value >= 0n) s = value.toString();
  return s !== undefined && DECIMAL.test(s) ? s : undefined;
}

function numberToPlainDecimal(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // 1e-7 → "0.0000001": keep the digits the double prints, never round through more arithmetic.
  const [mantissa = '', exp = '0'] = s.toLowerCase().split('e');
  const e = Number(exp);
  const [int = '', frac = ''] = mantissa.split('.');
  const digits = int + frac;
  const point = int.length + e;
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

function describe(value: AttributeValue | undefined): string {
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (typeof value === 'bigint') return `${value}`;
  if (value instanceof Uint8Array) return 'bytes';
  return Array.isArray(value) ? 'an array' : value !== null && typeof value === 'object' ? 'a map' : String(value);
}

function setIf<K extends keyof Usage>(usage: Usage, key: K, value: Usage[K] | undefined): void {
  if (value !== undefined) usage[key] = value;
}
