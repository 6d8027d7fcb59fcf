// Finds the raw text of one scalar in JSON text without parsing the rest: the exact digits a provider wrote for a
// cost (JSON.parse would round them to a binary float), and fields at the head of a body too large to parse.
import type { JsonPath } from './json-path.js';

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * The raw JSON text of the number or string at `path` (a string with its quotes), or undefined when the path is
 * missing, holds another kind of value, or the text ends first (a truncated head is fine). The first occurrence of
 * a duplicated key wins.
 * @example findRawScalar('{"usage":{"cost":0.000123450000000001}}', ['usage', 'cost']) === '0.000123450000000001'
 */
export function findRawScalar(text: string, path: JsonPath): string | undefined {
  let pos = skipSpace(text, 0);
  for (const step of path) {
    pos = typeof step === 'number' ? enterIndex(text, pos, step) : enterKey(text, pos, step);
    if (pos < 0) return undefined;
  }
  if (text[pos] === '"') {
    const end = stringEnd(text, pos);
    return end < 0 ? undefined : text.slice(pos, end);
  }
  NUMBER.lastIndex = pos;
  const match = NUMBER.exec(text);
  if (!match) return undefined;
  const after = text[pos + match[0].length];
  // A number cut off by the end of a truncated head is not the number the provider wrote.
  return after === undefined ? undefined : match[0];
}

/** Position of the value of `key` in the object starting at `pos`, or -1. */
function enterKey(text: string, pos: number, key: string): number {
  if (text[pos] !== '{') return -1;
  pos = skipSpace(text, pos + 1);
  while (text[pos] === '"') {
    const end = stringEnd(text, pos);
    if (end < 0) return -1;
    const raw = text.slice(pos + 1, end - 1);
    const name = raw.includes('\\') ? decodeKey(raw) : raw;
    pos = skipSpace(text, end);
    if (text[pos] !== ':') return -1;
    pos = skipSpace(text, pos + 1);
    if (name === key) return pos;
    pos = skipSpace(text, skipValue(text, pos));
    if (text[pos] !== ',') return -1;
    pos = skipSpace(text, pos + 1);
  }
  return -1;
}

/** Position of item `index` of the array starting at `pos`, or -1. Negative indexes are not supported here. */
function enterIndex(text: string, pos: number, index: number): number {
  if (text[pos] !== '[' || index < 0) return -1;
  pos = skipSpace(text, pos + 1);
  for (let i = 0; i < index; i++) {
    pos = skipSpace(text, skipValue(text, pos));
    if (text[pos] !== ',') return -1;
    pos = skipSpace(text, pos + 1);
  }
  return pos < text.length && text[pos] !== ']' ? pos : -1;
}

/** Position just after the value starting at `pos` (text.length when it runs off the end). */
function skipValue(text: string, pos: number): number {
  const first = text[pos];
  if (first === '"') {
    const end = stringEnd(text, pos);
    return end < 0 ? text.length : end;
  }
  if (first !== '{' && first !== '[') {
    while (pos < text.length && !',}] \t\r\n'.includes(text[pos]!)) pos++;
    return pos;
  }
  let depth = 0;
  while (pos < text.length) {
    const ch = text[pos]!;
    if (ch === '"') {
      const end = stringEnd(text, pos);
      if (end < 0) return text.length;
      pos = end;
      continue;
    }
    if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return pos + 1;
    }
    pos++;
  }
  return text.length;
}

/** Position just after the closing quote of the string starting at `pos`, or -1 if it never closes. */
function stringEnd(text: string, pos: number): number {
  for (let i = pos + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === '"') return i + 1;
  }
  return -1;
}

function skipSpace(text: string, pos: number): number {
  while (pos < text.length && ' \t\r\n'.includes(text[pos]!)) pos++;
  return pos;
}

function decodeKey(raw: string): string | undefined {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return undefined;
  }
}
