// The running collector's prices: the catalog (bundled, or refreshed from the operator's URL), the operator's prices
// file and the rules set through /v1/prices, merged into one Pricer. Any change builds a new Pricer and swaps it in
// whole, so one batch of spans is never priced by two rule sets.
import { bundledCatalog, createPricer, type Catalog, type Pricer } from '@costtrace/pricing';
import type { CollectorConfig } from '../config.js';
import type { Store } from '../store/store.js';
import { createCatalogRefresh, type CatalogRefresh, type CatalogRefreshStatus } from './catalog-refresh.js';
import { PriceRulesStore, type StoredRule } from './price-rules-store.js';
import { readPricesFile } from './prices-file.js';
import { competitionHint, rulesCompete } from './rule-conflicts.js';
import { joinRules, parseRuleBody, parseRulesDocument, ruleBody, ruleId, ruleLabel, type LocatedRule, type RuleBody, type RuleKind, type TypedRule } from './rule-documents.js';

/** One rule as GET /v1/prices lists it. */
export interface RuleView {
  /** `file:overrides[0]` for prices-file rules; a content id for API rules (DELETE /v1/prices/:id). */
  id: string;
  kind: RuleKind;
  source: 'file' | 'api';
  /** File rules change only by editing the file. */
  readOnly: boolean;
  createdAt?: string;
  /** Why the rule is not in force (it competes with an earlier rule, or no longer validates). */
  ignored?: string;
  rule: RuleBody;
}

export interface PricesView {
  /** The pricer version: catalog and rules together (`catalog@0.1.8+rules:1a2b3c4d`). */
  version: string;
  catalog: { version: string; refresh?: CatalogRefreshStatus };
  pricesFile?: string;
  rules: RuleView[];
}

/** A refused change, with the HTTP status that says why. */
export class PriceRuleError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'PriceRuleError';
  }
}

export interface PricerSource {
  /** The pricer to use now. Call it per batch; never keep the result. */
  current(): Pricer;
  view(): PricesView;
  /** Adds the rules of a prices document; rules already present are reported as unchanged. */
  add(document: unknown): Promise<{ version: string; added: RuleView[]; unchanged: RuleView[] }>;
  /** Removes an API rule. */
  remove(id: string): Promise<RuleView>;
  /** Re-reads the prices file (SIGHUP); on error keeps the rules it had and returns false. */
  reloadFile(): boolean;
  stop(): void;
}

export interface PricerSourceOptions {
  config: Pick<CollectorConfig, 'pricesFile' | 'catalogUrl' | 'catalogRefreshSeconds'>;
  store: Store;
  log: (line: string) => void;
  /** `background` for serve (never delays start-up); `once` for CLI commands (one attempt, then price). */
  catalogRefresh: 'background' | 'once';
}

interface Entry {
  id: string;
  kind: RuleKind;
  source: 'file' | 'api';
  body: RuleBody;
  /** Undefined when a stored body no longer validates. */
  typed?: TypedRule;
  createdAt?: string;
  ignored?: string;
}

/**
 * Loads the prices file (throwing, so that a bad file stops start-up) and the stored API rules, and starts the
 * catalog refresh when a URL is configured.
 */
export async function openPricerSource(options: PricerSourceOptions): Promise<PricerSource> {
  const { config, log } = options;
  const file = config.pricesFile ? fileEntries(readPricesFile(config.pricesFile)) : [];
  const rulesStore = new PriceRulesStore(options.store);
  const api = (await rulesStore.list()).map(storedEntry);
  const source = new MergedPricerSource(config.pricesFile, file, api, rulesStore, log);
  if (config.pricesFile) log(`prices file ${config.pricesFile}: ${file.length} rule(s)`);
  if (config.catalogUrl) {
    const refresh = createCatalogRefresh({ url: config.catalogUrl, everySeconds: config.catalogRefreshSeconds, onCatalog: (c) => source.setCatalog(c), log });
    source.refresh = refresh;
    if (options.catalogRefresh === 'once') await refresh.refreshNow();
    else refresh.start();
  }
  return source;
}

