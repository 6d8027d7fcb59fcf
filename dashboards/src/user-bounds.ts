// Upper and lower bounds of what each user (or org) spent over a range, read cheaply from the block rollups, so that
// panels ranking users read in detail only those that can rank: the rest provably rank lower.
import { conditions, EVENTS, FROM_EVENTS, inRange, VARIABLE_NAMES, variableFilter } from './sql.js';
import { indent, inWindow, USER_BLOCKS, usable, type UserRollup } from './user-rollups.js';

/** How many ranks of each block a bound reads: RANKS_READ of collector/src/store/user-rollups.ts (a test checks). */
export const RANKS_READ = 1000;

/** A ranked amount of the per-user block rollup: the rank column, its floor column, and the amount on each side. */
export interface RankedAmount {
  rank: 'spend_rank' | 'bound_rank';
  floor: 'spend_floor' | 'bound_floor';
  /** Per row of the rollup, and per raw call. */
  amount: readonly [rollup: string, raw: string];
}

export const SPEND: RankedAmount = { rank: 'spend_rank', floor: 'spend_floor', amount: ['spend_usd', 'cost_usd'] };
export const FEATURE_SPEND_BOUND: RankedAmount = { rank: 'bound_rank', floor: 'bound_floor', amount: ['feature_spend_bound', 'cost_usd'] };

/**
 * A subquery of one row, (users, lows, highs, floor), that bounds each user's amount (a sum of non-negative amounts)
 * over the range, reading only the first RANKS_READ ranks of each block the range needs from the per-user block
 * rollup (the blocks tiling the window, and the block of the range's partial first day):
 * - floor, the sum over those blocks of each block's RANKS_READ-th user's amount, bounds every user ranked lower in
 *   all of them;
 * - lows, for each user ranked in those blocks, sums their amounts in the tiling blocks where they rank (the rest of
 *   the range only adds to it);
 * - highs replace, in floor, each block's floor amount by the user's own where they rank, and add their raw calls'
 *   amounts after the window (read without FINAL: a replay counted twice only loosens an upper bound).
 * Users ranked nowhere and without raw calls are not listed: their amount is at most floor. NULL (unknown) amounts
 * count as 0. The variables filter the users and calls bounded, never the floors. `only` guards every read.
 * Panels reduce it to a few users inside one scalar subquery: ClickHouse copies a scalar's value into every place
 * that names it, and these arrays hold thousands of users.
 */
export function rankedBounds(ranked: RankedAmount, only: string): string {
  const r = USER_BLOCKS;
  const n = r.name;
  const filters = r.variables.map(variableFilter).join(' AND ');
  const amount = `ifNull(${ranked.amount[0]}, 0)`;
  const rankedRows = [
    `SELECT user_id,`,
    `  if(${filters}, if(level = 0 AND start = ${n}_first_day, 0, ${amount}), 0) AS low,`,
    `  if(${filters}, ${amount} - if(first_of_user, ${ranked.floor}, 0), 0) AS excess,`,
    `  if(${ranked.rank} = 1 AND first_of_user, ${ranked.floor}, 0) AS floor`,
    `FROM ${r.table}`,
    conditions('WHERE', [
      `(${inWindow(r)}\n  OR ${n}_first_day_used AND level = 0 AND start = ${n}_first_day)`,
      `${ranked.rank} <= ${RANKS_READ}`,
      only,
    ]),
  ].join('\n');
  const rawRows = [
    `SELECT user_id, 0, ifNull(${ranked.amount[1]}, 0), 0`,
    `FROM ${EVENTS} AS ${BOUND_ONLY}`,
    inRange(`NOT (timestamp >= if(${n}_first_day_used, ${n}_first_day, ${n}_from) AND timestamp < ${n}_to)`),
    conditions('WHERE', [...VARIABLE_NAMES.map(variableFilter), only]),
  ].join('\n');
  return [
    'SELECT users, lows, arrayMap(excess -> excess + floor, excesses) AS highs, floor',
    'FROM (SELECT groupArray(user_id) AS users, groupArray(low) AS lows, groupArray(excess) AS excesses, sum(floor) AS floor',
    ' FROM (SELECT user_id, sum(low) AS low, sum(excess) AS excess, sum(floor) AS floor FROM (',
    indent(indent([rankedRows, 'UNION ALL', rawRows].join('\n'))),
    ' ) GROUP BY user_id))',
  ].join('\n');
}

