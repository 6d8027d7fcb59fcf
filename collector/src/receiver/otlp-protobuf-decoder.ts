// OTLP/HTTP protobuf ExportTraceServiceRequest → DecodedSpan[], straight from the wire with no intermediate
// message objects. Corrupt framing throws OtlpDecodeError; a span with bad ids or too-deep values is rejected alone.

import type { Attributes, DecodeResult, DecodedSpan } from './decoded-span.js';
import { allZeroBytes, bytesToHex, SPAN_ID_BYTES, TRACE_ID_BYTES } from './hex-id.js';
import { OtlpDecodeError } from './otlp-decode-error.js';
import {
  REQUEST_RESOURCE_SPANS,
  RESOURCE_ATTRIBUTES,
  RESOURCE_SPANS_RESOURCE,
  RESOURCE_SPANS_SCOPE_SPANS,
  SCOPE_ATTRIBUTES,
  SCOPE_NAME,
  SCOPE_SPANS_SCOPE,
  SCOPE_SPANS_SPANS,
  SCOPE_VERSION,
  SPAN_ATTRIBUTES,
  SPAN_END_TIME,
  SPAN_KIND,
  SPAN_NAME,
  SPAN_PARENT_SPAN_ID,
  SPAN_SPAN_ID,
  SPAN_START_TIME,
  SPAN_STATUS,
  SPAN_TRACE_ID,
  STATUS_CODE,
  STATUS_MESSAGE,
} from './otlp-proto-fields.js';
import { readKeyValue } from './protobuf-any-value.js';
import { WireCursor } from './protobuf-wire.js';
import { RejectionLog, SpanRejection, spanPath } from './span-rejection.js';

type Scope = DecodedSpan['scope'];

/** Stands in until the enclosing ResourceSpans/ScopeSpans ends: protobuf fields may come in any order. */
const PENDING_RESOURCE: Attributes = Object.freeze({});
const PENDING_SCOPE: Scope = Object.freeze({ name: '', version: '', attributes: PENDING_RESOURCE });

/**
 * Decodes an OTLP/HTTP protobuf trace export (`application/x-protobuf` body, already un-gzipped).
 *
 * @param body the serialized `ExportTraceServiceRequest`
 * @returns the valid spans; spans with invalid ids or attribute values nested deeper than 32 levels are counted
 *   in `rejected` with a reason in `errors`
 * @throws OtlpDecodeError when the body is not a well-formed protobuf message (truncated, bad wire type, ...)
 * @example
 * const { spans, rejected, errors } = decodeProtobufTraces(new Uint8Array(await req.arrayBuffer()));
 */
export function decodeProtobufTraces(body: Uint8Array): DecodeResult {
  const c = new WireCursor(body);
  const r = c.reader;
  const spans: DecodedSpan[] = [];
  const log = new RejectionLog();
  try {
    let resourceIndex = 0;
    while (r.pos < r.len) {
      const tagPos = r.pos;
      const tag = c.varint(r.len, 0, 'ExportTraceServiceRequest');
      if (tag === REQUEST_RESOURCE_SPANS) {
        const end = c.lengthEnd(r.len, 1, 'ExportTraceServiceRequest', tagPos);
        readResourceSpans(c, end, resourceIndex++, spans, log);
      } else {
        c.skip(tag, r.len, 'ExportTraceServiceRequest', tagPos);
      }
    }
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw error;
    // Every read is bounds-checked, so this is a safety net: the body is still the thing that is wrong.
    throw new OtlpDecodeError(`corrupt protobuf at byte ${r.pos}: ${(error as Error).message}`);
  }
  return { spans, rejected: log.rejected, errors: log.errors };
}

