// The six template variables every dashboard shares (app, feature, user, org, provider, model): ClickHouse queries,
// multi-value with "All", refreshed when the time range changes.
import { DATASOURCE } from './datasource.js';
import type { QueryVariable } from './grafana-types.js';
import { DIMENSIONS, EVENTS, variableFilter, type VariableName } from './sql.js';

// Option lists read the table without FINAL: a replayed span repeats values that are already in the list, so
// DISTINCT (and max) give the same answer either way, and the lists stay cheap at any size.
const inRange = 'WHERE $__timeFilter(timestamp)';

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

export const VARIABLES: QueryVariable[] = [
  variable('app', 'App', 'OTel service.name of the app that made the call', distinct('app'), 1),
  variable('feature', 'Feature', "costtrace.feature; calls without one are 'untagged'", distinct('feature', variableFilter('app')), 1),
  variable(
    'user',
    'User',
    'End user (costtrace.user_id); the 1,000 most recently active in the range, newest first; type to pick another',
    [
      `SELECT ${DIMENSIONS.user} AS user FROM ${EVENTS}`,
      inRange,
      `  AND ${variableFilter('app')}`,
      `  AND ${variableFilter('org')}`,
      'GROUP BY user',
      'ORDER BY max(timestamp) DESC',
      'LIMIT 1000',
    ].join('\n'),
    0,
  ),
  variable('org', 'Org', 'Customer organisation (costtrace.org_id)', distinct('org', variableFilter('app')), 1),
  variable('provider', 'Provider', 'GenAI semconv provider id (openai, anthropic, gcp.gemini, …)', distinct('provider'), 1),
  variable('model', 'Model', 'Model that served the call', distinct('model', variableFilter('provider')), 1),
];
