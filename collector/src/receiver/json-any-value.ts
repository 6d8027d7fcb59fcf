// OTLP/JSON values → decoded values: AnyValue (camelCase or snake_case keys), 64-bit integers sent as numbers
// (JS exporter) or decimal strings (Collector), doubles with "NaN"/"Infinity", base64 bytes, and enum names.
// A wrong type throws SpanRejection: it costs the span (or the spans under a resource or scope), not the batch.

import { setAttribute, type AttributeValue, type Attributes } from './decoded-span.js';
import { attributesField, MAX_ANY_VALUE_DEPTH, preview, rethrowForAttribute, SpanRejection, tooDeep } from './span-rejection.js';

type JsonObject = Record<string, unknown>;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const TWO_POW_63 = 2 ** 63;
const TWO_POW_64 = 2 ** 64;
const INT_TEXT = /^-?\d+$/;
const UINT_TEXT = /^\d+$/;
const FLOAT_TEXT = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const BASE64_TEXT = /^[A-Za-z0-9+/_-]*={0,2}$/;
/** Decimal strings this short (sign included) are below 2^53, so Number() is exact. */
const SAFE_DIGITS = 15;

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Adds an OTLP/JSON `KeyValue[]` to `into`.
 * @param depth how many arrays/kvlists enclose these KeyValues (0 for span, resource and scope attributes)
 * @param field the list's name in rejection messages ('attributes', 'resource.attributes', ...)
 */
export function addJsonAttributes(list: unknown, into: Attributes, depth: number, field: string): void {
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) throw new SpanRejection(`${field}: expected an array, got ${preview(list)}`);
  for (let i = 0; i < list.length; i++) {
    const kv: unknown = list[i];
    if (!isJsonObject(kv)) throw new SpanRejection(`${field}[${i}]: expected a KeyValue object, got ${preview(kv)}`);
    const key = kv.key;
    if (typeof key !== 'string') throw new SpanRejection(`${field}[${i}].key: expected a string, got ${preview(key)}`);
    let value: AttributeValue = null;
    try {
      value = jsonAnyValue(kv.value, depth);
    } catch (error) {
      rethrowForAttribute(error, field, key);
    }
    setAttribute(into, wellFormed(key), value);
  }
}

/** Converts an OTLP/JSON AnyValue; a missing value or one with no known field is null (an empty AnyValue). */
function jsonAnyValue(value: unknown, depth: number): AttributeValue {
  if (value === undefined || value === null) return null;
  if (!isJsonObject(value)) throw new SpanRejection(`expected an AnyValue object, got ${preview(value)}`);
  let x = value.stringValue ?? value.string_value;
  if (x !== undefined) {
    if (typeof x === 'string') return wellFormed(x);
    throw new SpanRejection(`stringValue: expected a string, got ${preview(x)}`);
  }
  if ((x = value.intValue ?? value.int_value) !== undefined) return int64FromJson(x, 'intValue');
  if ((x = value.doubleValue ?? value.double_value) !== undefined) return doubleFromJson(x);
  if ((x = value.boolValue ?? value.bool_value) !== undefined) {
    if (typeof x === 'boolean') return x;
    throw new SpanRejection(`boolValue: expected a boolean, got ${preview(x)}`);
  }
  if ((x = value.arrayValue ?? value.array_value) !== undefined) {
    if (depth === MAX_ANY_VALUE_DEPTH) throw tooDeep();
    return arrayFromJson(x, depth + 1);
  }
  if ((x = value.kvlistValue ?? value.kvlist_value) !== undefined) {
    if (depth === MAX_ANY_VALUE_DEPTH) throw tooDeep();
    if (!isJsonObject(x)) throw new SpanRejection(`kvlistValue: expected an object, got ${preview(x)}`);
    const values: Attributes = {};
    addJsonAttributes(x.values, values, depth + 1, attributesField(depth + 1));
    return values;
  }
  if ((x = value.bytesValue ?? value.bytes_value) !== undefined) return bytesFromJson(x);
  return null;
}

