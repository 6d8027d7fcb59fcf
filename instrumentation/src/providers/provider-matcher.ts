// The one place URLs are matched to providers: exact hosts and `*` host patterns of the catalog, and mapped base
// URLs (scheme + host + port + path prefix). Never a substring test: `queue.fal.run` is not `fal.run`.
// A request to any other host costs two or three Map lookups.
import type { ProviderBase, ProviderEntry } from './catalog-types.js';
import { parseBaseUrl, type ProviderUrlMapping } from './provider-url-mapping.js';

/** A request located below one provider base. */
export interface BaseMatch {
  provider: string;
  base: ProviderBase;
  /** The request path below the base path ('' or starting with '/'), still percent-encoded. */
  relativePath: string;
}

interface Candidate {
  provider: string;
  base: ProviderBase;
  path: string;
  /** For wildcard hosts only. */
  host?: RegExp;
}

export class ProviderMatcher {
  /** Mapped bases by `protocol//host[:port]`, longest path first. */
  private readonly mapped = new Map<string, Candidate[]>();
  /** Catalog bases by exact hostname. */
  private readonly exact = new Map<string, Candidate[]>();
  /** Catalog bases with wildcard hosts, by their last two labels (`azure.com`). */
  private readonly wildcard = new Map<string, Candidate[]>();

  /** @throws Error naming an unknown provider id or a malformed URL in the mapping */
  constructor(catalog: readonly ProviderEntry[], mapping: ProviderUrlMapping = {}) {
    for (const entry of catalog) {
      for (const base of entry.bases) {
        for (const url of base.urls) this.addCatalogUrl(entry.id, base, url);
      }
    }
    for (const [key, urls] of Object.entries(mapping)) {
      const [id = '', variant] = key.split(':');
      const entry = catalog.find((e) => e.id === id);
      const base = entry?.bases.find((b) => b.variant === variant);
      if (!entry || !base)
        throw new Error(`costtrace providers: unknown provider "${key}" (known: ${catalog.map((e) => e.id).join(', ')})`);
      for (const url of urls) {
        const parsed = parseBaseUrl(url);
        if (!parsed) throw new Error(`costtrace providers: bad base URL "${url}" for "${key}"`);
        add(this.mapped, `${parsed.protocol}//${parsed.host}`, { provider: id, base, path: parsed.path });
      }
    }
    for (const list of this.mapped.values()) list.sort((a, b) => b.path.length - a.path.length);
  }

  /** Whether any base lives at this URL's scheme and host: requests anywhere else can never be provider calls. */
  knowsOrigin(url: URL): boolean {
    if (this.mapped.has(`${url.protocol}//${url.host}`) || this.exact.has(url.hostname)) return true;
    return this.wildcard.get(lastLabels(url.hostname))?.some((candidate) => candidate.host?.test(url.hostname)) ?? false;
  }

  match(url: URL): BaseMatch | undefined {
    const mapped = this.mapped.get(`${url.protocol}//${url.host}`);
    const fromMapping = mapped && firstBelow(mapped, url);
    if (fromMapping) return fromMapping;
    const exact = this.exact.get(url.hostname);
    const fromExact = exact && firstBelow(exact, url);
    if (fromExact) return fromExact;
    const wildcard = this.wildcard.get(lastLabels(url.hostname));
    return wildcard && firstBelow(wildcard, url);
  }

  private addCatalogUrl(provider: string, base: ProviderBase, url: string): void {
    const match = /^https?:\/\/([^/]+)(\/.*)?$/.exec(url);
    if (!match) throw new Error(`costtrace providers: bad catalog URL "${url}"`);
    const host = match[1]!.toLowerCase();
    const candidate: Candidate = { provider, base, path: (match[2] ?? '').replace(/\/+$/, '') };
    if (!host.includes('*')) {
      add(this.exact, host, candidate);
      return;
    }
    // `*.x.com` spans one or more labels; `*` inside a label (`*-aiplatform`) spans part of one.
    const source = host
      .split('.')
      .map((label, i) =>
        i === 0 && label === '*' ? '(?:[a-z0-9-]+\\.)*[a-z0-9-]+' : label.split('*').map(escapeRegExp).join('[a-z0-9-]+'),
      )
      .join('\\.');
    add(this.wildcard, lastLabels(host), { ...candidate, host: new RegExp(`^${source}$`) });
  }
}

function firstBelow(candidates: readonly Candidate[], url: URL): BaseMatch | undefined {
  for (const candidate of candidates) {
    if (candidate.host && !candidate.host.test(url.hostname)) continue;
    const relativePath = below(url.pathname, candidate.path);
    if (relativePath !== undefined) return { provider: candidate.provider, base: candidate.base, relativePath };
  }
  return undefined;
}

/** The path below `prefix` when `pathname` is the prefix or a path inside it (segment-aware: `/v1x` is not below `/v1`). */
function below(pathname: string, prefix: string): string | undefined {
  if (prefix === '') return pathname === '/' ? '' : pathname;
  if (pathname === prefix || pathname === `${prefix}/`) return '';
  return pathname.startsWith(`${prefix}/`) ? pathname.slice(prefix.length) : undefined;
}

function lastLabels(hostname: string): string {
  const labels = hostname.split('.');
  return labels.slice(-2).join('.');
}

function add(map: Map<string, Candidate[]>, key: string, candidate: Candidate): void {
  const list = map.get(key);
  if (list) list.push(candidate);
  else map.set(key, [candidate]);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
