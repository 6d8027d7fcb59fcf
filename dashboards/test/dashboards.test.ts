// The generated dashboards as Grafana will load them: the checked-in JSON is current, and every dashboard is valid —
// unique ids and uids, one datasource, grid positions that fit, links and variables that resolve.
import { readdirSync, readFileSync } from 'node:fs';
import { BOUND_ONLY } from '../src/user-bounds.js';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import {
  buildDashboards,
  DATASOURCE,
  GENERATED_DIR,
  GENERATED_MARKER,
  PAGES,
  renderDashboards,
  SCHEMA_VERSION,
  variableReferences,
  type Dashboard,
} from '@costtrace/dashboards';

const dashboards = buildDashboards();
const uids = new Set(dashboards.map((d) => d.uid));

/** Every text Grafana interpolates in a dashboard: panel SQL, variable SQL, link URLs, display names. */
function interpolated(dashboard: Dashboard): string[] {
  return [
    ...dashboard.panels.flatMap((p) => [...p.targets.map((t) => t.rawSql), JSON.stringify(p.fieldConfig)]),
    ...dashboard.templating.list.map((v) => v.query.rawSql),
    ...dashboard.links.map((l) => l.url),
  ];
}

function linkUrls(dashboard: Dashboard): string[] {
  const cellLinks = dashboard.panels.flatMap((p) =>
    p.fieldConfig.overrides.flatMap((o) =>
      o.properties.filter((prop) => prop.id === 'links').flatMap((prop) => prop.value as { url: string }[]),
    ),
  );
  return [...dashboard.links.map((l) => l.url), ...cellLinks.map((l) => l.url)];
}

test('the checked-in JSON is what `npm run dashboards` generates', () => {
  const rendered = renderDashboards();
  expect(readdirSync(GENERATED_DIR).sort()).toEqual([...rendered.keys()].sort());
  for (const [file, content] of rendered) {
    expect(readFileSync(new URL(file, `file://${GENERATED_DIR}`), 'utf8'), `${file} is stale: run npm run dashboards`).toBe(content);
    expect(JSON.parse(content).__generated).toBe(GENERATED_MARKER);
  }
});

test('one dashboard per page, each with its own uid', () => {
  expect(dashboards.map((d) => d.uid)).toEqual(Object.values(PAGES).map((p) => p.uid));
  expect(uids.size).toBe(dashboards.length);
});

test('the provisioned datasource is the one every dashboard uses', () => {
  const provisioned = parse(readFileSync(new URL('../provisioning/datasources/costtrace.yaml', import.meta.url), 'utf8'));
  expect(provisioned.datasources.map((d: { type: string; uid: string }) => ({ type: d.type, uid: d.uid }))).toEqual([DATASOURCE]);
});

describe.each(dashboards.map((d) => [d.uid, d] as const))('%s', (_uid, dashboard) => {
  test('current schema version, UTC, panels with unique ids and titles', () => {
    expect(dashboard.schemaVersion).toBe(SCHEMA_VERSION);
    expect(dashboard.timezone).toBe('utc');
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const titles = dashboard.panels.map((p) => p.title);
    expect(new Set(titles).size).toBe(titles.length);
  });

  test('every panel sits inside the 24-column grid without overlapping another', () => {
    const taken = new Set<string>();
    for (const { gridPos, title } of dashboard.panels) {
      expect(Number.isInteger(gridPos.x) && Number.isInteger(gridPos.y) && gridPos.w > 0 && gridPos.h > 0, title).toBe(true);
      expect(gridPos.x + gridPos.w, title).toBeLessThanOrEqual(24);
      for (let x = gridPos.x; x < gridPos.x + gridPos.w; x++) {
        for (let y = gridPos.y; y < gridPos.y + gridPos.h; y++) {
          expect(taken.has(`${x},${y}`), `${title} overlaps at ${x},${y}`).toBe(false);
          taken.add(`${x},${y}`);
        }
      }
    }
  });

  test('every panel, query and variable uses the costtrace ClickHouse datasource', () => {
    for (const panel of dashboard.panels) {
      expect(panel.datasource).toEqual(DATASOURCE);
      for (const target of panel.targets) expect(target.datasource).toEqual(DATASOURCE);
    }
    for (const variable of dashboard.templating.list) expect(variable.datasource).toEqual(DATASOURCE);
  });

  test('every query is raw SQL in the format its panel expects, described for the reader', () => {
    for (const panel of dashboard.panels) {
      expect(panel.description.length, panel.title).toBeGreaterThan(20);
      for (const target of panel.targets) {
        expect(target.editorType).toBe('sql');
        expect(target.format, panel.title).toBe(panel.type === 'timeseries' ? 0 : 1);
      }
    }
  });

  test('every panel reads cost_events through FINAL, so no span counts twice', () => {
    // The one exception: reads aliased bound_only (user-rollups.ts) only bound amounts from above to rule users out,
    // and a span counted twice there only loosens the bound.
    for (const panel of dashboard.panels) {
      for (const target of panel.targets) {
        const reads = target.rawSql.match(/costtrace\.cost_events\b(?: FINAL| AS bound_only)?/g) ?? [];
        expect(reads.length, panel.title).toBeGreaterThan(0);
        expect(
          reads.every((read) => read.endsWith(' FINAL') || read.endsWith(` AS ${BOUND_ONLY}`)),
          panel.title,
        ).toBe(true);
        expect(
          reads.some((read) => read.endsWith(' FINAL')),
          panel.title,
        ).toBe(true);
        expect(target.rawSql, panel.title).toContain('$__timeFilter(timestamp)');
      }
    }
  });

  test('every panel honours all six variables', () => {
    for (const panel of dashboard.panels) {
      for (const { name } of dashboard.templating.list) {
        expect(panel.targets[0]!.rawSql, `${panel.title}: $${name}`).toContain(`${name}:singlequote}), $${name})`);
      }
    }
  });

  test('every variable a query, link or display name refers to exists', () => {
    const defined = new Set(dashboard.templating.list.map((v) => v.name));
    for (const text of interpolated(dashboard)) {
      for (const name of variableReferences(text)) {
        if (!name.startsWith('__')) expect(defined.has(name), `$${name} in ${text.slice(0, 60)}`).toBe(true);
      }
    }
    for (const url of linkUrls(dashboard)) {
      for (const [, name] of url.matchAll(/var-(\w+)=/g)) expect(defined.has(name!), url).toBe(true);
    }
  });

  test('every link opens an existing costtrace dashboard, keeping the time range', () => {
    const urls = linkUrls(dashboard);
    expect(urls.length).toBeGreaterThan(dashboard.links.length);
    for (const url of urls) {
      const target = /^\/d\/([\w-]+)/.exec(url)?.[1];
      expect(target !== undefined && uids.has(target) && target !== dashboard.uid, url).toBe(true);
    }
    for (const link of dashboard.links) expect(link).toMatchObject({ includeVars: true, keepTime: true });
    for (const url of urls.filter((u) => u.includes('?'))) expect(url).toContain('${__url_time_range}');
  });

  test('variables are multi-value with All, refreshed with the time range', () => {
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(['app', 'feature', 'user', 'org', 'provider', 'model']);
    for (const variable of dashboard.templating.list) {
      expect(variable).toMatchObject({ type: 'query', multi: true, includeAll: true, refresh: 2 });
      expect(variable.query.rawSql).toBe(variable.definition);
    }
  });
});
