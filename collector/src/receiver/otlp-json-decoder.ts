// OTLP/HTTP JSON ExportTraceServiceRequest → DecodedSpan[]: JSON.parse, then one walk that validates as it goes.
// A body that is not JSON or not shaped like a request throws OtlpDecodeError; a span with bad ids or
// wrong-typed fields is rejected alone (and every span under a resource or scope with bad attributes).

import type { Attributes, DecodeResult, DecodedSpan } from './decoded-span.js';
import { hexIdFromJson, SPAN_ID_BYTES, TRACE_ID_BYTES } from './hex-id.js';
import { addJsonAttributes, enumFromJson, isJsonObject, stringFromJson, uint64FromJson } from './json-any-value.js';
import { OtlpDecodeError } from './otlp-decode-error.js';
import { preview, RejectionLog, SpanRejection, spanPath } from './span-rejection.js';

type Scope = DecodedSpan['scope'];

const SPAN_KIND_NAMES = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
] as const;
const STATUS_CODE_NAMES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'] as const;

/**
 * Decodes an OTLP/HTTP JSON trace export (`application/json` body, already un-gzipped). Field names may be
 * lowerCamelCase or snake_case; 64-bit integers and timestamps may be numbers or decimal strings.
 *
 * @param body the JSON text, or its UTF-8 bytes (invalid UTF-8 becomes U+FFFD)
 * @returns the valid spans; rejected spans are counted in `rejected` with a reason in `errors`
 * @throws OtlpDecodeError when the body is not JSON or not shaped like an ExportTraceServiceRequest
 * @example
 * const { spans } = decodeJsonTraces('{"resourceSpans":[]}'); // spans: []
 */
export function decodeJsonTraces(body: string | Uint8Array): DecodeResult {
  const request = parse(body);
  const spans: DecodedSpan[] = [];
  const log = new RejectionLog();
  const resourceSpans = list(request.resourceSpans ?? request.resource_spans, 'resourceSpans');
  for (let ri = 0; ri < resourceSpans.length; ri++) {
    const rs = object(resourceSpans[ri], `resourceSpans[${ri}]`);
    let resource: Attributes = {};
    let resourceProblem = '';
    try {
      resource = resourceFromJson(rs.resource);
    } catch (error) {
      resourceProblem = `resourceSpans[${ri}].${rejectionMessage(error)}`;
    }
    const scopeSpans = list(rs.scopeSpans ?? rs.scope_spans, `resourceSpans[${ri}].scopeSpans`);
    for (let si = 0; si < scopeSpans.length; si++) {
      const ss = object(scopeSpans[si], `resourceSpans[${ri}].scopeSpans[${si}]`);
      const jsonSpans = list(ss.spans, `resourceSpans[${ri}].scopeSpans[${si}].spans`);
      let scope: Scope = { name: '', version: '', attributes: {} };
      let problem = resourceProblem;
      if (problem === '') {
        try {
          scope = scopeFromJson(ss.scope);
        } catch (error) {
          problem = `resourceSpans[${ri}].scopeSpans[${si}].${rejectionMessage(error)}`;
        }
      }
      if (problem !== '') {
        log.reject(problem, jsonSpans.length);
        continue;
      }
      for (let i = 0; i < jsonSpans.length; i++) {
        const span = jsonSpans[i];
        if (!isJsonObject(span)) {
          log.reject(`${spanPath(ri, si, i)}: expected a Span object, got ${preview(span)}`);
          continue;
        }
        try {
          spans.push(spanFromJson(span, resource, scope));
        } catch (error) {
          log.reject(`${spanPath(ri, si, i)}.${rejectionMessage(error)}`);
        }
      }
    }
  }
  return { spans, rejected: log.rejected, errors: log.errors };
}

function parse(body: string | Uint8Array): Record<string, unknown> {
  let text = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString();
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch (error) {
    throw new OtlpDecodeError(`body is not valid JSON: ${(error as Error).message}`);
  }
  if (!isJsonObject(request)) {
    throw new OtlpDecodeError(`body must be a JSON object (ExportTraceServiceRequest), got ${preview(request)}`);
  }
  return request;
}

/** A repeated container field: absent is empty; anything but an array makes the body undecodable. */
function list(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new OtlpDecodeError(`${path}: expected an array, got ${preview(value)}`);
  return value;
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (!isJsonObject(value)) throw new OtlpDecodeError(`${path}: expected an object, got ${preview(value)}`);
  return value;
}

/** The message of a SpanRejection; anything else is a bug and propagates. */
function rejectionMessage(error: unknown): string {
  if (error instanceof SpanRejection) return error.message;
  throw error;
}

// Rejection messages from here on start with the field's name, so callers prefix them with "<path>.".

function resourceFromJson(value: unknown): Attributes {
  const resource: Attributes = {};
  if (value === undefined || value === null) return resource;
  if (!isJsonObject(value)) throw new SpanRejection(`resource: expected an object, got ${preview(value)}`);
  addJsonAttributes(value.attributes, resource, 0, 'resource.attributes');
  return resource;
}

function scopeFromJson(value: unknown): Scope {
  const scope: Scope = { name: '', version: '', attributes: {} };
  if (value === undefined || value === null) return scope;
  if (!isJsonObject(value)) throw new SpanRejection(`scope: expected an object, got ${preview(value)}`);
  scope.name = stringFromJson(value.name, 'scope.name');
  scope.version = stringFromJson(value.version, 'scope.version');
  addJsonAttributes(value.attributes, scope.attributes, 0, 'scope.attributes');
  return scope;
}

function spanFromJson(value: Record<string, unknown>, resource: Attributes, scope: Scope): DecodedSpan {
  const parent = value.parentSpanId ?? value.parent_span_id;
  const attributes: Attributes = {};
  addJsonAttributes(value.attributes, attributes, 0, 'attributes');
  return {
    traceId: hexIdFromJson(value.traceId ?? value.trace_id, TRACE_ID_BYTES, 'traceId'),
    spanId: hexIdFromJson(value.spanId ?? value.span_id, SPAN_ID_BYTES, 'spanId'),
    parentSpanId:
      parent === undefined || parent === null || parent === '' ? '' : hexIdFromJson(parent, SPAN_ID_BYTES, 'parentSpanId', true),
    name: stringFromJson(value.name, 'name'),
    kind: enumFromJson(value.kind, SPAN_KIND_NAMES, 'kind'),
    startTimeUnixNano: uint64FromJson(value.startTimeUnixNano ?? value.start_time_unix_nano, 'startTimeUnixNano'),
    endTimeUnixNano: uint64FromJson(value.endTimeUnixNano ?? value.end_time_unix_nano, 'endTimeUnixNano'),
    attributes,
    resource,
    scope,
    status: statusFromJson(value.status),
  };
}

function statusFromJson(value: unknown): DecodedSpan['status'] {
  if (value === undefined || value === null) return { code: 0, message: '' };
  if (!isJsonObject(value)) throw new SpanRejection(`status: expected an object, got ${preview(value)}`);
  return {
    code: enumFromJson(value.code, STATUS_CODE_NAMES, 'status.code'),
    message: stringFromJson(value.message, 'status.message'),
  };
}
