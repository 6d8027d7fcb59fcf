// The six template variables every dashboard shares (app, feature, user, org, provider, model): ClickHouse queries,
// multi-value with "All", refreshed when the time range changes.
import { DATASOURCE } from './datasource.js';
import type { QueryVariable } from './grafana-types.js';
import { DIMENSIONS, EVENTS, variableFilter, type VariableName } from './sql.js';

// Option lists read the table without FINAL: a replayed span repeats values that are already in the list, so
// DISTINCT (and max) give the same answer either way, and the lists stay cheap at any size.
const inRange = 'WHERE $__timeFilter(timestamp)';
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

function distinct(name: VariableName, ...filters: string[]): string {
  return [
    `SELECT DISTINCT ${DIMENSIONS[name]} AS ${name} FROM ${EVENTS}`,
    inRange,
    ...filters.map((f) => `  AND ${f}`),
    `ORDER BY ${name}`,
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
    `WITH (SELECT uniq(user_id) >= ${RECENT_USERS} FROM ${EVENTS} ${inRange} AND ${lastDay}`,
    ...filters.map((f) => `  ${f}`),
    ') AS last_day_is_enough',
    `SELECT ${DIMENSIONS.user} AS user FROM ${EVENTS}`,
    inRange,
    ...filters,
    `  AND timestamp >= if(last_day_is_enough, $__toTime - INTERVAL 1 DAY, $__fromTime)`,
    'GROUP BY user',
    'ORDER BY max(timestamp) DESC',
    `LIMIT ${RECENT_USERS}`,
  ].join('\n');
}

export const VARIABLES: QueryVariable[] = [
  variable('app', 'App', 'OTel service.name of the app that made the call', distinct('app'), 1),
  variable('feature', 'Feature', "costtrace.feature; calls without one are 'untagged'", distinct('feature', variableFilter('app')), 1),
  variable(
    'user',
    'User',
    'End user (costtrace.user_id); the 1,000 most recently active in the range, newest first; type to pick another',
    recentUsers(),
    0,
  ),
  variable('org', 'Org', 'Customer organisation (costtrace.org_id)', distinct('org', variableFilter('app')), 1),
  variable('provider', 'Provider', 'GenAI semconv provider id (openai, anthropic, gcp.gemini, …)', distinct('provider'), 1),
  variable('model', 'Model', 'Model that served the call', distinct('model', variableFilter('provider')), 1),
];
