// Protobuf KeyValue / AnyValue / ArrayValue / KeyValueList → attribute values, with a nesting limit.

import { setAttribute, type AttributeValue, type Attributes } from './decoded-span.js';
import {
  ANY_ARRAY,
  ANY_BOOL,
  ANY_BYTES,
  ANY_DOUBLE,
  ANY_INT,
  ANY_KVLIST,
  ANY_STRING,
  KEY_VALUE_KEY,
  KEY_VALUE_VALUE,
  LIST_VALUES,
} from './otlp-proto-fields.js';
import type { WireCursor } from './protobuf-wire.js';
import { KeyValueCache } from './key-value-cache.js';
import { attributesField, MAX_ANY_VALUE_DEPTH, rethrowForAttribute, tooDeep } from './span-rejection.js';

const repeated = new KeyValueCache();

/**
 * Reads one KeyValue message ending at `end` into `target`.
 * @param depth how many arrays/kvlists enclose this KeyValue (0 for span, resource and scope attributes).
 * @throws SpanRejection when the value nests too deep.
 */
export function readKeyValue(c: WireCursor, end: number, target: Attributes, depth: number): void {
  const r = c.reader;
  const start = r.pos;
  const seen = repeated.find(c.buf, start, end);
  if (seen >= 0) {
    setAttribute(target, repeated.keyAt(seen), repeated.valueAt(seen));
    r.pos = end;
    return;
  }
  let key = '';
  let valueStart = -1;
  let valueEnd = -1;
  while (r.pos < end) {
    const tagPos = r.pos;
    const tag = c.varint(end, 0, 'KeyValue');
    if (tag === KEY_VALUE_KEY) {
      key = c.string(end, 1, 'KeyValue', tagPos);
    } else if (tag === KEY_VALUE_VALUE) {
      valueEnd = c.lengthEnd(end, 2, 'KeyValue', tagPos);
      valueStart = r.pos;
      r.pos = valueEnd;
    } else {
      c.skip(tag, end, 'KeyValue', tagPos);
    }
  }
  // The value is read once the key is known (fields may come in any order), so a rejection can name the key.
  let value: AttributeValue = null;
  if (valueStart >= 0) {
    r.pos = valueStart;
    try {
      value = readAnyValue(c, valueEnd, depth);
    } catch (error) {
      rethrowForAttribute(error, attributesField(depth), key);
    }
    r.pos = end;
  }
  setAttribute(target, key, value);
  repeated.store(c.buf, start, end, key, value);
}

/** Reads one AnyValue message ending at `end`; an empty one (no oneof field set) is null. */
function readAnyValue(c: WireCursor, end: number, depth: number): AttributeValue {
  const r = c.reader;
  let value: AttributeValue = null;
  while (r.pos < end) {
    const tagPos = r.pos;
    const tag = c.varint(end, 0, 'AnyValue');
    switch (tag) {
      case ANY_STRING:
        value = c.string(end, 1, 'AnyValue', tagPos);
        break;
      case ANY_BOOL:
        value = c.varint(end, 2, 'AnyValue') !== 0;
        break;
      case ANY_INT:
        value = c.int64(end, 3, 'AnyValue', tagPos);
        break;
      case ANY_DOUBLE:
        value = c.double(end, 4, 'AnyValue', tagPos);
        break;
      case ANY_ARRAY:
        if (depth === MAX_ANY_VALUE_DEPTH) throw tooDeep();
        value = readArrayValue(c, c.lengthEnd(end, 5, 'AnyValue', tagPos), depth + 1);
        break;
      case ANY_KVLIST:
        if (depth === MAX_ANY_VALUE_DEPTH) throw tooDeep();
        value = readKeyValueList(c, c.lengthEnd(end, 6, 'AnyValue', tagPos), depth + 1);
        break;
      case ANY_BYTES:
        value = c.bytes(end, 7, 'AnyValue', tagPos);
        break;
      default:
        c.skip(tag, end, 'AnyValue', tagPos);
    }
  }
  return value;
}

function readArrayValue(c: WireCursor, end: number, depth: number): AttributeValue[] {
  const r = c.reader;
  const values: AttributeValue[] = [];
  while (r.pos < end) {
    const tagPos = r.pos;
    const tag = c.varint(end, 0, 'ArrayValue');
    if (tag === LIST_VALUES) values.push(readAnyValue(c, c.lengthEnd(end, 1, 'ArrayValue', tagPos), depth));
    else c.skip(tag, end, 'ArrayValue', tagPos);
  }
  return values;
}

function readKeyValueList(c: WireCursor, end: number, depth: number): Attributes {
  const r = c.reader;
  const values: Attributes = {};
  while (r.pos < end) {
    const tagPos = r.pos;
    const tag = c.varint(end, 0, 'KeyValueList');
    if (tag === LIST_VALUES) readKeyValue(c, c.lengthEnd(end, 1, 'KeyValueList', tagPos), values, depth);
    else c.skip(tag, end, 'KeyValueList', tagPos);
  }
  return values;
}
