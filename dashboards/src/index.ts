// @costtrace/dashboards: the Grafana dashboards as data (built from TypeScript), and the SQL expansion the tests and
// the benchmark use to run each panel the way Grafana's ClickHouse datasource would.
export { buildDashboards, renderDashboards, GENERATED_DIR } from './generate.js';
export { expandQuery, variableReferences, intervalMs, ALL } from './expand.js';
export type { QueryContext, VariableValues } from './expand.js';
export { DATASOURCE, DATASOURCE_TYPE, DATASOURCE_UID, DASHBOARD_TAG, SCHEMA_VERSION } from './datasource.js';
export { PAGES } from './navigation.js';
export type { PageKey } from './navigation.js';
export { READ_SETTINGS } from './sql.js';
export { GENERATED_MARKER } from './builder.js';
export type { Dashboard, Panel, QueryVariable, ClickHouseTarget } from './grafana-types.js';
