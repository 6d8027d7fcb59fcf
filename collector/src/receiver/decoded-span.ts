// The decoder's output model: one flat DecodedSpan per OTLP span, and the one safe way to add an attribute to it.

/** An OTLP AnyValue: int64 is a number when safe, else a bigint; an empty AnyValue is null; kvlist is an object. */
export type AttributeValue = string | number | boolean | bigint | Uint8Array | null | AttributeValue[] | { [key: string]: AttributeValue };

/** Attributes by key; when a key repeats, the last value wins. */
export type Attributes = Record<string, AttributeValue>;

/** One decoded span, with its resource and instrumentation scope attached. */
export interface DecodedSpan {
  /** 32 lowercase hex chars. */
  traceId: string;
  /** 16 lowercase hex chars. */
  spanId: string;
  /** 16 lowercase hex chars, or '' for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  /** Span attributes. */
  attributes: Attributes;
  /** Resource attributes; one object shared by all spans of the same resource. */
  resource: Attributes;
  /** Instrumentation scope; one object shared by all spans of the same scope. */
  scope: { name: string; version: string; attributes: Attributes };
  /** 0 unset, 1 ok, 2 error. */
  status: { code: number; message: string };
}

/** What a decoder returns: the valid spans, how many were rejected, and why (distinct messages, capped). */
export interface DecodeResult {
  spans: DecodedSpan[];
  rejected: number;
  errors: string[];
}

/**
 * Sets `key` on an attributes object. A plain assignment of `__proto__` would replace the object's prototype
 * instead of adding a key, so that one key (hostile or not) becomes an ordinary own property.
 */
export function setAttribute(target: Attributes, key: string, value: AttributeValue): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
