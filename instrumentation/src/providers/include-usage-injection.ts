// The one request change costtrace makes: on OpenAI-style chat completions that stream without usage, ask for
// `stream_options.include_usage` so the provider sends one extra usage-only chunk (which the filter removes again).
import { isObject, type JsonObject } from './json-path.js';

/**
 * The rewritten body, or undefined when nothing must change (not streaming, or the app already asked for usage).
 * Every byte the app wrote is kept: the option is appended before the closing brace, or, when the app sent
 * `stream_options` without `include_usage: true`, that object gains or replaces the key (re-serialised).
 * @example injectIncludeUsage('{"model":"gpt-4o","stream":true}', { model: 'gpt-4o', stream: true })
 *   // → '{"model":"gpt-4o","stream":true,"stream_options":{"include_usage":true}}'
 */
export function injectIncludeUsage(bodyText: string, body: JsonObject): string | undefined {
  if (body.stream !== true) return undefined;
  const options = body.stream_options;
  if (isObject(options) && options.include_usage === true) return undefined;
  if (options === undefined) {
    // The text parsed as an object, so its last `}` closes it, and without the key parsed it holds no duplicate.
    const close = bodyText.lastIndexOf('}');
    if (close > 0) return `${bodyText.slice(0, close)},"stream_options":{"include_usage":true}${bodyText.slice(close)}`;
  }
  const replaced: JsonObject = { ...body, stream_options: { ...(isObject(options) ? options : {}), include_usage: true } };
  return JSON.stringify(replaced);
}
