// The slice of Grafana's dashboard JSON model (schemaVersion 41) that costtrace dashboards emit, typed so the
// builder cannot produce a panel without a datasource, a grid position or a query.

/** Reference to a datasource by plugin type and provisioned uid. */
export interface DatasourceRef {
  type: string;
  uid: string;
}

/**
 * One query of a panel, in the shape the grafana-clickhouse-datasource plugin stores (`CHSqlQuery`).
 * `format` is sqlds' FormatQueryOption: 0 = time series (long frames become wide), 1 = table.
 */
export interface ClickHouseTarget {
  refId: string;
  datasource: DatasourceRef;
  editorType: 'sql';
  rawSql: string;
  format: 0 | 1;
}

export interface GridPos {
  h: number;
  w: number;
  x: number;
  y: number;
}

export interface DataLink {
  title: string;
  url: string;
}

export interface FieldOverride {
  matcher: { id: 'byName'; options: string };
  properties: { id: string; value: unknown }[];
}

export interface FieldConfig {
  defaults: Record<string, unknown>;
  overrides: FieldOverride[];
}

export interface Panel {
  id: number;
  type: 'timeseries' | 'table' | 'stat' | 'bargauge';
  title: string;
  description: string;
  gridPos: GridPos;
  datasource: DatasourceRef;
  targets: ClickHouseTarget[];
  fieldConfig: FieldConfig;
  options: Record<string, unknown>;
  /** Minimum query interval, e.g. '1h': caps the number of buckets `$__timeInterval` produces. */
  interval?: string;
}

/** The ClickHouse plugin's variable query model (`CHVariableQuery`); older plugin versions read `rawSql` too. */
export interface VariableQuery {
  refId: string;
  queryType: 'sql';
  editorType: 'sql';
  rawSql: string;
}

export interface QueryVariable {
  type: 'query';
  name: string;
  label: string;
  description: string;
  datasource: DatasourceRef;
  query: VariableQuery;
  definition: string;
  /** 2 = refresh when the time range changes. */
  refresh: 2;
  multi: true;
  includeAll: true;
  current: { selected: boolean; text: string[]; value: string[] };
  options: [];
  /** 1 = alphabetical ascending; 0 = keep the query's order. */
  sort: 0 | 1;
  hide: 0;
  skipUrlSync: false;
}

export interface DashboardLink {
  type: 'link';
  title: string;
  url: string;
  tooltip: string;
  icon: 'dashboard';
  tags: string[];
  asDropdown: false;
  includeVars: true;
  keepTime: true;
  targetBlank: false;
}

export interface Dashboard {
  /** Marker for humans and the freshness test: this file is generated. */
  __generated: string;
  uid: string;
  title: string;
  description: string;
  tags: string[];
  timezone: 'utc';
  editable: boolean;
  graphTooltip: 1;
  schemaVersion: number;
  version: number;
  refresh: string;
  time: { from: string; to: string };
  timepicker: Record<string, never>;
  fiscalYearStartMonth: 0;
  liveNow: false;
  weekStart: '';
  annotations: { list: [] };
  links: DashboardLink[];
  templating: { list: QueryVariable[] };
  panels: Panel[];
}
