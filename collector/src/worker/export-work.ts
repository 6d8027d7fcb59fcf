// One OTLP export body, from bytes to the block the spool stores: decode → price → encode. Pure apart from the
// clock; it runs in a processing thread (see export-workers.ts), or on the main thread when there is none.
import type { Pricer } from '@costtrace/pricing';
import { encodeRows } from '../exporter/row-encoding.js';
import type { OtlpEncoding } from '../http/otlp-response.js';
import { processSpans } from '../processor/span-processor.js';
import { decodeJsonTraces } from '../receiver/otlp-json-decoder.js';
import { decodeProtobufTraces } from '../receiver/otlp-protobuf-decoder.js';

/** What became of one export's spans. */
export interface ExportWork {
  /** Spans that decoded. */
  spans: number;
  /** The rows as one block, or undefined when no span carried usage. */
  block: Buffer | undefined;
  rows: number;
  unpriced: number;
  /** Spans the decoder rejected (bad ids, values nested too deep). */
  decodeRejected: number;
  /** Spans the processor rejected (bad usage or timestamps). */
  usageRejected: number;
  /** Why, one message per distinct problem, capped. */
  errors: string[];
}

/** @throws OtlpDecodeError when the body itself is undecodable (the export gets a 400). */
export function workOnExport(body: Uint8Array, encoding: OtlpEncoding, pricer: Pricer, now: number = Date.now()): ExportWork {
  const decoded = encoding === 'protobuf' ? decodeProtobufTraces(body) : decodeJsonTraces(body);
  const result = processSpans(decoded.spans, pricer, now);
  return {
    spans: decoded.spans.length,
    block: result.rows.length > 0 ? encodeRows(result.rows) : undefined,
    rows: result.rows.length,
    unpriced: result.unpriced,
    decodeRejected: decoded.rejected,
    usageRejected: result.rejected,
    errors: decoded.errors.concat(result.errors),
  };
}
