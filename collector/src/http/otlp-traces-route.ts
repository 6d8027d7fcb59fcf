// POST /v1/traces: the OTLP/HTTP receiver. Decodes protobuf or JSON (gzip or not), hands spans to the pipeline and
// answers per the OTLP/HTTP spec: 200 + partial_success, 400 undecodable, 413 too large, 415 wrong type, and the
// retryable 429 (too many exports in flight) and 503 (memory, spool full or unwritable) with Retry-After.
import type { IncomingMessage } from 'node:http';
import { OtlpDecodeError } from '../receiver/otlp-decode-error.js';
import { SpoolFullError, SpoolWriteError } from '../exporter/row-spool.js';
import { ProcessingThreadError } from '../worker/export-workers.js';
import type { Pipeline } from '../pipeline.js';
import type { Metrics } from '../metrics.js';
import { BodyError, decodeContent, readRawBody } from './read-body.js';
import type { AdmissionControl } from './admission.js';
import { exportFailure, exportSuccess, type OtlpAnswer, type OtlpEncoding } from './otlp-response.js';

export interface TracesRouteOptions {
  pipeline: Pipeline;
  metrics: Metrics;
  maxBodyBytes: number;
  /** A client that sends nothing for this long is cut off (408). @default 10000 */
  bodyIdleTimeoutMs?: number;
  /** Load shedding (429 / 503 + Retry-After) before the body is read; none when absent. */
  admission?: AdmissionControl;
}

const RETRY_AFTER_SECONDS = 5;

export function encodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return undefined;
}

export async function handleTraces(req: IncomingMessage, options: TracesRouteOptions): Promise<OtlpAnswer> {
  const encoding = encodingOf(req.headers['content-type']);
  if (encoding === undefined) {
    req.resume();
    return exportFailure(
      'json',
      415,
      `unsupported Content-Type '${req.headers['content-type'] ?? ''}': use application/x-protobuf or application/json`,
    );
  }
  const ticket = options.admission?.admit();
  if (ticket && !ticket.admitted) {
    req.resume();
    options.metrics.requestsShed.inc({ reason: ticket.reason });
    return exportFailure(encoding, ticket.status, ticket.message, ticket.retryAfterSeconds);
  }
  try {
    return await receive(req, encoding, options);
  } finally {
    if (ticket?.admitted) ticket.release();
  }
}

async function receive(req: IncomingMessage, encoding: OtlpEncoding, options: TracesRouteOptions): Promise<OtlpAnswer> {
  try {
    const raw = await readRawBody(req, options.maxBodyBytes, options.bodyIdleTimeoutMs ?? 10_000);
    const body = await decodeContent(raw, req.headers['content-encoding'], options.maxBodyBytes);
    const work = await options.pipeline.acceptExport(body, encoding);
    const rejected = work.decodeRejected + work.usageRejected;
    return exportSuccess(encoding, rejected, rejected > 0 ? `rejected ${rejected} span(s): ${work.errors.join('; ')}` : '');
  } catch (error) {
    if (error instanceof BodyError) {
      const answer = exportFailure(encoding, error.status, error.message);
      // A stalled client's connection is not worth keeping: close it once the 408 is sent.
      if (error.status === 408) answer.headers = { ...answer.headers, connection: 'close' };
      return answer;
    }
    if (error instanceof OtlpDecodeError) return exportFailure(encoding, 400, `undecodable OTLP ${encoding} body: ${error.message}`);
    if (error instanceof SpoolFullError || error instanceof SpoolWriteError || error instanceof ProcessingThreadError) {
      return exportFailure(encoding, 503, error.message, RETRY_AFTER_SECONDS);
    }
    throw error;
  }
}
