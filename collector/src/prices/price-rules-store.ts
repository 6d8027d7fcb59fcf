// Rules set through /v1/prices, kept in ClickHouse (costtrace.price_rules) so they survive restarts. A rule is
// never updated in place: adding writes a row, deleting writes a newer row of the same id marked deleted.
import { PRICE_RULES } from '../store/schema.js';
import { queryRows, type Store } from '../store/store.js';
import { isRuleKind, type RuleBody, type RuleKind } from './rule-documents.js';

/** A rule as stored: its prices-file form and when it was added. */
export interface StoredRule {
  id: string;
  kind: RuleKind;
  body: RuleBody;
  /** ISO timestamp. */
  createdAt: string;
}

interface RuleRow {
  id: string;
  kind: string;
  body: string;
  created_at: string;
}

/** ClickHouse UNKNOWN_TABLE and UNKNOWN_DATABASE: a database no `serve` has migrated yet has no API rules. */
const NOT_MIGRATED = new Set(['60', '81']);

export class PriceRulesStore {
  #lastVersion = 0;

  constructor(private readonly store: Store) {}

  /** The rules in force, oldest first; rows whose kind this version does not know are left out. */
  async list(): Promise<StoredRule[]> {
    let rows: RuleRow[];
    try {
      rows = await queryRows<RuleRow>(
        this.store,
        `SELECT id, kind, body, toString(created_at) AS created_at FROM ${PRICE_RULES} FINAL WHERE deleted = 0 ORDER BY created_at, id`,
      );
    } catch (error) {
      if (NOT_MIGRATED.has(String((error as { code?: unknown }).code))) return [];
      throw error;
    }
    return rows.flatMap((row) =>
      isRuleKind(row.kind)
        ? [{ id: row.id, kind: row.kind, body: JSON.parse(row.body) as RuleBody, createdAt: `${row.created_at.replace(' ', 'T')}Z` }]
        : [],
    );
  }

  async add(rules: readonly StoredRule[]): Promise<void> {
    await this.write(rules.map((r) => ({ ...r, deleted: 0 })));
  }

  async remove(rule: StoredRule): Promise<void> {
    await this.write([{ ...rule, deleted: 1 }]);
  }

  private async write(rules: Array<StoredRule & { deleted: number }>): Promise<void> {
    const values = rules.map((r) => ({
      id: r.id,
      kind: r.kind,
      body: JSON.stringify(r.body),
      created_at: r.createdAt.replace('T', ' ').replace('Z', ''),
      deleted: r.deleted,
      version: this.nextVersion(),
    }));
    await this.store.ingest.insert({ table: PRICE_RULES, values, format: 'JSONEachRow' });
  }

  // Microseconds, strictly increasing within this process, so a delete right after an add always replaces it.
  private nextVersion(): number {
    this.#lastVersion = Math.max(Date.now() * 1000, this.#lastVersion + 1);
    return this.#lastVersion;
  }
}
