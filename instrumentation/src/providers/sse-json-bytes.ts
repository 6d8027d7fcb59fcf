// Reads the JSON data of one complete SSE event as raw bytes, without parsing it: where a key's value starts, which
// bytes to cut to remove a top-level member whose value is `null`, and whether it is the injected usage-only chunk.
// Inside multi-line data a line break followed by the next line's `data:` prefix (and its optional space) counts as
// JSON whitespace.
import { asBuffer, findBytes, textOf } from './byte-text.js';
import { topLevelMembers } from './json-top-level.js';

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const DATA = [0x64, 0x61, 0x74, 0x61, 0x3a]; // data:
const NULL = [0x6e, 0x75, 0x6c, 0x6c]; // null
const USAGE_ONLY_KEYS = ['choices', 'usage'];
const EMPTY_CHOICES_THEN_USAGE = Buffer.from('"choices":[],"usage":{');
const EMPTY_ARRAY = /^\[[ \t\n\r]*\]$/;

/** A byte range [start, end) to remove from an event. */
export interface Cut {
  start: number;
  end: number;
}

/** Where the value of the key whose closing quote ends just before `i` starts, or -1 when no `:` follows. */
export function valueAfterKey(bytes: Buffer, i: number, end: number): number {
  const colon = skipSpace(bytes, i, end);
  if (bytes[colon] !== COLON || colon >= end) return -1;
  const value = skipSpace(bytes, colon + 1, end);
  return value < end ? value : -1;
}

/**
 * The bytes to cut so that the member `"key": null` starting at `key` (its opening quote) disappears and the JSON
 * stays valid: `,"usage":null` with the comma before it, or `"usage":null,` with the comma (and space) after it
 * when it is the first member. Undefined when the value is not `null`, the member is not in the top-level object
 * of the event's data, or the bytes are not shaped as a member.
 * @param value where the value starts (see valueAfterKey); [from, end) is the whole event
 */
export function nullMemberCut(bytes: Buffer, from: number, key: number, value: number, end: number): Cut | undefined {
  const afterNull = value + NULL.length;
  if (!startsWith(bytes, value, end, NULL)) return undefined;
  const next = skipSpace(bytes, afterNull, end);
  if (next >= end || (bytes[next] !== COMMA && bytes[next] !== 0x7d)) return undefined;
  const before = lastNonSpace(bytes, key, from);
  if (before < from || !closesTopLevelObject(bytes, afterNull, end)) return undefined;
  if (bytes[before] === COMMA) return { start: before, end: afterNull };
  if (bytes[before] !== 0x7b) return undefined;
  return { start: key, end: bytes[next] === COMMA ? skipSpace(bytes, next + 1, end) : afterNull };
}

/**
 * A complete event whose data is an object with empty `choices` and a `usage` object at its top level (the injected
 * usage chunk). It runs on the app's path, once per stream, so the data is delimited in place, never parsed.
 */
export function isUsageOnlyChunk(event: Uint8Array): boolean {
  const bytes = asBuffer(event);
  // As OpenAI writes it, on its one data line: a search, and a scan of the rest that finds `choices` at the top level.
  const at = findBytes(bytes, EMPTY_CHOICES_THEN_USAGE);
  const lineEnd = firstLineBreak(bytes);
  if (at !== -1 && startsWith(bytes, 0, at, DATA) && (lineEnd === -1 || lineEnd > at) && closesTopLevelObject(bytes, at, bytes.length))
    return true;
  const data = dataText(bytes, lineEnd);
  const members = data === undefined ? undefined : topLevelMembers(data, USAGE_ONLY_KEYS);
  const choices = members?.get('choices');
  const usage = members?.get('usage');
  return (
    choices !== undefined &&
    usage !== undefined &&
    EMPTY_ARRAY.test(data!.slice(choices.start, choices.end)) &&
    data!.charCodeAt(usage.start) === 0x7b
  );
}

