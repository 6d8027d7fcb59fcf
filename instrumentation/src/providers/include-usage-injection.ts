// The one request change costtrace makes: on OpenAI-style chat completions that stream without usage, ask for
// `stream_options.include_usage` so the provider sends one extra usage-only chunk (which the filter removes again).
import { asBuffer, bytesAt, findBytes } from './byte-text.js';
import { isObject } from './json-path.js';
import { topLevelMembers, type ValueSpan } from './json-top-level.js';

/** The top-level members the change depends on. */
export const STREAM_MEMBERS = ['stream', 'stream_options'];
const APPENDED = ',"stream_options":{"include_usage":true}';
const APPENDED_BYTES = Buffer.from(APPENDED);
const STREAM_KEY = Buffer.from('"stream"');
const STREAM_TRUE_LAST = Buffer.from(',"stream":true}');
const STREAM_OPTIONS_KEY = Buffer.from('"stream_options"');

/** Replace [start, end) of the body with `text`. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * The rewritten body, or undefined when nothing must change (not streaming, or the app already asked for usage).
 * Every byte the app wrote is kept: the option is appended before the closing brace, or, when the app sent
 * `stream_options` without `include_usage: true`, that one member's value gains or replaces the key.
 * @param members the top-level `stream` and `stream_options` value spans (see topLevelMembers)
 * @example injectIncludeUsage('{"model":"gpt-4o","stream":true}', topLevelMembers(text, ['stream', 'stream_options']))
 *   // → '{"model":"gpt-4o","stream":true,"stream_options":{"include_usage":true}}'
 */
export function injectIncludeUsage(bodyText: string, members: ReadonlyMap<string, ValueSpan>): string | undefined {
  const edit = includeUsageEdit(members, (span) => bodyText.slice(span.start, span.end), bodyText.lastIndexOf('}'));
  return edit && `${bodyText.slice(0, edit.start)}${edit.text}${bodyText.slice(edit.end)}`;
}

/**
 * injectIncludeUsage on the request's bytes as they are about to be sent, without decoding them to text and back.
 * The shape most calls have, a compact object ending in `,"stream":true}` with no `stream_options` anywhere, needs
 * no delimiting: a member right before the closing brace is top-level. Any other body is delimited as latin1 (one
 * character per byte, so offsets are byte offsets, and every JSON delimiter is ASCII), and only `stream_options`,
 * when the app sent one, is read as UTF-8.
 */
export function injectIncludeUsageBytes(body: Uint8Array): Buffer | undefined {
  const bytes = asBuffer(body);
  // Only a body holding the key can ask for a stream: others (most calls) are never decoded.
  const edit = streamLastEdit(bytes) ?? (findBytes(bytes, STREAM_KEY) !== -1 ? delimitedEdit(bytes) : undefined);
  if (!edit) return undefined;
  const text = edit.text === APPENDED ? APPENDED_BYTES : Buffer.from(edit.text);
  const out = Buffer.allocUnsafe(bytes.length - (edit.end - edit.start) + text.length);
  bytes.copy(out, 0, 0, edit.start);
  text.copy(out, edit.start);
  bytes.copy(out, edit.start + text.length, edit.end);
  return out;
}

function streamLastEdit(bytes: Buffer): Edit | undefined {
  const n = bytes.length;
  if (bytes[0] !== 0x7b || !bytesAt(bytes, n - STREAM_TRUE_LAST.length, STREAM_TRUE_LAST) || findBytes(bytes, STREAM_OPTIONS_KEY) !== -1)
    return undefined;
  return { start: n - 1, end: n - 1, text: APPENDED };
}

function delimitedEdit(bytes: Buffer): Edit | undefined {
  const members = topLevelMembers(bytes.toString('latin1'), STREAM_MEMBERS);
  return members && includeUsageEdit(members, (span) => bytes.toString('utf8', span.start, span.end), bytes.lastIndexOf(0x7d));
}

/**
 * @param valueText the text of a member's value
 * @param close where the object's closing brace is (the text is an object, so its last `}` closes it)
 */
function includeUsageEdit(
  members: ReadonlyMap<string, ValueSpan>,
  valueText: (span: ValueSpan) => string,
  close: number,
): Edit | undefined {
  const stream = members.get('stream');
  if (!stream || valueText(stream) !== 'true') return undefined;
  const options = members.get('stream_options');
  // No `stream_options` key to duplicate: append one.
  if (!options) return { start: close, end: close, text: APPENDED };
  let value: unknown;
  try {
    value = JSON.parse(valueText(options));
  } catch {
    return undefined;
  }
  if (isObject(value) && value.include_usage === true) return undefined;
  return { start: options.start, end: options.end, text: JSON.stringify({ ...(isObject(value) ? value : {}), include_usage: true }) };
}
