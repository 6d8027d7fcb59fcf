// The rule set behind the running pricer, as pure functions: rules from the prices file and the API, which of them
// are in force (a rule that competes with an earlier one is set aside, visibly), and which rules of a new document
// can be added.
import { competitionHint, rulesCompete } from './rule-conflicts.js';
import {
  parseRuleBody,
  parseRulesDocument,
  ruleBody,
  ruleId,
  ruleLabel,
  type LocatedRule,
  type RuleBody,
  type RuleKind,
  type TypedRule,
} from './rule-documents.js';
import type { StoredRule } from './price-rules-store.js';

/** One rule and where it came from. */
export interface RuleEntry {
  /** `file:overrides[0]` for prices-file rules; a content id for API rules (DELETE /v1/prices/:id). */
  id: string;
  kind: RuleKind;
  source: 'file' | 'api';
  body: RuleBody;
  /** Undefined when a stored body no longer validates. */
  typed?: TypedRule;
  /** ISO timestamp, for API rules. */
  createdAt?: string;
  /** Why the rule is not in force (it competes with an earlier rule, or no longer validates). */
  ignored?: string;
}

/** One rule as GET /v1/prices lists it. */
export interface RuleView extends Omit<RuleEntry, 'typed' | 'body'> {
  /** File rules change only by editing the file. */
  readOnly: boolean;
  /** The rule in prices-file form. */
  rule: RuleBody;
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

export function fileEntries(rules: LocatedRule[]): RuleEntry[] {
  return rules.map((r) => ({ id: `file:${r.at}`, kind: r.kind, source: 'file', body: ruleBody(r.rule), typed: typed(r) }));
}

// A stored rule that no longer validates (a newer version checks more) stays listed, marked, instead of stopping start-up.
export function storedEntry(stored: StoredRule): RuleEntry {
  const entry: RuleEntry = { id: stored.id, kind: stored.kind, source: 'api', body: stored.body, createdAt: stored.createdAt };
  try {
    entry.typed = parseRuleBody(stored.kind, stored.body);
  } catch (error) {
    entry.ignored = `no longer valid: ${(error as Error).message}`;
  }
  return entry;
}

/**
 * Decides which entries are in force, in order (file rules first, then API rules oldest first): an entry that
 * competes with one already in force is marked ignored rather than letting load order pick the price.
 * @returns the rules in force; `onIgnored` hears of each entry newly set aside.
 */
export function settleRules(entries: readonly RuleEntry[], onIgnored: (entry: RuleEntry) => void): TypedRule[] {
  const inForce: RuleEntry[] = [];
  for (const entry of entries) {
    if (!entry.typed) continue;
    const rival = inForce.find((e) => rulesCompete(e.typed!, entry.typed!));
    const reason = rival && `competes with rule ${rival.id} (${competitionHint(entry.typed)})`;
    const newly = reason !== undefined && entry.ignored !== reason;
    entry.ignored = reason;
    if (newly) onIgnored(entry);
    if (!rival) inForce.push(entry);
  }
  return inForce.map((e) => e.typed!);
}

/**
 * Checks a prices document against the entries in force.
 * @returns the entries to add and the existing API entries the document repeats.
 * @throws PriceRuleError 400 for an invalid document (naming the entry and field), 409 for a competing rule.
 */
export function admitRules(
  document: unknown,
  entries: readonly RuleEntry[],
  createdAt: string,
): { added: RuleEntry[]; unchanged: RuleEntry[] } {
  let parsed: LocatedRule[];
  try {
    parsed = parseRulesDocument(document);
  } catch (error) {
    throw new PriceRuleError(400, (error as Error).message);
  }
  if (parsed.length === 0)
    throw new PriceRuleError(400, 'no rules: send {"overrides": [...], "markups": [...], "unit_prices": [...], "aliases": [...]}');
  const inForce = entries.filter((e) => e.typed && !e.ignored);
  const added: RuleEntry[] = [];
  const unchanged: RuleEntry[] = [];
  for (const r of parsed) {
    const body = ruleBody(r.rule);
    const id = ruleId(r.kind, body);
    const same = entries.find((e) => e.id === id);
    if (same) {
      unchanged.push(same);
      continue;
    }
    const rival = [...inForce, ...added].find((e) => rulesCompete(e.typed!, r));
    if (rival) {
      const way = rival.source === 'file' ? 'remove it from the prices file' : `DELETE /v1/prices/${rival.id} first`;
      throw new PriceRuleError(
        409,
        `${r.at} (${ruleLabel(r)}): competes with rule ${rival.id} (${competitionHint(r)}); set effective_from/effective_to outside its window or ${way}`,
      );
    }
    added.push({ id, kind: r.kind, source: 'api', body, typed: typed(r), createdAt });
  }
  return { added, unchanged };
}

export function toView({ typed: _typed, body, ...entry }: RuleEntry): RuleView {
  return { ...entry, readOnly: entry.source === 'file', rule: body };
}

function typed(r: LocatedRule): TypedRule {
  return { kind: r.kind, rule: r.rule } as TypedRule;
}
