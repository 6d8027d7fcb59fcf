// The one function that turns a provider's response (its parsed body, or the merge of its streamed events, plus
// status and headers) into CapturedUsage by evaluating the provider's declarative UsageShape.
import type { CountSource, TokenField, UsageShape } from './catalog-types.js';
import { numberToPlainDecimal, plainDecimal } from './decimal-text.js';
import { getPath, isObject, type JsonPath } from './json-path.js';
import type { CapturedUsage } from './provider-types.js';

/** Everything a reader saw of one response. */
export interface ResponseFacts {
  status: number;
  /** Response headers by lowercase name. */
  headers: Record<string, string>;
  /** The parsed body, or the merge of the streamed events; undefined when there was none or it was unreadable. */
  body?: unknown;
  /** The raw digits the provider wrote for the cost, when the reader found them. */
  rawCost?: string;
  /** The id a route's path names (a Fal request id, a Firecrawl crawl id). */
  pathId?: string;
}

/** Every token field of CapturedUsage. */
export const TOKEN_FIELDS: readonly TokenField[] = [
  'inputTokens',
  'outputTokens',
  'cacheReadTokens',
  'cacheWriteTokens',
  'cacheWrite1hTokens',
  'reasoningTokens',
];

/**
 * Usage per the shape, or undefined when the response reported nothing at all (absent is not zero).
 * @example Anthropic `usage: { input_tokens: 12, cache_read_input_tokens: 2048, cache_creation_input_tokens: 1024, output_tokens: 87 }`
 *   with tokens.inputTokens = { sum: [input_tokens, cache_read…, cache_creation…] } → inputTokens 3084, outputTokens 87
 */
export function extractUsage(shape: UsageShape, facts: ResponseFacts): CapturedUsage | undefined {
  const { body } = facts;
  const usage: CapturedUsage = {};
  for (const field of TOKEN_FIELDS) {
    const source = shape.tokens?.[field];
    const fromBody = source === undefined ? undefined : readCount(body, source);
    const headerNames = shape.headerTokens?.[field];
    const value = fromBody ?? (headerNames ? sumHeaders(facts.headers, headerNames) : undefined);
    if (value !== undefined) usage[field] = value;
  }
  const units = readUnits(shape, facts);
  if (units) usage.units = units;
  setString(usage, 'responseModel', body, shape.responseModel);
  setString(usage, 'responseId', body, shape.responseId);
  setString(usage, 'serviceTier', body, shape.serviceTier);
  if (shape.cost) {
    const value = getPath(body, shape.cost.path);
    const cost =
      facts.rawCost !== undefined
        ? plainDecimal(facts.rawCost, shape.cost.shift)
        : typeof value === 'number'
          ? numberToPlainDecimal(value, shape.cost.shift)
          : undefined;
    if (cost !== undefined) usage.costUsd = cost;
  }
  const hasUsage = Object.keys(usage).length > 0;
  if (shape.run) {
    const id = shape.run.id ? getPath(body, shape.run.id) : facts.pathId;
    const status = getPath(body, shape.run.status);
    if ((typeof id === 'string' || typeof id === 'number') && typeof status === 'string') {
      usage.dedupeKey = String(id);
      usage.final = shape.run.terminal.includes(status);
    }
  } else if (facts.pathId !== undefined && hasUsage) {
    // A one-off result fetched again (a Fal queue result) counts once; 202 means "not ready yet".
    usage.dedupeKey = facts.pathId;
    usage.final = facts.status >= 200 && facts.status < 300 && facts.status !== 202;
  }
  return hasUsage ? usage : undefined;
}

function readUnits(shape: UsageShape, facts: ResponseFacts): Record<string, number> | undefined {
  const units: Record<string, number> = {};
  for (const [unit, source] of Object.entries(shape.units ?? {})) {
    const value = readCount(facts.body, source);
    if (value !== undefined) units[unit] = value;
  }
  for (const [unit, names] of Object.entries(shape.headerUnits ?? {})) {
    const name = names.find((n) => facts.headers[n] !== undefined);
    const value = name === undefined ? undefined : parseCount(facts.headers[name]);
    if (value !== undefined && units[unit] === undefined) units[unit] = value;
  }
  if (facts.status >= 200 && facts.status < 300) Object.assign(units, shape.successUnits);
  return Object.keys(units).length > 0 ? units : undefined;
}

function readCount(body: unknown, source: CountSource): number | undefined {
  if (isPath(source)) return asCount(getPath(body, source));
  if ('sum' in source) {
    let total: number | undefined;
    for (const path of source.sum) {
      const value = asCount(getPath(body, path));
      if (value !== undefined) total = (total ?? 0) + value;
    }
    return total;
  }
  if ('first' in source) {
    for (const path of source.first) {
      const value = asCount(getPath(body, path));
      if (value !== undefined) return value;
    }
    return undefined;
  }
  const list = getPath(body, source.count);
  if (!Array.isArray(list)) return undefined;
  const where = source.where;
  return where ? list.filter((item) => isObject(item) && item[where.key] === where.equals).length : list.length;
}

function isPath(source: CountSource): source is JsonPath {
  return Array.isArray(source);
}

/** Counts are finite and non-negative; anything else from a provider is treated as not reported. */
function asCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function parseCount(text: string | undefined): number | undefined {
  return text !== undefined && /^\s*\d+(?:\.\d+)?\s*$/.test(text) ? asCount(Number(text)) : undefined;
}

function sumHeaders(headers: Record<string, string>, names: readonly string[]): number | undefined {
  let total: number | undefined;
  for (const name of names) {
    const value = parseCount(headers[name]);
    if (value !== undefined) total = (total ?? 0) + value;
  }
  return total;
}

function setString(
  usage: CapturedUsage,
  field: 'responseModel' | 'responseId' | 'serviceTier',
  body: unknown,
  path: JsonPath | undefined,
): void {
  if (!path) return;
  const value = getPath(body, path);
  if (typeof value === 'string' && value !== '') usage[field] = value;
}
