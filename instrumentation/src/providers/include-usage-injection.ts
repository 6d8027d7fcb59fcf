// The one request change costtrace makes: on OpenAI-style chat completions that stream without usage, ask for
// `stream_options.include_usage` so the provider sends one extra usage-only chunk (which the filter removes again).
import { isObject } from './json-path.js';
import type { ValueSpan } from './json-top-level.js';

/**
 * The rewritten body, or undefined when nothing must change (not streaming, or the app already asked for usage).
 * Every byte the app wrote is kept: the option is appended before the closing brace, or, when the app sent
 * `stream_options` without `include_usage: true`, that one member's value gains or replaces the key.
 * @param members the top-level `stream` and `stream_options` value spans (see topLevelMembers)
 * @example injectIncludeUsage('{"model":"gpt-4o","stream":true}', topLevelMembers(text, ['stream', 'stream_options']))
 *   // → '{"model":"gpt-4o","stream":true,"stream_options":{"include_usage":true}}'
 */
export function injectIncludeUsage(bodyText: string, members: ReadonlyMap<string, ValueSpan>): string | undefined {
  const stream = members.get('stream');
  if (!stream || bodyText.slice(stream.start, stream.end) !== 'true') return undefined;
  const options = members.get('stream_options');
  if (!options) {
    // The text is an object, so its last `}` closes it, and it has no `stream_options` key to duplicate.
    const close = bodyText.lastIndexOf('}');
    return `${bodyText.slice(0, close)},"stream_options":{"include_usage":true}${bodyText.slice(close)}`;
  }
  let value: unknown;
  try {
    value = JSON.parse(bodyText.slice(options.start, options.end));
  } catch {
    return undefined;
  }
  if (isObject(value) && value.include_usage === true) return undefined;
  const replaced = JSON.stringify({ ...(isObject(value) ? value : {}), include_usage: true });
  return `${bodyText.slice(0, options.start)}${replaced}${bodyText.slice(options.end)}`;
}
