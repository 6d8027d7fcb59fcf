// Dashboard latency at scale: generates BENCH_ROWS (default 10M) realistic cost rows over the last 30 days in embedded
// ClickHouse with the engine's own INSERT … SELECT FROM numbers(), laid out as a collector that ran for 30 days
// leaves them (closed days merged to one part each, as min_age_to_force_merge_seconds keeps them; today's rows in
// fresh parts with replays), refreshes the rollups, then runs every panel and variable of every dashboard —
// expanded as Grafana would send it over the last 30 days — and prints the median latency of each.
// Goal: every panel under 200 ms at 10M rows on a 2-core machine. Run after `npx tsc -b`: node bench/dashboards.js
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { ALL, buildDashboards, expandQuery, intervalMs } from '../dashboards/dist/index.js';
import { DATABASE, MIGRATIONS, ROLLUP_VIEWS } from '../collector/dist/store/schema.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** Only the panels and variables whose title (or name) matches, to iterate on a few (default: all). */
const ONLY = new RegExp(process.env.BENCH_ONLY ?? '');
const GOAL_MS = 200;
const END = Math.floor(Date.now() / 1000) * 1000;
const DAY_MS = 86_400_000;
const RANGE = { from: new Date(END - 30 * 86_400_000), to: new Date(END) };
const DIR = mkdtempSync(path.join(tmpdir(), 'costtrace-bench-dashboards-'));

// provider, model, $ per 1M input, cache-read and output tokens (null = not in the catalog: unpriced)
const MODELS = [
  ['openai', 'gpt-4o-mini', '0.15', '0.075', '0.6'],
  ['openai', 'gpt-4o', '2.5', '1.25', '10'],
  ['openai', 'text-embedding-3-small', '0.02', '0.02', '0'],
  ['anthropic', 'claude-sonnet-4', '3', '0.3', '15'],
  ['anthropic', 'claude-haiku-3.5', '0.8', '0.08', '4'],
  ['gcp.gemini', 'gemini-2.5-flash', '0.3', '0.075', '2.5'],
  ['gcp.gemini', 'gemini-2.5-pro', '1.25', '0.31', '10'],
  ['mistral_ai', 'mistral-large', '2', '2', '6'],
  ['groq', 'llama-3.3-70b', '0.59', '0.59', '0.79'],
  ['deepseek', 'deepseek-chat', '0.27', '0.07', '1.1'],
  ['acme', 'acme-1', null, null, null],
];
const FEATURES = ['ai-search', 'ai-search', 'ai-search', 'chat', 'chat', 'summarize', 'summarize', 'translate', 'classify', 'extract'];
FEATURES.push('draft', 'rerank', 'tts', 'report', 'agent', 'agent', 'agent', 'autocomplete', 'autocomplete', '');
const list = (values) => `[${values.map((v) => (v === null ? 'NULL' : `'${v}'`)).join(', ')}]`;
const prices = (i) => `[${MODELS.map((m) => (m[i] === null ? 'NULL' : `toDecimal128('${m[i]}', 18)`)).join(', ')}]`;

/**
 * Runs [first, first + runs), two calls each, evenly spread from `start`: one app, feature, user (skewed: a few heavy
 * users) and org per run; model, tokens, cache reads, 1% unpriced and 2% errors per call; cost = tokens × price.
 */
