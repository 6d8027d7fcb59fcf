// Finds members of a JSON object's top level without parsing the other values. A request is planned from three of
// its members (the model, `stream`, `stream_options`) while its bulk is a chat history of strings: those are skipped
// with native searches, so a 100 KB history costs microseconds instead of a full JSON.parse before the request can
// be sent. Pure.

/** Where a member's value sits in the text: [start, end). */
export interface ValueSpan {
  start: number;
  end: number;
}

const QUOTE = 0x22;

/**
 * The value spans of the named top-level members, or undefined when the text is not an object (or is cut off).
 * The last of duplicate keys wins, as with JSON.parse. Values are delimited, not validated.
 * @example topLevelMembers('{"model":"m","messages":[],"stream":true}', ['model', 'stream'])
 *   // → Map { 'model' → { start: 9, end: 12 }, 'stream' → { start: 36, end: 40 } }
 */
export function topLevelMembers(text: string, names: readonly string[]): Map<string, ValueSpan> | undefined {
  const found = new Map<string, ValueSpan>();
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== 0x7b /* { */) return undefined;
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) === 0x7d /* } */) return trailingSpaceOnly(text, i + 1) ? found : undefined;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return undefined;
    const keyEnd = stringEnd(text, i);
    if (keyEnd === -1) return undefined;
    const key = keyOf(text, i, keyEnd);
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== 0x3a /* : */) return undefined;
    const start = skipSpace(text, i + 1);
    const end = valueEnd(text, start);
    if (end === -1) return undefined;
    if (key !== undefined && names.includes(key)) found.set(key, { start, end });
    i = skipSpace(text, end);
    const next = text.charCodeAt(i);
    if (next === 0x7d) return trailingSpaceOnly(text, i + 1) ? found : undefined;
    if (next !== 0x2c /* , */) return undefined;
    i = skipSpace(text, i + 1);
  }
}

/** The key's text; undefined for a key written with escapes (no wanted key needs any). */
function keyOf(text: string, start: number, end: number): string | undefined {
  const key = text.slice(start + 1, end - 1);
  return key.includes('\\') ? undefined : key;
}

/** The index just past the value starting at i, or -1. */
function valueEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return stringEnd(text, i);
  if (c === 0x7b || c === 0x5b /* [ */) return containerEnd(text, i);
  // A number or a literal runs to the next delimiter.
  let j = i;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === 0x2c || d === 0x7d || d === 0x5d || isSpace(d)) break;
    j++;
  }
  return j > i ? j : -1;
}

/** The index just past the object or array opening at i, or -1: strings are skipped whole, brackets counted. */
function containerEnd(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === QUOTE) {
      j = stringEnd(text, j) - 1;
      if (j < 0) return -1;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      if (--depth === 0) return j + 1;
    }
  }
  return -1;
}

/** The index just past the string opening at i, or -1. */
function stringEnd(text: string, i: number): number {
  for (let close = text.indexOf('"', i + 1); close !== -1; close = text.indexOf('"', close + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return close + 1;
  }
  return -1;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

function trailingSpaceOnly(text: string, i: number): boolean {
  return skipSpace(text, i) === text.length;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