function readResourceSpans(c: WireCursor, end: number, ri: number, spans: DecodedSpan[], log: RejectionLog): void {
  const r = c.reader;
  const first = spans.length;
  let resource: Attributes = {};
  let problem = '';
  let scopeIndex = 0;
  while (r.pos < end) {
    const tagPos = r.pos;
    const tag = c.varint(end, 0, 'ResourceSpans');
    if (tag === RESOURCE_SPANS_SCOPE_SPANS) {
      readScopeSpans(c, c.lengthEnd(end, 2, 'ResourceSpans', tagPos), ri, scopeIndex++, spans, log);
    } else if (tag === RESOURCE_SPANS_RESOURCE) {
      const fieldEnd = c.lengthEnd(end, 1, 'ResourceSpans', tagPos);
      problem = '';
      try {
        resource = readResource(c, fieldEnd);
      } catch (error) {
        if (!(error instanceof SpanRejection)) throw error;
        problem = `resourceSpans[${ri}].resource.${error.message}`;
        r.pos = fieldEnd;
      }
    } else {
      c.skip(tag, end, 'ResourceSpans', tagPos);
    }
  }
  settle(spans, first, log, problem, (span) => (span.resource = resource));
}

function readScopeSpans(c: WireCursor, end: number, ri: number, si: number, spans: DecodedSpan[], log: RejectionLog): void {
  const r = c.reader;
  const first = spans.length;
  let scope: Scope = { name: '', version: '', attributes: {} };
  let problem = '';
  let spanIndex = 0;
  while (r.pos < end) {
    const tagPos = r.pos;
    const tag = c.varint(end, 0, 'ScopeSpans');
    if (tag === SCOPE_SPANS_SPANS) {
      const fieldEnd = c.lengthEnd(end, 2, 'ScopeSpans', tagPos);
      try {
        spans.push(readSpan(c, fieldEnd));
      } catch (error) {
        if (!(error instanceof SpanRejection)) throw error;
        log.reject(`${spanPath(ri, si, spanIndex)}.${error.message}`);
        r.pos = fieldEnd;
      }
      spanIndex++;
    } else if (tag === SCOPE_SPANS_SCOPE) {
      const fieldEnd = c.lengthEnd(end, 1, 'ScopeSpans', tagPos);
      problem = '';
      try {
        scope = readScope(c, fieldEnd);
      } catch (error) {
        if (!(error instanceof SpanRejection)) throw error;
        problem = `resourceSpans[${ri}].scopeSpans[${si}].scope.${error.message}`;
        r.pos = fieldEnd;
      }
    } else {
      c.skip(tag, end, 'ScopeSpans', tagPos);
    }
  }
  settle(spans, first, log, problem, (span) => (span.scope = scope));
}

/** Gives the spans read since `first` their resource or scope, or rejects them all when it was invalid. */
function settle(spans: DecodedSpan[], first: number, log: RejectionLog, problem: string, attach: (span: DecodedSpan) => void): void {
  if (problem !== '') {
    log.reject(problem, spans.length - first);
    spans.length = first;
    return;
  }
  for (let i = first; i < spans.length; i++) attach(spans[i]!);
}

function readScope(c: WireCursor, end: number): Scope {
  const r = c.reader;
  const scope: Scope = { name: '', version: '', attributes: {} };
  while (r.pos < end) {
    const tagPos = r.pos;
    const tag = c.varint(end, 0, 'InstrumentationScope');
    if (tag === SCOPE_NAME) scope.name = c.string(end, 1, 'InstrumentationScope', tagPos);
    else if (tag === SCOPE_VERSION) scope.version = c.string(end, 2, 'InstrumentationScope', tagPos);
    else if (tag === SCOPE_ATTRIBUTES) {
      readKeyValue(c, c.lengthEnd(end, 3, 'InstrumentationScope', tagPos), scope.attributes, 0);
    } else c.skip(tag, end, 'InstrumentationScope', tagPos);
  }
  return scope;
}