/**
 * A WITH item `<name>`: (users, everyone), the users that may be among the `top` with the highest amount (`top`
 * users have at least the top-th highest low bound, so anyone whose high bound is below it ranks after them), and
 * whether that rules nobody out (the floor reaches it: fewer than `top` users have a positive low bound).
 */
export function topCandidates(name: string, ranked: RankedAmount, top: number, only: string): string {
  const least = `arrayElement(arrayReverseSort(lows), ${top})`;
  return [
    `(SELECT (arrayFilter((k, high) -> high >= ${least}, users, highs), floor >= ${least}) FROM (`,
    indent(rankedBounds(ranked, only)),
    `)) AS ${name}`,
  ].join('\n');
}

/**
 * The alias of the one kind of cost_events read without FINAL: calls summed only as an upper bound of what some users
 * spent, to rule users out. A span stored twice is then counted twice, which only loosens the bound.
 */
export const BOUND_ONLY = 'bound_only';

/**
 * Rows `key, low, high` that bound each key's `score` (a sum of non-negative amounts, such as spend) over the range
 * from below and above, read from a block rollup without touching the range's first partial day raw: `low` sums
 * the blocks tiling the window (exact, and raw calls only add to it); `high` adds the whole first day's block (which
 * holds the partial first day) and every raw call after the window. NULL (unknown) amounts count as 0.
 */
function boundRows(rollup: UserRollup, key: string, score: readonly [rollup: string, raw: string], only = usable(rollup)): string {
  const n = rollup.name;
  const first = `level = 0 AND start = ${n}_first_day`;
  return [
    `SELECT ${key}, if(${first}, 0, ifNull(${score[0]}, 0)) AS low, ifNull(${score[0]}, 0) AS high`,
    `FROM ${rollup.table}`,
    conditions('WHERE', [`(${inWindow(rollup)}\n    OR ${n}_first_day_used AND ${first})`, ...rollup.variables.map(variableFilter), only]),
    'UNION ALL',
    `SELECT ${key}, 0, ifNull(${score[1]}, 0)`,
    `FROM ${FROM_EVENTS}`,
    inRange(`NOT (timestamp >= if(${n}_first_day_used, ${n}_first_day, ${n}_from) AND timestamp < ${n}_to)`),
    conditions('WHERE', [...VARIABLE_NAMES.map(variableFilter), only]),
  ].join('\n');
}

/**
 * A scalar: the keys that may be among the `n` highest by score, as an array. Whatever a key's exact score, it is
 * at least its low and at most its high bound; `n` keys score at least the n-th highest low bound, so a key whose
 * high bound is below that ranks after them. Every other key is a candidate (all of them while fewer than `n`
 * keys have a positive low bound, so ties and unknown amounts are never cut).
 */
export function candidates(rollup: UserRollup, key: string, score: readonly [string, string], n: number, only = usable(rollup)): string {
  return [
    `(SELECT arrayFilter((k, high) -> high >= arrayElement(arrayReverseSort(lows), ${n}), keys, highs)`,
    ` FROM (SELECT groupArray(k) AS keys, groupArray(high) AS highs, groupArray(low) AS lows`,
    `  FROM (SELECT ${key} AS k, sum(low) AS low, sum(high) AS high FROM (`,
    indent(indent(indent(boundRows(rollup, key, score, only)))),
    `  ) GROUP BY k)))`,
  ].join('\n');
}
