// When two rules from different places (the prices file, API calls) would both apply to the same calls at the same
// time, the price would depend on which was loaded first. Such pairs are refused instead of silently ordered.
import type { Effective } from '@costtrace/pricing';
import type { TypedRule } from './rule-documents.js';

/** What a rule applies to; two rules with the same scope compete for the same calls. */
function scopeOf(r: TypedRule): string {
  switch (r.kind) {
    case 'override':
      return JSON.stringify([r.kind, r.rule.provider, r.rule.model.toLowerCase(), r.rule.app, r.rule.org, r.rule.serviceTier]);
    case 'markup':
      return JSON.stringify([r.kind, r.rule.org]);
    case 'unit_price':
      return JSON.stringify([r.kind, r.rule.provider, r.rule.unit, r.rule.model]);
    case 'alias':
      return JSON.stringify([r.kind, r.rule.provider, r.rule.model.toLowerCase()]);
  }
}

function windowOf(r: TypedRule): [number, number] {
  const w: Effective = r.kind === 'alias' ? {} : r.rule;
  return [w.effectiveFrom ?? -Infinity, w.effectiveTo ?? Infinity];
}

/** True when both rules apply to the same calls at some instant: same scope and overlapping effective windows. */
export function rulesCompete(a: TypedRule, b: TypedRule): boolean {
  if (a.kind !== b.kind || scopeOf(a) !== scopeOf(b)) return false;
  const [fromA, toA] = windowOf(a);
  const [fromB, toB] = windowOf(b);
  return fromA < toB && fromB < toA;
}

/** What to tell an operator about a competing pair. */
export function competitionHint(r: TypedRule): string {
  switch (r.kind) {
    case 'override':
      return 'same provider, model, app, org and service tier in effect at the same time';
    case 'markup':
      return 'same org in effect at the same time';
    case 'unit_price':
      return 'same provider, unit and model in effect at the same time';
    case 'alias':
      return 'same provider and model';
  }
}