function insertRuns(first, runs, start, secondsPerRun, where = '1') {
  return `INSERT INTO ${DATABASE}.cost_events (timestamp, app, feature, user_id, org_id, provider, model, operation,
      input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, cost_source,
      unpriced_reason, price_version, trace_id, span_id, status_code, duration_ms, version)
    SELECT ts, app, feature, user_id, org_id, provider, model, operation, input_tokens, output_tokens, cache_read_tokens, 0, 0,
      if(isNull(p_in), NULL, (toDecimal128(input_tokens - cache_read_tokens, 0) * p_in + toDecimal128(cache_read_tokens, 0) * p_cr
        + toDecimal128(output_tokens, 0) * p_out) / 1000000),
      if(isNull(p_in), '', 'catalog'), if(isNull(p_in), 'model not in catalog', ''), if(isNull(p_in), '', 'bench'),
      lower(hex(MD5(toString(run)))), lower(hex(substring(MD5(toString(call)), 1, 8))), if(h % 50 = 0, 'error', 'ok'), 200 + h % 3000, 1
    FROM (
      SELECT run, call, h,
        toDateTime64(${start / 1000}, 6, 'UTC') + toIntervalMicrosecond(toUInt64((run - ${first}) * ${secondsPerRun * 1e6}) + (call % 2) * 1500000) AS ts,
        ${list(['web', 'web', 'api', 'worker'])}[rh % 4 + 1] AS app,
        ${list(FEATURES)}[intDiv(rh, 7) % ${FEATURES.length} + 1] AS feature,
        toUInt32(pow((intDiv(rh, 1000) % 100000) / 100000, 3) * 50000) AS uidx,
        concat('user-', toString(uidx)) AS user_id, concat('org-', toString(uidx % 800)) AS org_id,
        if(h % 100 = 0, ${MODELS.length}, (intDiv(h, 13) + intDiv(rh, 3)) % ${MODELS.length - 1} + 1) AS mi,
        ${list(MODELS.map((m) => m[0]))}[mi] AS provider, ${list(MODELS.map((m) => m[1]))}[mi] AS model,
        if(model LIKE '%embedding%', 'embeddings', 'chat') AS operation,
        toUInt64(200 + intDiv(h, 7) % 6000) AS input_tokens,
        toUInt64(if(operation = 'embeddings', 0, 20 + intDiv(h, 11) % 900)) AS output_tokens,
        toUInt64(if(intDiv(h, 17) % 3 = 0, intDiv(input_tokens * (intDiv(h, 19) % 90), 100), 0)) AS cache_read_tokens,
        ${prices(2)}[mi] AS p_in, ${prices(3)}[mi] AS p_cr, ${prices(4)}[mi] AS p_out
      FROM (SELECT ${first} * 2 + number AS call, intDiv(call, 2) AS run, intHash64(call) AS h, intHash64(run) AS rh FROM numbers(${runs * 2}))
    ) WHERE ${where}`;
}

/**
 * Loads day by day in time order like a collector would, each day followed by a replay of 0.5% of its spans (a
 * retry). Closed days are then merged to one part (what min_age_to_force_merge_seconds does an hour after a day's
 * last insert); today arrives in four inserts plus a replay, unmerged.
 */
async function load(client) {
  await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${DATABASE} ENGINE = Atomic` });
  for (const migration of MIGRATIONS) for (const statement of migration.statements) await client.command({ query: statement });
  // Refreshes are forced below, after the load: keep the scheduler from recomputing half-loaded data meanwhile.
  for (const view of ROLLUP_VIEWS) await client.command({ query: `SYSTEM STOP VIEW ${view}` });
  const runs = ROWS / 2;
  const secondsPerRun = (RANGE.to - RANGE.from) / 1000 / runs;
  const runAt = (ms) => Math.min(runs, Math.max(0, Math.ceil((ms - RANGE.from.getTime()) / 1000 / secondsPerRun)));
  const today = Math.floor(RANGE.to.getTime() / DAY_MS) * DAY_MS;
  const started = performance.now();
  for (let day = Math.floor(RANGE.from.getTime() / DAY_MS) * DAY_MS; day <= today; day += DAY_MS) {
    const [first, last] = [runAt(day), runAt(day + DAY_MS)];
    if (last <= first) continue;
    const start = RANGE.from.getTime() + first * secondsPerRun * 1000;
    const batches = day === today ? 4 : 1;
    for (let batch = 0; batch < batches; batch++) {
      await client.command({ query: insertRuns(first, last - first, start, secondsPerRun, `run % ${batches} = ${batch}`) });
    }
    await client.command({ query: insertRuns(first, last - first, start, secondsPerRun, 'h % 200 = 0') });
    if (day < today) {
      const partition = new Date(day).toISOString().slice(0, 10);
      await client.command({ query: `OPTIMIZE TABLE ${DATABASE}.cost_events PARTITION '${partition}' FINAL` });
    }
  }
  console.log(`generated ${ROWS.toLocaleString()} rows (+0.5% replayed) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const [fresh] = await (
    await client.query({
      query: `SELECT count() AS parts, sum(rows) AS rows FROM system.parts WHERE database = '${DATABASE}' AND table = 'cost_events' AND active AND partition = toString(toDate(now('UTC')))`,
      format: 'JSONEachRow',
    })
  ).json();
  console.log(`today's partition: ${fresh.parts} parts, ${Number(fresh.rows).toLocaleString()} rows; closed days: one part each`);
}

