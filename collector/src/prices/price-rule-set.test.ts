import { expect, test } from 'vitest';
import { admitRules, fileEntries, PriceRuleError, settleRules, storedEntry, toView } from './price-rule-set.js';
import { parseRulesDocument, ruleId } from './rule-documents.js';

const file = fileEntries(
  parseRulesDocument({
    overrides: [{ provider: 'openai', model: 'gpt-4o', effective_to: '2026-01-01', prices: { input_mtok: '2' } }],
    markups: [{ org: 'acme', percent: 10 }],
  }),
);
const NOW = '2026-11-22T00:00:00.000Z';

function refusal(document: unknown, entries = file): PriceRuleError {
  try {
    admitRules(document, entries, NOW);
  } catch (error) {
    return error as PriceRuleError;
  }
  throw new Error('admitted');
}

test('a new rule is admitted with a content id; the same rule again is reported unchanged', () => {
  const document = { overrides: [{ provider: 'openai', model: 'gpt-4o', effective_from: '2026-01-01', prices: { input_mtok: '1.5' } }] };
  const { added, unchanged } = admitRules(document, file, NOW);
  expect(added.map(toView)).toEqual([
    {
      id: ruleId('override', added[0]!.body),
      kind: 'override',
      source: 'api',
      createdAt: NOW,
      readOnly: false,
      rule: { provider: 'openai', model: 'gpt-4o', effective_from: '2026-01-01T00:00:00.000Z', prices: { input_mtok: '1.5' } },
    },
  ]);
  expect(admitRules(document, [...file, ...added], NOW)).toEqual({ added: [], unchanged: added });
});

test('an invalid document is a 400 naming the field; a competing rule is a 409 naming its rival and the way out', () => {
  expect(refusal({ markups: [{ org: 'acme', percent: 'x' }] })).toMatchObject({
    status: 400,
    message: expect.stringMatching(/^markups\[0\]\.percent/),
  });
  expect(refusal({})).toMatchObject({ status: 400, message: expect.stringMatching(/^no rules/) });
  expect(refusal({ markups: [{ org: 'acme', percent: 5, effective_from: '2026-06-01' }] })).toMatchObject({
    status: 409,
    message:
      'markups[0] (org acme): competes with rule file:markups[0] (same org in effect at the same time); set effective_from/effective_to outside its window or remove it from the prices file',
  });
  // Within one document, the second of two competing markups is refused too.
  expect(
    refusal({
      markups: [
        { org: 'globex', percent: 5 },
        { org: 'globex', percent: 6 },
      ],
    }).message,
  ).toMatch(/^markups\[1\] \(org globex\): competes with rule [0-9a-f]{12} /);
});

test('settling keeps file rules first and sets aside a stored rule that competes with one, saying why', () => {
  const stored = [
    storedEntry({ id: 'aaa', kind: 'markup', body: { org: 'acme', percent: '15' }, createdAt: NOW }),
    storedEntry({ id: 'bbb', kind: 'markup', body: { org: 'globex', percent: '15' }, createdAt: NOW }),
    storedEntry({ id: 'ccc', kind: 'markup', body: { org: 'initech', percent: 'lots' }, createdAt: NOW }),
  ];
  const ignored: string[] = [];
  const inForce = settleRules([...file, ...stored], (e) => ignored.push(e.id));
  expect(inForce.map((r) => r.kind)).toEqual(['override', 'markup', 'markup']);
  expect(ignored).toEqual(['aaa']);
  expect(stored.map((e) => e.ignored)).toEqual([
    'competes with rule file:markups[0] (same org in effect at the same time)',
    undefined,
    expect.stringMatching(/^no longer valid: markups\[0\]\.percent/),
  ]);
  // Settling again reports nothing new.
  settleRules([...file, ...stored], (e) => ignored.push(e.id));
  expect(ignored).toEqual(['aaa']);
});
