// The running collector's prices: the catalog (bundled, or refreshed from the operator's URL), the operator's prices
// file and the rules set through /v1/prices, merged into one Pricer. Any change builds a new Pricer and swaps it in
// whole, so one batch of spans is never priced by two rule sets.
import type { Catalog, Pricer } from '@costtrace/pricing';
import type { CollectorConfig } from '../config.js';
import type { Store } from '../store/store.js';
import { createCatalogRefresh, type CatalogRefresh, type CatalogRefreshStatus } from './catalog-refresh.js';
import { PriceRulesStore } from './price-rules-store.js';
import { readPricesFile } from './prices-file.js';
import {
  admitRules,
  fileEntries,
  PriceRuleError,
  settleRules,
  storedEntry,
  toView,
  type RuleEntry,
  type RuleView,
} from './price-rule-set.js';
import { joinRules, ruleLabel } from './rule-documents.js';
import { PricerBuilder, type PricerRecipe } from './pricer-recipe.js';

export { PriceRuleError, type RuleView };

export interface PricesView {
  /** The pricer version: catalog and rules together (`catalog@0.1.8+rules:1a2b3c4d`). */
  version: string;
  catalog: { version: string; refresh?: CatalogRefreshStatus };
  pricesFile?: string;
  rules: RuleView[];
}

export interface PricerSource {
  /** The pricer to use now. Call it per batch; never keep the result. */
  current(): Pricer;
  /** What the current pricer is built from, for processing threads to build the same one. */
  recipe(): PricerRecipe;
  /** Calls `listener` with the new recipe each time the pricer changes. */
  onChange(listener: (recipe: PricerRecipe) => void): void;
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
    const refresh = createCatalogRefresh({
      url: config.catalogUrl,
      everySeconds: config.catalogRefreshSeconds,
      onCatalog: (catalog, text) => source.setCatalog(catalog, text),
      log,
    });
    source.refresh = refresh;
    if (options.catalogRefresh === 'once') await refresh.refreshNow();
    else refresh.start();
  }
  return source;
}

class MergedPricerSource implements PricerSource {
  refresh: CatalogRefresh | undefined;
  #catalogText: string | undefined;
  readonly #builder = new PricerBuilder();
  #recipe!: PricerRecipe;
  #pricer!: Pricer;
  readonly #listeners: ((recipe: PricerRecipe) => void)[] = [];
  // Changes run one at a time, so two concurrent POSTs cannot both pass the competition check.
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pricesFile: string | undefined,
    private file: RuleEntry[],
    private api: RuleEntry[],
    private readonly rulesStore: PriceRulesStore,
    private readonly log: (line: string) => void,
  ) {
    this.rebuild();
  }

  current = (): Pricer => this.#pricer;

  recipe(): PricerRecipe {
    return this.#recipe;
  }

  onChange(listener: (recipe: PricerRecipe) => void): void {
    this.#listeners.push(listener);
  }

  setCatalog(catalog: Catalog, text: string): void {
    this.#catalogText = text;
    this.#builder.adopt(text, catalog);
    this.rebuild();
  }

  view(): PricesView {
    return {
      version: this.#pricer.version,
      catalog: { version: this.#pricer.catalog.version, ...(this.refresh ? { refresh: this.refresh.status() } : {}) },
      ...(this.pricesFile ? { pricesFile: this.pricesFile } : {}),
      rules: [...this.file, ...this.api].map(toView),
    };
  }

  add(document: unknown): ReturnType<PricerSource['add']> {
    return this.serially(async () => {
      const createdAt = new Date().toISOString();
      const { added, unchanged } = admitRules(document, [...this.file, ...this.api], createdAt);
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
        throw new PriceRuleError(
          409,
          `rule ${id} comes from the prices file ${this.pricesFile}: edit the file, then send SIGHUP or restart`,
        );
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

  private rebuild(): void {
    const inForce = settleRules([...this.file, ...this.api], (e) =>
      this.log(`prices: rule ${e.id} (${ruleLabel(e.typed!)}) is ignored: ${e.ignored}`),
    );
    this.#recipe = { catalogText: this.#catalogText, rules: joinRules(inForce) };
    this.#pricer = this.#builder.build(this.#recipe);
    for (const listener of this.#listeners) listener(this.#recipe);
  }

  private serially<T>(change: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(change);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
