// Price rules one at a time: a prices document (file or /v1/prices body) split into single rules, each shown and
// stored in prices-file form (snake_case keys, ISO dates), and joined back into the PriceRules a pricer takes.
import { createHash } from 'node:crypto';
import {
  validatePriceRules,
  type ModelAlias,
  type OrgMarkup,
  type PriceOverride,
  type PriceRules,
  type UnitPrice,
} from '@costtrace/pricing';

/** One rule with its kind, named as in a prices file's sections. */
export type TypedRule =
  | { kind: 'override'; rule: PriceOverride }
  | { kind: 'markup'; rule: OrgMarkup }
  | { kind: 'unit_price'; rule: UnitPrice }
  | { kind: 'alias'; rule: ModelAlias };

export type RuleKind = TypedRule['kind'];

/** A rule as a prices file writes it: `{ provider, model, prices, effective_from: '2026-01-01T00:00:00.000Z', ... }`. */
export type RuleBody = Record<string, unknown>;

/** A rule and where it sits in the document it came from (`overrides[2]`), for error messages. */
export type LocatedRule = TypedRule & { at: string };

/** Document section and PriceRules field of each kind. */
const SECTIONS = {
  override: { section: 'overrides', field: 'overrides' },
  markup: { section: 'markups', field: 'markups' },
  unit_price: { section: 'unit_prices', field: 'unitPrices' },
  alias: { section: 'aliases', field: 'aliases' },
} as const satisfies Record<RuleKind, { section: string; field: keyof PriceRules }>;

const KINDS = Object.keys(SECTIONS) as RuleKind[];
const SNAKE: Record<string, string> = {
  serviceTier: 'service_tier',
  effectiveFrom: 'effective_from',
  effectiveTo: 'effective_to',
  toProvider: 'to_provider',
};

export function isRuleKind(kind: string): kind is RuleKind {
  return kind in SECTIONS;
}

/** Splits validated rules into single rules, in document order within each section. */
export function splitRules(rules: PriceRules): LocatedRule[] {
  return KINDS.flatMap((kind) => {
    const { section, field } = SECTIONS[kind];
    return (rules[field] as TypedRule['rule'][]).map((rule, i) => ({ kind, rule, at: `${section}[${i}]` }) as LocatedRule);
  });
}

/** Joins single rules into the PriceRules a pricer takes, keeping their order. */
export function joinRules(list: readonly TypedRule[]): PriceRules {
  const rules: PriceRules = { overrides: [], markups: [], unitPrices: [], aliases: [] };
  for (const r of list) (rules[SECTIONS[r.kind].field] as TypedRule['rule'][]).push(r.rule);
  return rules;
}

/**
 * Validates a whole prices document (a parsed file or a POST body) and splits it.
 * @throws Error naming the entry and field, e.g. `overrides[0].prices.input_mtok: expected a non-negative decimal, got "x"`.
 */
export function parseRulesDocument(document: unknown): LocatedRule[] {
  return splitRules(validatePriceRules(document));
}

/** Validates one stored rule body of a kind back into a typed rule (the same checks as a prices file). */
export function parseRuleBody(kind: RuleKind, body: RuleBody): TypedRule {
  const [rule] = splitRules(validatePriceRules({ [SECTIONS[kind].section]: [body] }));
  if (!rule) throw new Error(`${kind}: empty rule`);
  return { kind: rule.kind, rule: rule.rule } as TypedRule;
}

/** A rule in prices-file form: the shape GET /v1/prices shows and POST takes. Dates become ISO timestamps. */
export function ruleBody(rule: TypedRule['rule']): RuleBody {
  const body: RuleBody = {};
  for (const [key, value] of Object.entries(rule)) {
    if (value === undefined) continue;
    body[SNAKE[key] ?? key] = key === 'effectiveFrom' || key === 'effectiveTo' ? new Date(value as number).toISOString() : value;
  }
  return body;
}

/** A stable id for a rule's content, so POSTing the same rule twice names the same rule. */
export function ruleId(kind: RuleKind, body: RuleBody): string {
  return createHash('sha256')
    .update(JSON.stringify([kind, body]))
    .digest('hex')
    .slice(0, 12);
}

/** `openai/gpt-4o`, `org acme`, `firecrawl credits`: what a rule is about, for messages. */
export function ruleLabel(r: TypedRule): string {
  switch (r.kind) {
    case 'override':
      return `${r.rule.provider}/${r.rule.model}`;
    case 'markup':
      return `org ${r.rule.org}`;
    case 'unit_price':
      return `${r.rule.provider} ${r.rule.unit}`;
    case 'alias':
      return `${r.rule.provider ? `${r.rule.provider}/` : ''}${r.rule.model} → ${r.rule.to}`;
  }
}
