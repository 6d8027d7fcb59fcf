// Header shapes the transports hand over (undici object/array/raw Buffers, node:http) → one lowercase record. Pure.

type HeaderInput = unknown;

/** Request or response headers as `{ lowercase-name: value }`; repeated headers joined with ", ". */
export function headerRecord(input: HeaderInput): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (name: unknown, value: unknown): void => {
    if (name === undefined || name === null || value === undefined || value === null) return;
    const key = String(name).toLowerCase();
    const text = Array.isArray(value) ? value.map(String).join(', ') : decode(value);
    out[key] = out[key] === undefined ? text : `${out[key]}, ${text}`;
  };
  if (input === undefined || input === null) return out;
  if (Array.isArray(input)) {
    // Either a flat [name, value, name, value] list (undici raw headers) or [[name, value], ...] pairs.
    if (input.length > 0 && Array.isArray(input[0])) for (const [n, v] of input as unknown[][]) add(n, v);
    else for (let i = 0; i + 1 < input.length; i += 2) add(decode(input[i]), input[i + 1]);
    return out;
  }
  if (typeof input === 'object' && Symbol.iterator in input && typeof (input as { entries?: unknown }).entries === 'function') {
    for (const [n, v] of input as Iterable<[unknown, unknown]>) add(n, v);
    return out;
  }
  for (const [n, v] of Object.entries(input as Record<string, unknown>)) add(n, v);
  return out;
}

/**
 * One header's value (repeated headers joined with ", "), without building the whole record: the hot path reads
 * two or three headers of a request or response and leaves the rest alone.
 * @param name lowercase
 */
export function headerValue(input: HeaderInput, name: string): string | undefined {
  if (input === undefined || input === null || typeof input !== 'object') return undefined;
  if (!Array.isArray(input) && !(Symbol.iterator in input)) {
    const record = input as Record<string, unknown>;
    if (record[name] !== undefined) return valueText(record[name]);
    for (const key in record) if (key.length === name.length && key.toLowerCase() === name) return valueText(record[key]);
    return undefined;
  }
  if (Array.isArray(input) && !Array.isArray(input[0])) {
    // undici raw headers: [name, value, name, value], names as Buffers or strings.
    let found: string | undefined;
    for (let i = 0; i + 1 < input.length; i += 2) {
      if (!isHeaderName(input[i], name)) continue;
      const value = decode(input[i + 1]);
      found = found === undefined ? value : `${found}, ${value}`;
    }
    return found;
  }
  return headerRecord(input)[name];
}

/** The same headers as a plain object undici accepts, with some names replaced (lowercase names). */
export function withHeaders(input: HeaderInput, replace: Record<string, string>): Record<string, string | string[]> {
  // fetch's own shape (lowercase names, string values) needs no rebuilding.
  if (isLowercaseRecord(input)) return { ...input, ...replace };
  const out: Record<string, string | string[]> = {};
  const keep = (name: unknown, value: unknown): void => {
    const key = decode(name).toLowerCase();
    if (key in replace) return;
    const text = Array.isArray(value) ? value.map(decode) : decode(value);
    const prev = out[key];
    out[key] = prev === undefined ? text : [...(Array.isArray(prev) ? prev : [prev]), ...(Array.isArray(text) ? text : [text])];
  };
  if (Array.isArray(input)) {
    if (input.length > 0 && Array.isArray(input[0])) for (const [n, v] of input as unknown[][]) keep(n, v);
    else for (let i = 0; i + 1 < input.length; i += 2) keep(input[i], input[i + 1]);
  } else if (input !== null && typeof input === 'object') {
    const entries = Symbol.iterator in input ? [...(input as Iterable<[unknown, unknown]>)] : Object.entries(input);
    for (const [n, v] of entries) if (v !== undefined && v !== null) keep(n, v);
  }
  return { ...out, ...replace };
}

/** Whether a raw header name (Buffer or string) is `name` (lowercase), compared in place: a response carries a dozen
 * headers, and decoding each name to compare it cost more than the rest of reading the headers. */
function isHeaderName(key: unknown, name: string): boolean {
  if (typeof key === 'string') return key.length === name.length && key.toLowerCase() === name;
  if (!(key instanceof Uint8Array) || key.length !== name.length) return false;
  for (let k = 0; k < name.length; k++) {
    const b = key[k]!;
    if (b !== name.charCodeAt(k) && !(b >= 0x41 && b <= 0x5a && b + 0x20 === name.charCodeAt(k))) return false;
  }
  return true;
}

function isLowercaseRecord(input: HeaderInput): input is Record<string, string> {
  if (input === null || typeof input !== 'object' || Array.isArray(input) || Symbol.iterator in input) return false;
  const record = input as Record<string, unknown>;
  for (const name in record) if (typeof record[name] !== 'string' || name !== name.toLowerCase()) return false;
  return true;
}

function valueText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value.map(String).join(', ') : decode(value);
}

function decode(value: unknown): string {
  if (Buffer.isBuffer(value)) return value.toString('latin1');
  return value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('latin1') : String(value);
}
