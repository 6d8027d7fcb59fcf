// The expander against the rules it copies: the plugin's $__conditionalAll and macros (grafana/clickhouse-datasource
// CHDatasource.ts, pkg/macros/macros.go), sqlds' macro matching, and Grafana's variable formats.
import { describe, expect, test } from 'vitest';
import { ALL, applyConditionalAll, applyMacros, expandQuery, interpolateVariables, intervalMs, variableReferences } from './expand.js';

const context = {
  from: new Date('2025-06-01T00:00:00.750Z'),
  to: new Date('2025-06-08T12:30:00Z'),
  intervalMs: 3_600_000,
  variables: {},
};

describe('$__conditionalAll', () => {
  const sql = 'WHERE $__conditionalAll(feature IN (${feature:singlequote}), $feature) AND $__conditionalAll(f(a, b) = 1, ${app})';

  test('becomes 1=1 for All and for an empty value, and keeps the condition otherwise', () => {
    expect(applyConditionalAll(sql, { feature: [ALL], app: [''] })).toBe('WHERE 1=1 AND 1=1');
    expect(applyConditionalAll(sql, { feature: ['a', 'b'], app: ['x'] })).toBe('WHERE feature IN (${feature:singlequote}) AND f(a, b) = 1');
  });

  test('keeps the condition for a variable the dashboard does not define', () => {
    expect(applyConditionalAll('$__conditionalAll(x = 1, $nope)', {})).toBe('x = 1');
  });

  test('leaves the SQL alone when the macro does not have exactly two arguments', () => {
    expect(applyConditionalAll('$__conditionalAll(x = 1)', { x: [ALL] })).toBe('$__conditionalAll(x = 1)');
  });
});

describe('variables', () => {
  test('singlequote quotes each value and escapes quotes with a backslash', () => {
    expect(interpolateVariables('IN (${f:singlequote})', { f: ["it's", 'b'] })).toBe("IN ('it\\'s','b')");
  });

  test("without a format, the datasource's own format joins values unescaped", () => {
    expect(interpolateVariables('IN ($f) OR [[f]] OR ${f}', { f: ['a', 'b'] })).toBe("IN ('a','b') OR 'a','b' OR 'a','b'");
  });

  test('leaves unknown names, macros and built-ins for the later steps', () => {
    expect(interpolateVariables('$__timeFilter(t) $__fromTime ${__value.raw}', { f: ['a'] })).toBe(
      '$__timeFilter(t) $__fromTime ${__value.raw}',
    );
  });

  test('refuses All outside $__conditionalAll, where Grafana would inline every option', () => {
    expect(() => interpolateVariables('IN (${f:singlequote})', { f: [ALL] })).toThrow(/outside \$__conditionalAll/);
  });

  test('lists the names a text refers to', () => {
    expect(variableReferences('$a ${b:singlequote} [[c]] ${__value.raw:percentencode} $__timeFilter(x)')).toEqual([
      'a',
      'b',
      'c',
      '__value',
      '__timeFilter',
    ]);
  });
});

describe('macros', () => {
  test('time filters compare with whole seconds (from is floored) and include both ends', () => {
    expect(applyMacros('$__timeFilter(timestamp)', context)).toBe(
      'timestamp >= toDateTime(1748736000) AND timestamp <= toDateTime(1749385800)',
    );
    expect(applyMacros('$__fromTime $__toTime', context)).toBe('toDateTime(1748736000) toDateTime(1749385800)');
    expect(applyMacros('$__timeFilter_ms(t)', context)).toBe(
      't >= fromUnixTimestamp64Milli(1748736000750) AND t <= fromUnixTimestamp64Milli(1749385800000)',
    );
    expect(applyMacros('$__dateFilter(d)', context)).toBe("d >= toDate('2025-06-01') AND d <= toDate('2025-06-08')");
    expect(applyMacros('$__dt(d, t)', context)).toBe(
      "(d >= toDate('2025-06-01') AND d <= toDate('2025-06-08')) AND (t >= toDateTime(1748736000) AND t <= toDateTime(1749385800))",
    );
  });

  test('timeInterval buckets by the interval in whole seconds, at least one', () => {
    expect(applyMacros('$__timeInterval(timestamp)', context)).toBe('toStartOfInterval(toDateTime(timestamp), INTERVAL 3600 second)');
    expect(applyMacros('$__timeInterval(t) $__interval_s', { ...context, intervalMs: 1500 })).toBe(
      'toStartOfInterval(toDateTime(t), INTERVAL 1 second) 1',
    );
    expect(applyMacros('$__timeInterval(t)', { ...context, intervalMs: 200 })).toBe('toStartOfInterval(toDateTime(t), INTERVAL 1 second)');
  });

  test('an argument ends at the first closing parenthesis, as sqlds matches it', () => {
    expect(applyMacros('$__timeFilter(toDate(t))', context)).toBe(
      'toDate(t >= toDateTime(1748736000) AND toDate(t <= toDateTime(1749385800))',
    );
  });

  test('a wrong argument count is an error', () => {
    expect(() => applyMacros('$__timeFilter(a, b)', context)).toThrow(/expected 1 argument, received 2/);
    expect(() => applyMacros('$__dateTimeFilter(a)', context)).toThrow(/expected 2 arguments, received 1/);
  });
});

test('expandQuery runs the three steps in the plugin order', () => {
  const sql =
    'SELECT 1 WHERE $__timeFilter(ts) AND $__conditionalAll(app IN (${app:singlequote}), $app) AND $__conditionalAll(m IN (${m:singlequote}), $m)';
  expect(expandQuery(sql, { ...context, variables: { app: [ALL], m: ['x'] } })).toBe(
    "SELECT 1 WHERE ts >= toDateTime(1748736000) AND ts <= toDateTime(1749385800) AND 1=1 AND m IN ('x')",
  );
});

test('intervalMs reads Grafana interval strings', () => {
  expect([intervalMs('1h'), intervalMs('1d'), intervalMs('30s')]).toEqual([3_600_000, 86_400_000, 30_000]);
  expect(() => intervalMs('1 hour')).toThrow();
});
