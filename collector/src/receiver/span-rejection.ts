// Per-span rejection: the signal that drops one span (not the batch) and the log that counts and explains drops.

/** AnyValue nesting (arrays and kvlists) deeper than this rejects the span: it bounds recursion on hostile input. */
export const MAX_ANY_VALUE_DEPTH = 32;

/** How many distinct rejection messages a result keeps; the count in `rejected` is always exact. */
export const MAX_REJECTION_MESSAGES = 10;

/** Thrown inside a decoder to abandon the current span (or every span under a bad resource or scope). */
export class SpanRejection extends Error {}

/** The rejection raised when an AnyValue nests deeper than MAX_ANY_VALUE_DEPTH. */
export function tooDeep(): SpanRejection {
  return new SpanRejection(`value nests deeper than ${MAX_ANY_VALUE_DEPTH} arrays/kvlists`);
}

/**
 * Rethrows a SpanRejection raised while reading the value of attribute `key`, prefixed with where it is
 * (`attributes['gen_ai.system']: ...`); any other error passes through unchanged.
 */
export function rethrowForAttribute(error: unknown, field: string, key: string): never {
  if (error instanceof SpanRejection) throw new SpanRejection(`${field}[${preview(key)}]: ${error.message}`);
  throw error;
}

/** The name of a KeyValue list in messages: top-level attributes, or the values of a nested kvlist. */
export function attributesField(depth: number): string {
  return depth === 0 ? 'attributes' : 'kvlistValue.values';
}

/** Counts rejected spans and keeps their first distinct reasons. */
export class RejectionLog {
  rejected = 0;
  readonly errors: string[] = [];
  readonly #seen = new Set<string>();

  /** Records `count` spans rejected for `reason` (already prefixed with where the spans are). */
  reject(reason: string, count = 1): void {
    if (count <= 0) return;
    this.rejected += count;
    if (this.errors.length < MAX_REJECTION_MESSAGES && !this.#seen.has(reason)) {
      this.#seen.add(reason);
      this.errors.push(reason);
    }
  }
}

/** Where a span is in the request, in OTLP/JSON field names; rejection messages follow it after a '.'. */
export function spanPath(resourceIndex: number, scopeIndex: number, spanIndex: number): string {
  return `resourceSpans[${resourceIndex}].scopeSpans[${scopeIndex}].spans[${spanIndex}]`;
}

/** Quotes an offending input value for a message, shortened so hostile input cannot bloat logs. */
export function preview(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = `'${value}'`;
  else if (value === undefined) text = 'nothing';
  else if (Array.isArray(value)) text = 'an array';
  else if (value === null) text = 'null';
  else if (typeof value === 'object') text = 'an object';
  else text = `${typeof value} ${String(value)}`;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
