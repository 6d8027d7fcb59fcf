// What a pricer is built from, in a form that can be posted to a processing thread: a compiled Catalog holds
// functions, which do not cross threads, so the catalog travels as the text it was loaded from.
import { bundledCatalog, createPricer, loadCatalog, type Catalog, type Pricer, type PriceRules } from '@costtrace/pricing';

export interface PricerRecipe {
  /** genai-prices data the catalog was loaded from; undefined for the bundled catalog. */
  catalogText: string | undefined;
  rules: PriceRules;
}

/**
 * Builds pricers from recipes, compiling each catalog text once (a recipe whose rules changed reuses the catalog).
 * The same recipe always yields the same prices and the same version, in any thread.
 */
export class PricerBuilder {
  private catalogText: string | undefined;
  private catalog: Catalog = bundledCatalog();

  /** Takes a catalog already compiled from `text` (the catalog refresh validates by compiling), so that building a
   * recipe with that text does not compile it again. */
  adopt(text: string, catalog: Catalog): void {
    this.catalogText = text;
    this.catalog = catalog;
  }

  build(recipe: PricerRecipe): Pricer {
    if (recipe.catalogText !== this.catalogText) {
      this.catalog = recipe.catalogText === undefined ? bundledCatalog() : loadCatalog(recipe.catalogText);
      this.catalogText = recipe.catalogText;
    }
    return createPricer({ catalog: this.catalog, ...recipe.rules });
  }
}