/** Forces one refresh of each rollup and reports what it costs and how small the rollup is. */
async function refreshRollups(client) {
  for (const view of ROLLUP_VIEWS) {
    const started = performance.now();
    await client.command({ query: `SYSTEM START VIEW ${view}` });
    await client.command({ query: `SYSTEM REFRESH VIEW ${view}` });
    await client.command({ query: `SYSTEM WAIT VIEW ${view}` });
    const ms = performance.now() - started;
    const [{ n }] = await (await client.query({ query: `SELECT count() AS n FROM ${view}`, format: 'JSONEachRow' })).json();
    console.log(`refreshed ${view} in ${(ms / 1000).toFixed(1)} s: ${Number(n).toLocaleString()} rows`);
    // No background refresh during the timings below: they would compete for the same two cores.
    await client.command({ query: `SYSTEM STOP VIEW ${view}` });
  }
}

async function time(client, sql) {
  const times = [];
  let rows = 0;
  for (let i = 0; i <= RUNS; i++) {
    const started = performance.now();
    rows = (await (await client.query({ query: sql, format: 'JSONEachRow' })).json()).length;
    if (i > 0) times.push(performance.now() - started); // the first run warms caches
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], rows };
}

const pad = (text, width) => String(text).padEnd(width);
const ALL_VALUES = { app: [ALL], feature: [ALL], user: [ALL], org: [ALL], provider: [ALL], model: [ALL] };
const hour = intervalMs('1h');

/** Times every panel and variable. */
async function measure(client, label) {
  const dashboards = buildDashboards();
  console.log(`\n${label}: median of ${RUNS} runs, ${RANGE.from.toISOString()} → ${RANGE.to.toISOString()}, every variable at All`);
  const slow = [];
  for (const dashboard of dashboards) {
    console.log(dashboard.title);
    for (const panel of dashboard.panels.filter((p) => ONLY.test(p.title))) {
      const interval = Math.max(hour, panel.interval ? intervalMs(panel.interval) : 0);
      const sql = expandQuery(panel.targets[0].rawSql, { ...RANGE, intervalMs: interval, variables: ALL_VALUES });
      const { median, rows } = await time(client, sql);
      if (median > GOAL_MS) slow.push(`${dashboard.title.replace('costtrace · ', '')} / ${panel.title} (${median.toFixed(0)} ms)`);
      console.log(`  ${median > GOAL_MS ? '✗' : '✓'} ${pad(panel.title, 36)} ${pad(median.toFixed(0), 6)} ms  ${rows} rows`);
    }
  }
  console.log('Variables');
  for (const variable of dashboards[0].templating.list.filter((v) => ONLY.test(v.name))) {
    const sql = expandQuery(variable.query.rawSql, { ...RANGE, intervalMs: hour, variables: ALL_VALUES });
    const { median, rows } = await time(client, sql);
    console.log(`  ${median > GOAL_MS ? '✗' : '✓'} ${pad(variable.name, 36)} ${pad(median.toFixed(0), 6)} ms  ${rows} options`);
  }
  console.log(slow.length === 0 ? `every panel under ${GOAL_MS} ms` : `${slow.length} panel(s) over ${GOAL_MS} ms: ${slow.join('; ')}`);
}

const client = createClient({ connection: createChdbConnection({ path: DIR }) });
try {
  await load(client);
  await refreshRollups(client);
  const { median } = await time(client, `SELECT count(), sum(cost_usd) FROM ${DATABASE}.cost_events`);
  console.log(`machine check: a plain scan of every row's cost (no FINAL) takes ${median.toFixed(0)} ms`);
  await measure(client, 'Daily partitions, closed days merged, rollups refreshed');
} finally {
  await client.close();
  rmSync(DIR, { recursive: true, force: true });
}
