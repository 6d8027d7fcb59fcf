// The error a decoder throws when a request body as a whole cannot be decoded (the HTTP layer answers 400).

/**
 * Thrown by `decodeProtobufTraces` / `decodeJsonTraces` when the body itself is undecodable: not JSON, the wrong
 * shape, or truncated or corrupt protobuf. The message names what is wrong and where.
 *
 * @example
 * try { decodeProtobufTraces(body) } catch (e) { if (e instanceof OtlpDecodeError) return c.text(e.message, 400) }
 */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
}
