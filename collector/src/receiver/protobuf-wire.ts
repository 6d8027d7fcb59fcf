// Bounds-checked protobuf wire reads over a protobufjs Reader. Every read is checked against the end of the
// message that contains it (not just the end of the body), and every failure is an OtlpDecodeError that names the
// field, the message and the byte offset.

import protobuf from 'protobufjs/minimal.js';
import { OtlpDecodeError } from './otlp-decode-error.js';
import { WIRE_I32, WIRE_I64, WIRE_LEN, WIRE_VARINT } from './otlp-proto-fields.js';
import { decodeUtf8 } from './utf8-string-cache.js';

const TWO_POW_32 = 4294967296;
/** A high word in [-2^21, 2^21) keeps high * 2^32 + low within ±2^53, so the double is exact. */
const EXACT_HIGH_WORD = 0x200000;

/** A read position in one request body; `reader.pos` is the cursor. */
export class WireCursor {
  readonly reader: protobuf.Reader;
  readonly buf: Buffer;
  readonly #view: DataView;

  constructor(body: Uint8Array) {
    // A Buffer view (no copy) makes protobufjs pick its BufferReader; strings decode natively.
    this.buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    this.reader = protobuf.Reader.create(this.buf);
    this.#view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /**
   * Reads a varint (a tag when `field` is 0) as uint32; it must end at or before `end`.
   * Longer varints are consumed whole and keep their low 32 bits.
   */
  varint(end: number, field: number, message: string): number {
    const r = this.reader;
    const start = r.pos;
    let value: number;
    try {
      value = r.uint32();
    } catch {
      throw truncated(field === 0 ? 'tag' : `varint field ${field}`, message, start);
    }
    if (r.pos > end) throw truncated(field === 0 ? 'tag' : `varint field ${field}`, message, start);
    return value;
  }

  /** Reads a length prefix and returns where the field's bytes end (the cursor is at their start). */
  lengthEnd(end: number, field: number, message: string, tagPos: number): number {
    const length = this.varint(end, field, message);
    const left = end - this.reader.pos;
    if (length > left) {
      throw new OtlpDecodeError(
        `truncated length-delimited field ${field} in ${message} at byte ${tagPos}: ${length} bytes declared, ${left} left`,
      );
    }
    return this.reader.pos + length;
  }

  /** Reads a length-delimited UTF-8 string; invalid UTF-8 becomes U+FFFD. */
  string(end: number, field: number, message: string, tagPos: number): string {
    const fieldEnd = this.lengthEnd(end, field, message, tagPos);
    const text = decodeUtf8(this.buf, this.reader.pos, fieldEnd);
    this.reader.pos = fieldEnd;
    return text;
  }

  /** Reads a length-delimited bytes field into a fresh Uint8Array, so results never pin the request body. */
  bytes(end: number, field: number, message: string, tagPos: number): Uint8Array {
    const fieldEnd = this.lengthEnd(end, field, message, tagPos);
    const copy = new Uint8Array(this.buf.subarray(this.reader.pos, fieldEnd));
    this.reader.pos = fieldEnd;
    return copy;
  }

  /** Reads a fixed64 as an exact unsigned bigint. */
  fixed64(end: number, field: number, message: string, tagPos: number): bigint {
    const at = this.#fixed(8, end, field, message, tagPos);
    return this.#view.getBigUint64(at, true);
  }

  /** Reads a little-endian IEEE 754 double (wire type I64). */
  double(end: number, field: number, message: string, tagPos: number): number {
    const at = this.#fixed(8, end, field, message, tagPos);
    return this.#view.getFloat64(at, true);
  }

  /** Reads an int64 varint: a number when it is a safe integer, else an exact bigint. */
  int64(end: number, field: number, message: string, tagPos: number): number | bigint {
    const r = this.reader;
    let bits: { low: number; high: number };
    try {
      bits = r.int64();
    } catch {
      throw truncated(`varint field ${field}`, message, tagPos);
    }
    if (r.pos > end) throw truncated(`varint field ${field}`, message, tagPos);
    const low = bits.low >>> 0;
    const high = bits.high | 0;
    if (high >= -EXACT_HIGH_WORD && high < EXACT_HIGH_WORD) {
      const exact = high * TWO_POW_32 + low;
      if (Number.isSafeInteger(exact)) return exact;
    }
    return BigInt.asIntN(64, (BigInt(high >>> 0) << 32n) | BigInt(low));
  }

  /** Skips a field we do not use, by its wire type (forward compatibility). */
  skip(tag: number, end: number, message: string, tagPos: number): void {
    const field = tag >>> 3;
    if (field === 0) throw new OtlpDecodeError(`invalid field number 0 in ${message} at byte ${tagPos}`);
    switch (tag & 7) {
      case WIRE_VARINT:
        this.varint(end, field, message);
        return;
      case WIRE_I64:
        this.#fixed(8, end, field, message, tagPos);
        return;
      case WIRE_LEN:
        this.reader.pos = this.lengthEnd(end, field, message, tagPos);
        return;
      case WIRE_I32:
        this.#fixed(4, end, field, message, tagPos);
        return;
      default:
        throw new OtlpDecodeError(`unsupported wire type ${tag & 7} for field ${field} in ${message} at byte ${tagPos}`);
    }
  }

  /** Advances over `size` bytes of a fixed-width field and returns where they start. */
  #fixed(size: number, end: number, field: number, message: string, tagPos: number): number {
    const at = this.reader.pos;
    if (at + size > end) {
      throw new OtlpDecodeError(`truncated fixed${size * 8} field ${field} in ${message} at byte ${tagPos}`);
    }
    this.reader.pos = at + size;
    return at;
  }
}

function truncated(what: string, message: string, at: number): OtlpDecodeError {
  return new OtlpDecodeError(`truncated ${what} in ${message} at byte ${at}`);
}
