import { expect, test } from 'vitest';
import { parseRuleBody, parseRulesDocument, ruleBody, ruleId } from './rule-documents.js';
import { rulesCompete } from './rule-conflicts.js';

const document = {
  overrides: [
    {
      provider: 'openai',
      model: 'gpt-4o',
      org: 'acme',
      service_tier: 'batch',
      effective_from: '2026-01-01',
      effective_to: '2026-07-01',
      prices: { input_mtok: '2.00', output_mtok: 8 },
    },
  ],
  markups: [{ org: 'acme', percent: -10 }],
  unit_prices: [{ provider: 'firecrawl', unit: 'credits', usd: '0.00083', per: 1 }],
  aliases: [{ provider: 'azure.ai.openai', model: 'prod-gpt4o', to: 'gpt-4o', to_provider: 'openai' }],
};

test('a document splits into located rules whose prices-file form validates back to the same rule', () => {
  const rules = parseRulesDocument(document);
  expect(rules.map((r) => [r.kind, r.at])).toEqual([
    ['override', 'overrides[0]'],
    ['markup', 'markups[0]'],
    ['unit_price', 'unit_prices[0]'],
    ['alias', 'aliases[0]'],
  ]);
  const override = rules[0]!;
  const body = ruleBody(override.rule);
  expect(body).toEqual({
    provider: 'openai',
    model: 'gpt-4o',
    org: 'acme',
    service_tier: 'batch',
    effective_from: '2026-01-01T00:00:00.000Z',
    effective_to: '2026-07-01T00:00:00.000Z',
    prices: { input_mtok: '2.00', output_mtok: '8' },
  });
  for (const r of rules) expect(parseRuleBody(r.kind, ruleBody(r.rule))).toEqual({ kind: r.kind, rule: r.rule });
});

test('a rule id depends on the content only', () => {
  const [a] = parseRulesDocument({ markups: [{ org: 'acme', percent: '20' }] });
  const [b] = parseRulesDocument({ markups: [{ org: 'acme', percent: 20 }] });
  const [c] = parseRulesDocument({ markups: [{ org: 'acme', percent: 25 }] });
  expect(ruleId('markup', ruleBody(a!.rule))).toBe(ruleId('markup', ruleBody(b!.rule)));
  expect(ruleId('markup', ruleBody(a!.rule))).not.toBe(ruleId('markup', ruleBody(c!.rule)));
});

test('validation errors name the entry and field', () => {
  expect(() => parseRulesDocument({ overrides: [{ provider: 'openai', model: 'x', prices: { input_mtok: 'abc' } }] })).toThrow(
    'overrides[0].prices.input_mtok: expected a non-negative decimal, got "abc"',
  );
  expect(() => parseRuleBody('alias', { model: 'a', to: 'b', colour: 'red' })).toThrow(/aliases\[0\]\.colour: unknown field/);
});

test('rules compete only with the same scope and overlapping windows', () => {
  const override = (extra: Record<string, unknown>) =>
    parseRulesDocument({ overrides: [{ provider: 'openai', model: 'GPT-4o', prices: { input_mtok: '1' }, ...extra }] })[0]!;
  const open = override({});
  expect(rulesCompete(open, override({ model: 'gpt-4o' }))).toBe(true);
  expect(rulesCompete(open, override({ org: 'acme' }))).toBe(false);
  expect(rulesCompete(override({ effective_to: '2026-01-01' }), override({ effective_from: '2026-01-01' }))).toBe(false);
  expect(rulesCompete(override({ effective_to: '2026-01-02' }), override({ effective_from: '2026-01-01' }))).toBe(true);
  const [markup] = parseRulesDocument({ markups: [{ org: 'acme', percent: 5 }] });
  const [alias] = parseRulesDocument({ aliases: [{ model: 'gpt-4o', to: 'gpt-4o-mini' }] });
  const [sameAlias] = parseRulesDocument({ aliases: [{ model: 'GPT-4o', to: 'gpt-4.1' }] });
  expect(rulesCompete(open, markup!)).toBe(false);
  expect(rulesCompete(alias!, sameAlias!)).toBe(true);
});
