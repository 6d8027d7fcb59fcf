// The six template variables every dashboard shares (app, feature, user, org, provider, model): ClickHouse queries,
// multi-value with "All", refreshed when the time range changes.
import { DATASOURCE } from './datasource.js';
import type { QueryVariable } from './grafana-types.js';
import { HOURLY } from './rollups.js';
import { boundaryOf, COLUMNS, conditions, DIMENSIONS, EVENTS, inRange, variableFilter, type VariableName } from './sql.js';
import { inWindow, ORG_BLOCKS, window } from './user-rollups.js';

// Option lists read the table without FINAL: a replayed span repeats values that are already in the list, so
// DISTINCT (and max) give the same answer either way, and the lists stay cheap at any size.
const IN_RANGE = 'WHERE $__timeFilter(timestamp)';
const RECENT_USERS = 1000;

function variable(name: VariableName, label: string, description: string, rawSql: string, sort: 0 | 1): QueryVariable {
  return {
    type: 'query',
    name,
    label,
    description,
    datasource: DATASOURCE,
    query: { refId: `costtrace-${name}`, queryType: 'sql', editorType: 'sql', rawSql },
    definition: rawSql,
    refresh: 2,
    multi: true,
    includeAll: true,
    current: { selected: true, text: ['All'], value: ['$__all'] },
    options: [],
    sort,
    hide: 0,
    skipUrlSync: false,
  };
}

/**
 * The values of `name` with a call in the range (under `filters`): whole hours from the hourly rollup, the rest of
 * the range (its partial first hour, and everything since the rollup's boundary) from the table.
 */
function listed(name: VariableName, ...filters: string[]): string {
  const column = COLUMNS[name];
  const hour = (time: string) => `toDateTime(intDiv(toUInt32(${time}), 3600) * 3600, 'UTC')`;
  return [
    `WITH ${hour('$__fromTime + 3599')} AS hours_from,`,
    `  least(${hour('$__toTime')}, ${boundaryOf(HOURLY.table)}) AS hours_to`,
    `SELECT ${DIMENSIONS[name]} AS ${name}`,
    'FROM (',
    `  SELECT DISTINCT ${column}`,
    '  FROM (',
    `    SELECT ${column} FROM ${HOURLY.table}`,
    `    ${conditions('WHERE', ['hour >= hours_from AND hour < hours_to', ...filters])}`,
    '    UNION ALL',
    `    SELECT ${column} FROM ${EVENTS}`,
    `    ${inRange('NOT (timestamp >= hours_from AND timestamp < hours_to)', ...filters)}`,
    '  )',
    ')',
    `ORDER BY ${name}`,
  ].join('\n');
}

/**
 * The orgs with a call in the range: the per-org block rollup for the blocks tiling the range, the table for the
 * rest. The rollup has no app: while an app is selected, the whole range is read from the table.
 */
function orgs(): string {
  const appAll = '$__conditionalAll(0, $app)';
  const n = ORG_BLOCKS.name;
  return [
    `WITH ${window(ORG_BLOCKS).join(',\n  ')}`,
    `SELECT ${DIMENSIONS.org} AS org`,
    'FROM (',
    '  SELECT DISTINCT org_id',
    '  FROM (',
    `    SELECT org_id FROM ${ORG_BLOCKS.table}`,
    `    ${conditions('WHERE', [inWindow(ORG_BLOCKS).replaceAll('\n', '\n    '), appAll])}`,
    '    UNION ALL',
    `    SELECT org_id FROM ${EVENTS}`,
    `    ${inRange(`NOT (${appAll} AND timestamp >= ${n}_from AND timestamp < ${n}_to)`, variableFilter('app'))}`,
    '  )',
    ')',
    'ORDER BY org',
  ].join('\n');
}

/**
 * The 1,000 users most recently active in the range. When the range's last day alone holds 1,000 users, they are the
 * answer (any user seen only earlier is less recent than all of them), so only that day is read; the count is one
 * scalar, known before the main query's partitions are pruned. uniq is exact below 65,536 values but for 32-bit
 * hash collisions, which can only undercount and so only fall back to the whole range.
 */
function recentUsers(): string {
  const filters = [`  AND ${variableFilter('app')}`, `  AND ${variableFilter('org')}`];
  const lastDay = 'timestamp >= $__toTime - INTERVAL 1 DAY';
  return [
    `WITH (SELECT uniq(user_id) >= ${RECENT_USERS} FROM ${EVENTS} ${IN_RANGE} AND ${lastDay}`,
    ...filters.map((f) => `  ${f}`),
    ') AS last_day_is_enough',
    `SELECT ${DIMENSIONS.user} AS user FROM ${EVENTS}`,
    IN_RANGE,
    ...filters,
    `  AND timestamp >= if(last_day_is_enough, $__toTime - INTERVAL 1 DAY, $__fromTime)`,
    'GROUP BY user',
    'ORDER BY max(timestamp) DESC',
    `LIMIT ${RECENT_USERS}`,
  ].join('\n');
}

export const VARIABLES: QueryVariable[] = [
  variable('app', 'App', 'OTel service.name of the app that made the call', listed('app'), 1),
  variable('feature', 'Feature', "costtrace.feature; calls without one are 'untagged'", listed('feature', variableFilter('app')), 1),
  variable(
    'user',
    'User',
    'End user (costtrace.user_id); the 1,000 most recently active in the range, newest first; type to pick another',
    recentUsers(),
    0,
  ),
  variable('org', 'Org', 'Customer organisation (costtrace.org_id)', orgs(), 1),
  variable('provider', 'Provider', 'GenAI semconv provider id (openai, anthropic, gcp.gemini, …)', listed('provider'), 1),
  variable('model', 'Model', 'Model that served the call', listed('model', variableFilter('provider')), 1),
];