/**
 * The data of an event, lines joined with LF; undefined without a data line. One `data:` line (what providers
 * send) is read in place, as latin1: the same byte offsets, and every JSON delimiter is ASCII.
 * @param lineEnd where the first line ends (see firstLineBreak)
 */
function dataText(event: Buffer, lineEnd: number): string | undefined {
  const n = event.length;
  if (startsWith(event, 0, n, DATA) && (lineEnd === -1 || onlyLineBreaks(event, lineEnd, n))) {
    return event.toString('latin1', event[DATA.length] === SPACE ? DATA.length + 1 : DATA.length, lineEnd === -1 ? n : lineEnd);
  }
  const data: string[] = [];
  for (const line of textOf(event).split(/\r\n|\r|\n/)) {
    if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
  }
  return data.length > 0 ? data.join('\n') : undefined;
}

function firstLineBreak(bytes: Buffer): number {
  const lf = bytes.indexOf(LF);
  const cr = bytes.indexOf(CR);
  return lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
}

function onlyLineBreaks(bytes: Buffer, from: number, end: number): boolean {
  for (let i = from; i < end; i++) if (!isLineBreak(bytes[i])) return false;
  return true;
}

/** The first byte at or after i that is not JSON whitespace, or `end`. */
function skipSpace(bytes: Buffer, i: number, end: number): number {
  while (i < end) {
    const b = bytes[i];
    if (b === SPACE || b === TAB) i++;
    else if (b === LF || b === CR) {
      let line = b === CR && bytes[i + 1] === LF ? i + 2 : i + 1;
      if (!isDataLine(bytes, line, end)) return i;
      line += DATA.length;
      i = bytes[line] === SPACE ? line + 1 : line;
    } else return i;
  }
  return end;
}

/** The last byte before i that is not JSON whitespace, or from - 1. */
function lastNonSpace(bytes: Buffer, i: number, from: number): number {
  let j = i - 1;
  while (j >= from) {
    const b = bytes[j];
    if (b === SPACE || b === TAB) j--;
    else if (b === COLON && j - 5 >= from && startsWith(bytes, j - 4, j + 1, DATA) && isLineBreak(bytes[j - 5])) {
      // The `data:` prefix of a continuation line: skip it and the line break before it.
      j -= 5;
      j -= bytes[j] === LF && bytes[j - 1] === CR ? 2 : 1;
    } else return j;
  }
  return j;
}

/**
 * Whether the JSON from `i` to the end of the event's data closes exactly one more container than it opens, i.e.
 * position i sits directly inside the top-level value. Strings are skipped; lines other than `data:` lines are not
 * JSON and are skipped too.
 */
function closesTopLevelObject(bytes: Buffer, i: number, end: number): boolean {
  let depth = 0;
  let inString = false;
  for (; i < end; i++) {
    const b = bytes[i]!;
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === LF || b === CR) {
      let line = i + 1;
      while (line < end && isLineBreak(bytes[line])) line++;
      if (line < end && !isDataLine(bytes, line, end)) {
        while (line < end && !isLineBreak(bytes[line])) line++;
      }
      i = line - 1;
    } else if (b === QUOTE) inString = true;
    else if (b === 0x7b || b === 0x5b) depth++;
    else if (b === 0x7d || b === 0x5d) depth--;
  }
  return depth === -1;
}

function isDataLine(bytes: Buffer, i: number, end: number): boolean {
  return startsWith(bytes, i, end, DATA);
}

/** Byte by byte: cheaper than Buffer#compare for a few bytes. */
function startsWith(bytes: Buffer, i: number, end: number, pattern: readonly number[]): boolean {
  if (i + pattern.length > end) return false;
  for (let k = 0; k < pattern.length; k++) if (bytes[i + k] !== pattern[k]) return false;
  return true;
}

function isLineBreak(b: number | undefined): boolean {
  return b === LF || b === CR;
}