function arrayFromJson(x: unknown, depth: number): AttributeValue[] {
  if (!isJsonObject(x)) throw new SpanRejection(`arrayValue: expected an object, got ${preview(x)}`);
  const list = x.values;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new SpanRejection(`arrayValue.values: expected an array, got ${preview(list)}`);
  const values = new Array<AttributeValue>(list.length);
  for (let i = 0; i < list.length; i++) values[i] = jsonAnyValue(list[i], depth);
  return values;
}

/** An int64 as a JSON number or decimal string → a number when safe, else an exact bigint. */
export function int64FromJson(x: unknown, field: string): number | bigint {
  if (typeof x === 'number') {
    if (Number.isSafeInteger(x)) return x;
    if (Number.isInteger(x) && x >= -TWO_POW_63 && x < TWO_POW_63) return BigInt(x);
  } else if (typeof x === 'string' && INT_TEXT.test(x)) {
    if (x.length <= SAFE_DIGITS) return Number(x) || 0; // `|| 0` turns "-0" into 0
    const big = BigInt(x);
    if (big >= INT64_MIN && big <= INT64_MAX) {
      const small = Number(big);
      return Number.isSafeInteger(small) ? small : big;
    }
  }
  throw new SpanRejection(`${field}: expected an int64 (integer or decimal string), got ${preview(x)}`);
}

/** A uint64 (timestamps) as a JSON number or decimal string → bigint; absent is 0 as in protobuf. */
export function uint64FromJson(x: unknown, field: string): bigint {
  if (x === undefined || x === null) return 0n;
  if (typeof x === 'string' && UINT_TEXT.test(x)) {
    const big = BigInt(x);
    if (big <= UINT64_MAX) return big;
  } else if (typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < TWO_POW_64) {
    return BigInt(x);
  }
  throw new SpanRejection(`${field}: expected a uint64 (integer or decimal string), got ${preview(x)}`);
}

function doubleFromJson(x: unknown): number {
  if (typeof x === 'number') return x;
  if (typeof x === 'string') {
    if (x === 'NaN') return NaN;
    if (x === 'Infinity') return Infinity;
    if (x === '-Infinity') return -Infinity;
    if (FLOAT_TEXT.test(x)) return Number(x);
  }
  throw new SpanRejection(`doubleValue: expected a number, "NaN", "Infinity" or "-Infinity", got ${preview(x)}`);
}

function bytesFromJson(x: unknown): Uint8Array {
  if (typeof x !== 'string' || !BASE64_TEXT.test(x)) {
    throw new SpanRejection(`bytesValue: expected a base64 string, got ${preview(x)}`);
  }
  return new Uint8Array(Buffer.from(x, 'base64'));
}

/**
 * An OTLP enum (span kind, status code) as a number or, per the proto3 JSON mapping, its name.
 * @param names the enum's names in value order
 */
export function enumFromJson(x: unknown, names: readonly string[], field: string): number {
  if (x === undefined || x === null) return 0;
  if (typeof x === 'number' && Number.isInteger(x) && x >= -2147483648 && x <= 2147483647) return x;
  if (typeof x === 'string') {
    const index = names.indexOf(x);
    if (index >= 0) return index;
  }
  throw new SpanRejection(`${field}: expected an enum number or name, got ${preview(x)}`);
}

/** A string field (absent is ''). */
export function stringFromJson(x: unknown, field: string): string {
  if (typeof x === 'string') return wellFormed(x);
  if (x === undefined || x === null) return '';
  throw new SpanRejection(`${field}: expected a string, got ${preview(x)}`);
}

/** ES2024 String methods (Node 20 has them; the ES2023 lib does not declare them). */
type WellFormedString = string & { isWellFormed(): boolean; toWellFormed(): string };

/**
 * Replaces lone UTF-16 surrogates (JSON escapes such as "\ud800" decode to them) with U+FFFD, as the protobuf path
 * does for invalid UTF-8. ClickHouse refuses a lone surrogate, so one would make the row's whole insert fail.
 */
function wellFormed(text: string): string {
  const s = text as WellFormedString;
  return s.isWellFormed() ? text : s.toWellFormed();
}
