// A small typed builder for Grafana dashboards whose panels query ClickHouse with raw SQL: panel kinds with sensible
// defaults, and a dashboard() that numbers panels and lays them out row by row on Grafana's 24-column grid.
import { DASHBOARD_TAG, DATASOURCE, SCHEMA_VERSION } from './datasource.js';
import type { Dashboard, DashboardLink, DataLink, FieldOverride, Panel, QueryVariable } from './grafana-types.js';

/** A panel before it has an id and a place on the grid. */
export type PanelDraft = Omit<Panel, 'id' | 'gridPos'> & { size: { w: number; h: number } };

interface PanelSpec {
  title: string;
  /** Shown in the panel's (i) tooltip: say what is counted and how. */
  description: string;
  sql: string;
  /** Grid columns out of 24. */
  width: number;
  /** Grid rows (30 px each). @default 8 */
  height?: number;
}

/** Per-column display options of a table (or per-field options of a stat or time series). */
export interface ColumnSpec {
  displayName?: string;
  unit?: string;
  decimals?: number;
  /** Cell link, usually a drill-down into another dashboard. */
  link?: DataLink;
}

function draft(spec: PanelSpec, type: Panel['type'], format: 0 | 1, rest: Pick<Panel, 'fieldConfig' | 'options'>): PanelDraft {
  return {
    type,
    title: spec.title,
    description: spec.description,
    datasource: DATASOURCE,
    targets: [{ refId: 'A', datasource: DATASOURCE, editorType: 'sql', rawSql: spec.sql, format }],
    ...rest,
    size: { w: spec.width, h: spec.height ?? 8 },
  };
}

function overrides(columns: Record<string, ColumnSpec> = {}): FieldOverride[] {
  return Object.entries(columns).map(([name, column]) => {
    const properties: FieldOverride['properties'] = [];
    if (column.displayName !== undefined) properties.push({ id: 'displayName', value: column.displayName });
    if (column.unit !== undefined) properties.push({ id: 'unit', value: column.unit });
    if (column.decimals !== undefined) properties.push({ id: 'decimals', value: column.decimals });
    if (column.link !== undefined) properties.push({ id: 'links', value: [column.link] });
    return { matcher: { id: 'byName', options: name }, properties };
  });
}

/**
 * A time series from a long-format query (`time, <series label>, <value>` ordered by time): the plugin turns it
 * wide, one series per label.
 */
export function timeseries(
  spec: PanelSpec & {
    unit: string;
    /** The label column that splits the series; each series is then named by its value alone. */
    splitBy?: string;
    stacked?: boolean;
    bars?: boolean;
    interval?: string;
    columns?: Record<string, ColumnSpec>;
  },
): PanelDraft {
  const panel = draft(spec, 'timeseries', 0, {
    fieldConfig: {
      defaults: {
        unit: spec.unit,
        ...(spec.splitBy === undefined ? {} : { displayName: `\${__field.labels.${spec.splitBy}}` }),
        custom: {
          drawStyle: spec.bars ? 'bars' : 'line',
          fillOpacity: spec.bars ? 80 : 10,
          lineWidth: 1,
          showPoints: 'never',
          spanNulls: false,
          stacking: { mode: spec.stacked ? 'normal' : 'none', group: 'A' },
        },
      },
      overrides: overrides(spec.columns),
    },
    options: {
      legend: { displayMode: 'table', placement: 'right', showLegend: true, calcs: ['sum'] },
      tooltip: { mode: 'multi', sort: 'desc' },
    },
  });
  return spec.interval === undefined ? panel : { ...panel, interval: spec.interval };
}

/** A table of rows as the query returns them (the query orders and limits). */
export function table(spec: PanelSpec & { columns?: Record<string, ColumnSpec> }): PanelDraft {
  return draft(spec, 'table', 1, {
    fieldConfig: { defaults: { custom: { align: 'auto', cellOptions: { type: 'auto' } } }, overrides: overrides(spec.columns) },
    options: { showHeader: true, cellHeight: 'sm', footer: { show: false, reducer: ['sum'], countRows: false } },
  });
}

/** One or more big numbers from a one-row query; each column becomes one value. */
export function stat(spec: PanelSpec & { unit: string; columns?: Record<string, ColumnSpec>; warnAbove?: number }): PanelDraft {
  const steps: { color: string; value: number | null }[] = [{ color: 'green', value: null }];
  if (spec.warnAbove !== undefined) steps.push({ color: 'orange', value: spec.warnAbove });
  return draft({ height: 4, ...spec }, 'stat', 1, {
    fieldConfig: {
      defaults: { unit: spec.unit, noValue: '–', thresholds: { mode: 'absolute', steps } },
      overrides: overrides(spec.columns),
    },
    options: {
      reduceOptions: { values: false, calcs: ['lastNotNull'], fields: '' },
      colorMode: spec.warnAbove === undefined ? 'none' : 'value',
      graphMode: 'none',
      textMode: 'value_and_name',
      justifyMode: 'auto',
      orientation: 'auto',
    },
  });
}

/** Horizontal bars, one per row: the row's text column names the bar, `field` gives its length. */
export function bargauge(spec: PanelSpec & { unit: string; field: string; decimals: number }): PanelDraft {
  return draft(spec, 'bargauge', 1, {
    fieldConfig: { defaults: { unit: spec.unit, decimals: spec.decimals, min: 0 }, overrides: [] },
    options: {
      reduceOptions: { values: true, calcs: [], fields: `/^${spec.field}$/` },
      orientation: 'horizontal',
      displayMode: 'basic',
      valueMode: 'color',
      showUnfilled: true,
      namePlacement: 'left',
    },
  });
}

/** Numbers the panels and places each row of drafts below the previous one, left to right. */
function layout(rows: PanelDraft[][]): Panel[] {
  const panels: Panel[] = [];
  let y = 0;
  for (const row of rows) {
    let x = 0;
    for (const { size, ...panel } of row) {
      if (x + size.w > 24) throw new Error(`row starting with '${row[0]?.title}' is wider than 24 columns`);
      panels.push({ ...panel, id: panels.length + 1, gridPos: { x, y, w: size.w, h: size.h } });
      x += size.w;
    }
    y += Math.max(0, ...row.map((panel) => panel.size.h));
  }
  return panels;
}

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  links: DashboardLink[];
  variables: QueryVariable[];
  rows: PanelDraft[][];
}

/** Line every generated file carries so nobody edits the JSON by hand. */
export const GENERATED_MARKER = 'Generated from dashboards/src by `npm run dashboards`. Do not edit this file; edit the TypeScript.';

export function dashboard(spec: DashboardSpec): Dashboard {
  return {
    __generated: GENERATED_MARKER,
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: [DASHBOARD_TAG],
    timezone: 'utc',
    editable: false,
    graphTooltip: 1,
    schemaVersion: SCHEMA_VERSION,
    version: 1,
    refresh: '',
    time: { from: 'now-30d', to: 'now' },
    timepicker: {},
    fiscalYearStartMonth: 0,
    liveNow: false,
    weekStart: '',
    annotations: { list: [] },
    links: spec.links,
    templating: { list: spec.variables },
    panels: layout(spec.rows),
  };
}