function readResource(c: WireCursor, end: number): Attributes {
  const r = c.reader;
  const resource: Attributes = {};
  while (r.pos < end) {
    const tagPos = r.pos;
    const tag = c.varint(end, 0, 'Resource');
    if (tag === RESOURCE_ATTRIBUTES) readKeyValue(c, c.lengthEnd(end, 1, 'Resource', tagPos), resource, 0);
    else c.skip(tag, end, 'Resource', tagPos);
  }
  return resource;
}

function readSpan(c: WireCursor, end: number): DecodedSpan {
  const r = c.reader;
  let traceId = '';
  let spanId = '';
  let parentSpanId = '';
  let name = '';
  let kind = 0;
  let startTimeUnixNano = 0n;
  let endTimeUnixNano = 0n;
  const attributes: Attributes = {};
  let status = { code: 0, message: '' };
  while (r.pos < end) {
    const tagPos = r.pos;
    const tag = c.varint(end, 0, 'Span');
    switch (tag) {
      case SPAN_TRACE_ID:
        traceId = readId(c, c.lengthEnd(end, 1, 'Span', tagPos), TRACE_ID_BYTES, 'traceId', false);
        break;
      case SPAN_SPAN_ID:
        spanId = readId(c, c.lengthEnd(end, 2, 'Span', tagPos), SPAN_ID_BYTES, 'spanId', false);
        break;
      case SPAN_PARENT_SPAN_ID:
        parentSpanId = readId(c, c.lengthEnd(end, 4, 'Span', tagPos), SPAN_ID_BYTES, 'parentSpanId', true);
        break;
      case SPAN_NAME:
        name = c.string(end, 5, 'Span', tagPos);
        break;
      case SPAN_KIND:
        kind = c.varint(end, 6, 'Span') | 0;
        break;
      case SPAN_START_TIME:
        startTimeUnixNano = c.fixed64(end, 7, 'Span', tagPos);
        break;
      case SPAN_END_TIME:
        endTimeUnixNano = c.fixed64(end, 8, 'Span', tagPos);
        break;
      case SPAN_ATTRIBUTES:
        readKeyValue(c, c.lengthEnd(end, 9, 'Span', tagPos), attributes, 0);
        break;
      case SPAN_STATUS:
        status = readStatus(c, c.lengthEnd(end, 15, 'Span', tagPos));
        break;
      default:
        c.skip(tag, end, 'Span', tagPos);
    }
  }
  if (traceId === '') throw new SpanRejection('traceId: missing');
  if (spanId === '') throw new SpanRejection('spanId: missing');
  return {
    traceId,
    spanId,
    parentSpanId,
    name,
    kind,
    startTimeUnixNano,
    endTimeUnixNano,
    attributes,
    resource: PENDING_RESOURCE,
    scope: PENDING_SCOPE,
    status,
  };
}

/**
 * Reads an id field as lowercase hex. An empty or all-zero parent id means "no parent" (''); anything else of
 * the wrong length, or an all-zero trace or span id, rejects the span.
 */
function readId(c: WireCursor, end: number, byteLength: number, field: string, isParent: boolean): string {
  const start = c.reader.pos;
  c.reader.pos = end;
  const length = end - start;
  if (isParent && (length === 0 || (length === byteLength && allZeroBytes(c.buf, start, end)))) return '';
  if (length !== byteLength) throw new SpanRejection(`${field}: expected ${byteLength} bytes, got ${length}`);
  if (allZeroBytes(c.buf, start, end)) throw new SpanRejection(`${field}: must not be all zeros`);
  return bytesToHex(c.buf, start, end);
}

function readStatus(c: WireCursor, end: number): DecodedSpan['status'] {
  const r = c.reader;
  const status = { code: 0, message: '' };
  while (r.pos < end) {
    const tagPos = r.pos;
    const tag = c.varint(end, 0, 'Status');
    if (tag === STATUS_CODE) status.code = c.varint(end, 3, 'Status') | 0;
    else if (tag === STATUS_MESSAGE) status.message = c.string(end, 2, 'Status', tagPos);
    else c.skip(tag, end, 'Status', tagPos);
  }
  return status;
}
