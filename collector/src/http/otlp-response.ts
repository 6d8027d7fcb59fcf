// OTLP/HTTP answers in the encoding of the request: ExportTraceServiceResponse with partial_success for 200s and a
// google.rpc.Status for errors (https://opentelemetry.io/docs/specs/otlp/#otlphttp-response).
import protobuf from 'protobufjs/minimal.js';

export type OtlpEncoding = 'protobuf' | 'json';

export interface OtlpAnswer {
  status: number;
  contentType: string;
  body: Uint8Array | string;
  headers?: Record<string, string>;
}

/** gRPC status codes used in error bodies. */
const INVALID_ARGUMENT = 3;
const RESOURCE_EXHAUSTED = 8;
const UNAVAILABLE = 14;

export function exportSuccess(encoding: OtlpEncoding, rejected: number, message: string): OtlpAnswer {
  if (encoding === 'json') {
    const body = rejected > 0 || message ? { partialSuccess: { rejectedSpans: String(rejected), errorMessage: message } } : {};
    return { status: 200, contentType: 'application/json', body: JSON.stringify(body) };
  }
  const writer = protobuf.Writer.create();
  if (rejected > 0 || message) {
    // ExportTraceServiceResponse.partial_success = 1 { rejected_spans = 1 (int64); error_message = 2 }
    writer.uint32((1 << 3) | 2).fork();
    if (rejected > 0) writer.uint32((1 << 3) | 0).int64(rejected);
    if (message) writer.uint32((2 << 3) | 2).string(message);
    writer.ldelim();
  }
  return { status: 200, contentType: 'application/x-protobuf', body: writer.finish() };
}

export function exportFailure(encoding: OtlpEncoding, status: number, message: string, retryAfterSeconds?: number): OtlpAnswer {
  const code = status === 429 ? RESOURCE_EXHAUSTED : status >= 500 ? UNAVAILABLE : INVALID_ARGUMENT;
  const headers = retryAfterSeconds !== undefined ? { 'retry-after': String(retryAfterSeconds) } : undefined;
  if (encoding === 'json') {
    return { status, contentType: 'application/json', body: JSON.stringify({ code, message }), headers };
  }
  // google.rpc.Status { code = 1; message = 2 }
  const body = protobuf.Writer.create()
    .uint32((1 << 3) | 0)
    .int32(code)
    .uint32((2 << 3) | 2)
    .string(message)
    .finish();
  return { status, contentType: 'application/x-protobuf', body, headers };
}
