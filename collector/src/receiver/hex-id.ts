// Trace and span ids: binary ids to lowercase hex through a byte table, and validation of OTLP/JSON hex ids.

import { SpanRejection, preview } from './span-rejection.js';

/** Bytes in a trace id and in a span id. */
export const TRACE_ID_BYTES = 16;
export const SPAN_ID_BYTES = 8;

const BYTE_TO_HEX: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Lowercase hex of `bytes[start, end)`. */
export function bytesToHex(bytes: Uint8Array, start: number, end: number): string {
  let hex = '';
  for (let i = start; i < end; i++) hex += BYTE_TO_HEX[bytes[i]!];
  return hex;
}

/** True when every byte of `bytes[start, end)` is zero: OTLP says an all-zero id is invalid. */
export function allZeroBytes(bytes: Uint8Array, start: number, end: number): boolean {
  let any = 0;
  for (let i = start; i < end; i++) any |= bytes[i]!;
  return any === 0;
}

/**
 * Checks an OTLP/JSON hex id and returns it in lowercase.
 *
 * @param zeroIsEmpty when true an all-zero id means "none" and yields '' (some exporters send one for a root's
 *   parent); when false it rejects the span, as OTLP says an all-zero trace or span id is invalid.
 * @throws SpanRejection naming `field` when the id is not `byteLength * 2` hex chars or is zero.
 */
export function hexIdFromJson(value: unknown, byteLength: number, field: string, zeroIsEmpty = false): string {
  const hexLength = byteLength * 2;
  if (typeof value !== 'string' || value.length !== hexLength) {
    throw new SpanRejection(`${field}: expected ${hexLength} hex chars, got ${preview(value)}`);
  }
  let nonZero = false;
  let upper = false;
  for (let i = 0; i < hexLength; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (c !== 48) nonZero = true;
    } else if (c >= 97 && c <= 102) {
      nonZero = true;
    } else if (c >= 65 && c <= 70) {
      nonZero = true;
      upper = true;
    } else {
      throw new SpanRejection(`${field}: expected ${hexLength} hex chars, got ${preview(value)}`);
    }
  }
  if (!nonZero) {
    if (zeroIsEmpty) return '';
    throw new SpanRejection(`${field}: must not be all zeros`);
  }
  return upper ? value.toLowerCase() : value;
}
