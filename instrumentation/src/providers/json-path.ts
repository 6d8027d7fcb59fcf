// Reading parsed JSON by path and merging streamed fragments of one response, safely for hostile input.

/** Object keys and array indexes (negative counts from the end). */
export type JsonPath = readonly (string | number)[];

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `path`, or undefined when any step is missing or of the wrong kind. Own properties only. */
export function getPath(value: unknown, path: JsonPath): unknown {
  let current = value;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step < 0 ? current.length + step : step];
    } else {
      if (!isObject(current) || !Object.hasOwn(current, step)) return undefined;
      current = current[step];
    }
  }
  return current;
}

// Deeper than any provider's usage object; beyond it a fragment replaces rather than merges.
const MAX_MERGE_DEPTH = 16;

/**
 * Deep-merges a later fragment of a streamed response into what earlier ones built: objects merge key by key,
 * everything else replaces, and null never erases a value seen before. Cumulative counters therefore end as the
 * latest value (Anthropic `message_delta.usage`, Gemini `usageMetadata`), never a sum.
 * @example mergeInto({ usage: { input_tokens: 5, output_tokens: 1 } }, { usage: { output_tokens: 9 } })
 *   // → { usage: { input_tokens: 5, output_tokens: 9 } }
 */
export function mergeInto(target: JsonObject, fragment: JsonObject, depth = 0): JsonObject {
  for (const key of Object.keys(fragment)) {
    // A JSON `__proto__` key is an own property; assigning it would set the target's prototype instead.
    if (key === '__proto__') continue;
    const value = fragment[key];
    if (value === null || value === undefined) continue;
    const existing = target[key];
    if (isObject(value) && isObject(existing) && depth < MAX_MERGE_DEPTH) mergeInto(existing, value, depth + 1);
    else target[key] = value;
  }
  return target;
}
