// The per-user and per-org rollups (collector/src/store/user-rollups.ts, migration 5) and how panels read them: the
// calls a rollup covers come from it, every other call in the range from `cost_events FINAL`, one row per call.
import { boundaryOf, conditions, FROM_EVENTS, inRange, VARIABLE_NAMES, variableFilter, type VariableName } from './sql.js';

export interface UserRollup {
  table: string;
  /** Prefix of the WITH names of this rollup's window, so that one query can read several rollups. */
  name: string;
  /** 'days': a row per UTC day (today's up to the boundary); 'blocks': rows per block of 2^level days. */
  layout: 'days' | 'blocks';
  /** Variables its rows can be filtered by; while any other one is set, panels read something else. */
  variables: VariableName[];
}

export const USER_DAYS: UserRollup = {
  table: 'costtrace.cost_user_days',
  name: 'user_days',
  layout: 'days',
  variables: ['feature', 'user', 'org'],
};
export const USER_BLOCKS: UserRollup = {
  table: 'costtrace.cost_user_blocks',
  name: 'user_blocks',
  layout: 'blocks',
  variables: ['user', 'org'],
};
export const ORG_BLOCKS: UserRollup = {
  table: 'costtrace.cost_org_blocks',
  name: 'org_blocks',
  layout: 'blocks',
  variables: ['feature', 'org'],
};

/** BLOCK_LEVELS of collector/src/store/user-rollups.ts (a test checks they agree). */
export const BLOCK_LEVELS = 8;

/** True (a constant, once Grafana has expanded the variables) while every variable `rollup` cannot filter by is All. */
export function usable(rollup: UserRollup): string {
  const others = VARIABLE_NAMES.filter((name) => !rollup.variables.includes(name));
  return others.map((name) => `$__conditionalAll(0, $${name})`).join(' AND ');
}

const day = (time: string) => `toDateTime(intDiv(toUInt32(${time}), 86400) * 86400, 'UTC')`;

/**
 * WITH items naming what `rollup` covers of the range: `<name>_from`, the range's first whole UTC day, to `<name>_to`,
 * the boundary its last refresh stored (or, for a range that ends before it, the range's last midnight). Both are
 * whole days or the boundary, so the rollup's rows are either inside [from, to) or outside it.
 */
export function window(rollup: UserRollup): string[] {
  const n = rollup.name;
  const items = [
    `${day('$__fromTime + 86399')} AS ${n}_from`,
    `${boundaryOf(rollup.table)} AS ${n}_boundary`,
    `greatest(${n}_from, if($__toTime >= ${n}_boundary, ${n}_boundary, ${day('$__toTime')})) AS ${n}_to`,
  ];
  if (rollup.layout === 'days') return items;
  // The day holding a range start that is not a midnight, when the rollup covers it: its block bounds that partial
  // day's calls from above (see user-bounds.ts).
  return [...items, `${day('$__fromTime')} AS ${n}_first_day`, `${n}_first_day < ${n}_from AND ${n}_from < ${n}_to AS ${n}_first_day_used`];
}

/**
 * The blocks that tile [from, to) exactly, as (level, start) pairs: every block inside the window whose parent (the
 * block of the next level holding it) is not. A block that holds the boundary covers only the days before it (the
 * view clips it), so the window's last blocks may end at the boundary rather than at a midnight. At most two blocks
 * per level: a 30-day range is 3–5 blocks.
 */
export function tiling(rollup: UserRollup): string {
  const [lo, hi, b] = ['from', 'to', 'boundary'].map((part) => `toUInt32(${rollup.name}_${part})`);
  const end = (start: string, size: string) => `least(${start} + ${size}, ${b})`;
  const parent = 'intDiv(s, 2 * size) * 2 * size';
  return [
    `SELECT level, toDateTime(s, 'UTC') AS start`,
    `FROM (`,
    `  SELECT arrayJoin(range(${BLOCK_LEVELS})) AS level, 86400 * bitShiftLeft(toUInt32(1), level) AS size,`,
    `    arrayJoin(range(intDiv(${lo} + size - 1, size), intDiv(${hi} + size - 1, size))) * size AS s`,
    `)`,
    `WHERE ${end('s', 'size')} <= ${hi}`,
    `  AND NOT (level < ${BLOCK_LEVELS - 1} AND ${parent} >= ${lo} AND ${end(parent, '2 * size')} <= ${hi})`,
  ].join('\n');
}

/** The rollup's rows inside its window: its tiling, or with `daily` every day of it (level 0 of a block rollup). */
export function inWindow(rollup: UserRollup, daily = false): string {
  const n = rollup.name;
  if (rollup.layout === 'days') return `day >= ${n}_from AND day < ${n}_to`;
  if (daily) return `level = 0 AND start >= ${n}_from AND start < ${n}_to`;
  return `(level, start) IN (\n${indent(tiling(rollup))}\n)`;
}

export const indent = (sql: string) => `  ${sql.replaceAll('\n', '\n  ')}`;

/** A column of the rows a panel reads: its expression over the rollup's rows, and over one raw call. */
export type Columns = Record<string, readonly [rollup: string, raw: string]>;

const select = (columns: Columns, side: 0 | 1) =>
  Object.entries(columns)
    .map(([name, exprs]) => (exprs[side] === name ? name : `${exprs[side]} AS ${name}`))
    .join(', ');

export interface RowOptions {
  /** Conditions on columns both sides have (such as user_id): they narrow the rollup's rows and the raw calls. */
  both?: string[];
  /** Conditions on the rollup's rows alone. */
  rollup?: string[];
  /** Conditions on the rollup's rows to test before reading its other columns (cheap ones that reject most rows). */
  prewhere?: string[];
  /** The condition under which anything is read at all (default: the rollup's variables suffice). */
  only?: string;
  /** Read a block rollup's days (level 0) instead of its tiling, for series by day. */
  daily?: boolean;
}

/**
 * The range and variables as `columns`: the rollup's rows inside its window, then every call of the range outside
 * it from `cost_events FINAL`, one row per call.
 */
export function rows(rollup: UserRollup, columns: Columns, options: RowOptions = {}): string {
  return [rollupRows(rollup, columns, options), 'UNION ALL', rawRows(rollup, columns, options)].join('\n');
}

/** The rollup's side of rows(). */
export function rollupRows(rollup: UserRollup, columns: Columns, options: RowOptions = {}): string {
  const { both = [], only = usable(rollup) } = options;
  return [
    `SELECT ${select(columns, 0)}`,
    `FROM ${rollup.table}`,
    ...(options.prewhere ? [conditions('PREWHERE', options.prewhere)] : []),
    conditions('WHERE', [
      inWindow(rollup, options.daily),
      ...rollup.variables.map(variableFilter),
      only,
      ...(options.rollup ?? []),
      ...both,
    ]),
  ].join('\n');
}

/** The raw side of rows(): each call in the range outside the rollup's window, once (FINAL). */
export function rawRows(rollup: UserRollup, columns: Columns, options: RowOptions = {}): string {
  const n = rollup.name;
  const { both = [], only = usable(rollup) } = options;
  return [
    `SELECT ${select(columns, 1)}`,
    `FROM ${FROM_EVENTS}`,
    inRange(`NOT (timestamp >= ${n}_from AND timestamp < ${n}_to)`, ...both),
    conditions('WHERE', [...VARIABLE_NAMES.map(variableFilter), only]),
  ].join('\n');
}
