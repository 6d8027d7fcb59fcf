// Provider base-URL mapping for gateways, Azure, OpenAI-compatible servers (vLLM, Ollama, LiteLLM) and tests:
// `COSTTRACE_PROVIDER_URLS="openai=http://127.0.0.1:9001/v1,anthropic=http://127.0.0.1:9002"`.

/** Base URLs by provider id; a base matches requests below it (scheme, host, port and path prefix) and reuses that
 * provider's routes. `id:variant` names a provider's other base (`fal:queue` for queue.fal.run). */
export interface ProviderUrlMapping {
  [providerId: string]: string[];
}

const PROVIDER_KEY = /^[a-z0-9_.-]+(?::[a-z0-9_-]+)?$/;

/**
 * Parses the `COSTTRACE_PROVIDER_URLS` syntax: comma-separated `provider=url` entries; a provider may repeat.
 * @throws Error naming the first malformed entry (no `=`, a bad provider id, or not an http(s) URL)
 * @example parseProviderUrlsEnv('openai=http://127.0.0.1:9001/v1, openai=https://gw.example/v1')
 *   // → { openai: ['http://127.0.0.1:9001/v1', 'https://gw.example/v1'] }
 */
export function parseProviderUrlsEnv(value: string | undefined): ProviderUrlMapping {
  const mapping: ProviderUrlMapping = {};
  for (const entry of (value ?? '').split(',')) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    const id = eq > 0 ? trimmed.slice(0, eq).trim() : '';
    const url = eq > 0 ? trimmed.slice(eq + 1).trim() : '';
    if (!PROVIDER_KEY.test(id) || parseBaseUrl(url) === undefined) {
      throw new Error(`COSTTRACE_PROVIDER_URLS: bad entry "${trimmed}": expected provider=http(s)://host[:port][/path]`);
    }
    (mapping[id] ??= []).push(url);
  }
  return mapping;
}

/** A mapped base URL split for matching. */
export interface BaseUrl {
  /** `http:` or `https:` */
  protocol: string;
  /** Host with a non-default port (`127.0.0.1:9001`), lowercase. */
  host: string;
  /** Path prefix without a trailing slash (`/v1`, or '' for the root). */
  path: string;
}

/** The parts of an http(s) base URL, or undefined when it is not one (or carries a query or fragment). */
export function parseBaseUrl(text: string): BaseUrl | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '' || url.username !== '')
    return undefined;
  return { protocol: url.protocol, host: url.host, path: url.pathname.replace(/\/+$/, '') };
}