class MergedPricerSource implements PricerSource {
  refresh: CatalogRefresh | undefined;
  #catalog: Catalog = bundledCatalog();
  #pricer!: Pricer;
  // Changes run one at a time, so two concurrent POSTs cannot both pass the competition check.
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pricesFile: string | undefined,
    private file: Entry[],
    private api: Entry[],
    private readonly rulesStore: PriceRulesStore,
    private readonly log: (line: string) => void,
  ) {
    this.rebuild();
  }

  current = (): Pricer => this.#pricer;

  setCatalog(catalog: Catalog): void {
    this.#catalog = catalog;
    this.rebuild();
  }

  view(): PricesView {
    return {
      version: this.#pricer.version,
      catalog: { version: this.#catalog.version, ...(this.refresh ? { refresh: this.refresh.status() } : {}) },
      ...(this.pricesFile ? { pricesFile: this.pricesFile } : {}),
      rules: [...this.file, ...this.api].map(toView),
    };
  }

  add(document: unknown): ReturnType<PricerSource['add']> {
    return this.serially(async () => {
      let parsed: LocatedRule[];
      try {
        parsed = parseRulesDocument(document);
      } catch (error) {
        throw new PriceRuleError(400, (error as Error).message);
      }
      if (parsed.length === 0) throw new PriceRuleError(400, 'no rules: send {"overrides": [...], "markups": [...], "unit_prices": [...], "aliases": [...]}');
      const inForce = this.inForce();
      const added: Entry[] = [];
      const unchanged: Entry[] = [];
      const createdAt = new Date().toISOString();
      for (const r of parsed) {
        const body = ruleBody(r.rule);
        const id = ruleId(r.kind, body);
        const same = this.api.find((e) => e.id === id);
        if (same) {
          unchanged.push(same);
          continue;
        }
        const rival = [...inForce, ...added].find((e) => rulesCompete(e.typed!, r));
        if (rival) {
          const way = rival.source === 'file' ? `remove it from the prices file` : `DELETE /v1/prices/${rival.id} first`;
          throw new PriceRuleError(
            409,
            `${r.at} (${ruleLabel(r)}): competes with rule ${rival.id} (${competitionHint(r)}); set effective_from/effective_to outside its window or ${way}`,
          );
        }
        added.push({ id, kind: r.kind, source: 'api', body, typed: { kind: r.kind, rule: r.rule } as TypedRule, createdAt });
      }
      if (added.length > 0) {
        await this.rulesStore.add(added.map((e) => ({ id: e.id, kind: e.kind, body: e.body, createdAt })));
        this.api = [...this.api, ...added];
        this.rebuild();
        this.log(`prices: added ${added.map((e) => e.id).join(', ')} through the API; pricer ${this.#pricer.version}`);
      }
      return { version: this.#pricer.version, added: added.map(toView), unchanged: unchanged.map(toView) };
    });
  }

  remove(id: string): Promise<RuleView> {
    return this.serially(async () => {
      if (this.file.some((e) => e.id === id)) {
        throw new PriceRuleError(409, `rule ${id} comes from the prices file ${this.pricesFile}: edit the file, then send SIGHUP or restart`);
      }
      const entry = this.api.find((e) => e.id === id);
      if (!entry) throw new PriceRuleError(404, `no API price rule with id ${id}`);
      await this.rulesStore.remove({ id, kind: entry.kind, body: entry.body, createdAt: entry.createdAt! });
      this.api = this.api.filter((e) => e !== entry);
      this.rebuild();
      this.log(`prices: removed ${id} through the API; pricer ${this.#pricer.version}`);
      return toView(entry);
    });
  }

  reloadFile(): boolean {
    if (!this.pricesFile) return false;
    try {
      this.file = fileEntries(readPricesFile(this.pricesFile));
    } catch (error) {
      this.log(`${(error as Error).message}; keeping the rules loaded before`);
      return false;
    }
    this.rebuild();
    this.log(`prices file ${this.pricesFile} reloaded: ${this.file.length} rule(s); pricer ${this.#pricer.version}`);
    return true;
  }

  stop(): void {
    this.refresh?.stop();
  }

  private inForce(): Entry[] {
    return [...this.file, ...this.api].filter((e) => e.typed && !e.ignored);
  }

  // File rules first, then API rules oldest first; a rule that competes with one already in force is ignored (and
  // shown as such) rather than letting load order pick the price.
  private rebuild(): void {
    const inForce: Entry[] = [];
    for (const entry of [...this.file, ...this.api]) {
      if (!entry.typed) continue;
      const rival = inForce.find((e) => rulesCompete(e.typed!, entry.typed!));
      const reason = rival && `competes with rule ${rival.id} (${competitionHint(entry.typed)})`;
      if (reason && entry.ignored !== reason) this.log(`prices: rule ${entry.id} (${ruleLabel(entry.typed)}) is ignored: ${reason}`);
      entry.ignored = reason;
      if (!rival) inForce.push(entry);
    }
    this.#pricer = createPricer({ catalog: this.#catalog, ...joinRules(inForce.map((e) => e.typed!)) });
  }

  private serially<T>(change: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(change);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

function fileEntries(rules: LocatedRule[]): Entry[] {
  return rules.map((r) => ({ id: `file:${r.at}`, kind: r.kind, source: 'file', body: ruleBody(r.rule), typed: { kind: r.kind, rule: r.rule } as TypedRule }));
}

// A stored rule that no longer validates (a newer version checks more) stays listed, marked, instead of stopping start-up.
function storedEntry(stored: StoredRule): Entry {
  const entry: Entry = { id: stored.id, kind: stored.kind, source: 'api', body: stored.body, createdAt: stored.createdAt };
  try {
    entry.typed = parseRuleBody(stored.kind, stored.body);
  } catch (error) {
    entry.ignored = `no longer valid: ${(error as Error).message}`;
  }
  return entry;
}

function toView(e: Entry): RuleView {
  return {
    id: e.id,
    kind: e.kind,
    source: e.source,
    readOnly: e.source === 'file',
    ...(e.createdAt ? { createdAt: e.createdAt } : {}),
    ...(e.ignored ? { ignored: e.ignored } : {}),
    rule: e.body,
  };
}
