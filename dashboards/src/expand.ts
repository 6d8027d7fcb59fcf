// Expands a panel's rawSql exactly as Grafana and the ClickHouse datasource do before ClickHouse sees it, so tests
// and the benchmark run the very SQL a dashboard would send. Three steps, in the plugin's order:
//   1. $__conditionalAll(cond, $var) — frontend, src/data/CHDatasource.ts applyConditionalAll
//   2. template variables — Grafana's templateSrv.replace with the datasource's format function
//   3. time macros — backend, pkg/macros/macros.go, applied by grafana/sqlds interpolate()
// (grafana/clickhouse-datasource; ad hoc filters are not used by costtrace dashboards.)

/** Value a multi-value variable holds when "All" is selected. */
export const ALL = '$__all';

/** Selected values per variable name; `[ALL]` means "All". */
export type VariableValues = Readonly<Record<string, readonly string[]>>;

export interface QueryContext {
  from: Date;
  to: Date;
  /** The panel's query interval (Grafana's intervalMs), which sizes `$__timeInterval` buckets. */
  intervalMs: number;
  variables: VariableValues;
}

/** rawSql → the SQL ClickHouse receives. Throws where Grafana or the plugin would produce an error or a surprise. */
export function expandQuery(rawSql: string, context: QueryContext): string {
  return applyMacros(interpolateVariables(applyConditionalAll(rawSql, context.variables), context.variables), context);
}

/** Step 1. The plugin scans from the last macro backwards and replaces the first textual match each time. */
export function applyConditionalAll(rawSql: string, variables: VariableValues): string {
  const macro = '$__conditionalAll(';
  let sql = rawSql;
  let index = sql.lastIndexOf(macro);
  while (index !== -1) {
    const params = macroArgs(sql, index + macro.length - 1);
    if (params.length !== 2) return sql;
    const [condition, variableParam] = params as [string, string];
    const name = /(?<=\$\{)[\w\d]+(?=\})|(?<=\$)[\w\d]+/.exec(variableParam.trim())?.[0];
    const value = name === undefined ? undefined : variables[name]?.toString();
    const phrase = value === '' || value === ALL ? '1=1' : condition;
    sql = sql.replace(`${macro}${condition},${variableParam})`, phrase);
    index = sql.lastIndexOf(macro);
  }
  return sql;
}

/** The plugin's getMacroArgs: comma-separated arguments at bracket depth 1, starting at the opening parenthesis. */
function macroArgs(sql: string, openParen: number): string[] {
  const args: string[] = [];
  const tokens = /\(|\)|,/g;
  const rest = sql.substring(openParen);
  let depth = 0;
  let start = 1;
  for (let match = tokens.exec(rest); match !== null; match = tokens.exec(rest)) {
    if (match[0] === '(') depth++;
    else if (match[0] === ')') depth--;
    if (match[0] === ',' && depth === 1) {
      args.push(rest.substring(start, tokens.lastIndex - 1));
      start = tokens.lastIndex;
    }
    if (depth === 0) {
      args.push(rest.substring(start, tokens.lastIndex - 1));
      return args;
    }
  }
  return [];
}

/** Grafana's variable syntax: $name, [[name:format]], ${name.fieldPath:format}. */
const VARIABLE_PATTERN = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}/g;

/** Names referenced with Grafana's variable syntax (including built-ins such as __value or __timeFilter). */
export function variableReferences(text: string): string[] {
  return [...text.matchAll(VARIABLE_PATTERN)].map((m) => (m[1] ?? m[2] ?? m[4]) as string);
}

/** Step 2. Unknown names (macros, built-ins) are left for later steps, as Grafana leaves them. */
export function interpolateVariables(sql: string, variables: VariableValues): string {
  return sql.replace(
    VARIABLE_PATTERN,
    (match, plain?: string, bracket?: string, bracketFormat?: string, braced?: string, _path?: string, bracedFormat?: string) => {
      const name = (plain ?? bracket ?? braced) as string;
      const value = variables[name];
      if (value === undefined) return match;
      if (value.includes(ALL)) {
        // Without a custom allValue Grafana would inline every option of the variable: panels must guard with $__conditionalAll.
        throw new Error(`variable '${name}' is "All" outside $__conditionalAll: Grafana would send every option`);
      }
      return formatValue(value, bracketFormat ?? bracedFormat, name);
    },
  );
}

function formatValue(value: readonly string[], format: string | undefined, name: string): string {
  switch (format) {
    case undefined:
      // The datasource's own format(): arrays become 'a','b' without escaping; Grafana passes multi-value variables as arrays.
      return `'${value.join("','")}'`;
    case 'singlequote':
      return value.map((v) => `'${v.replace(/'/g, "\\'")}'`).join(',');
    default:
      throw new Error(`variable '${name}': format '${format}' is not used in costtrace SQL`);
  }
}

const unixSeconds = (t: Date) => Math.floor(t.getTime() / 1000);
const dateTime = (t: Date) => `toDateTime(${unixSeconds(t)})`;
const dateTime64 = (t: Date) => `fromUnixTimestamp64Milli(${t.getTime()})`;
const date = (t: Date) => `toDate('${t.toISOString().slice(0, 10)}')`;

type Macro = (context: QueryContext, args: string[]) => string;

function oneArg(name: string, build: (column: string, context: QueryContext) => string): Macro {
  return (context, args) => {
    if (args.length !== 1) throw new Error(`$__${name}: expected 1 argument, received ${args.length}`);
    return build(args[0] as string, context);
  };
}

const range = (column: string, from: string, to: string) => `${column} >= ${from} AND ${column} <= ${to}`;

/** The plugin's macro table (pkg/macros/macros.go); it replaces sqlds' defaults of the same names. */
const MACROS: Record<string, Macro> = {
  fromTime: (c) => dateTime(c.from),
  toTime: (c) => dateTime(c.to),
  fromTime_ms: (c) => dateTime64(c.from),
  toTime_ms: (c) => dateTime64(c.to),
  timeFilter: oneArg('timeFilter', (col, c) => range(col, dateTime(c.from), dateTime(c.to))),
  timeFilter_ms: oneArg('timeFilter_ms', (col, c) => range(col, dateTime64(c.from), dateTime64(c.to))),
  dateFilter: oneArg('dateFilter', (col, c) => range(col, date(c.from), date(c.to))),
  dateTimeFilter: dateTimeFilter,
  dt: dateTimeFilter,
  timeInterval: oneArg('timeInterval', (col, c) => `toStartOfInterval(toDateTime(${col}), INTERVAL ${intervalSeconds(c)} second)`),
  timeInterval_ms: oneArg(
    'timeInterval_ms',
    (col, c) => `toStartOfInterval(toDateTime64(${col}, 3), INTERVAL ${Math.trunc(Math.max(c.intervalMs, 1))} millisecond)`,
  ),
  interval_s: (c) => String(intervalSeconds(c)),
};

function dateTimeFilter(context: QueryContext, args: string[]): string {
  if (args.length !== 2) throw new Error(`$__dateTimeFilter: expected 2 arguments, received ${args.length}`);
  const [dateColumn, timeColumn] = args as [string, string];
  return `(${range(dateColumn, date(context.from), date(context.to))}) AND (${range(timeColumn, dateTime(context.from), dateTime(context.to))})`;
}

/** Go: int(math.Max(interval.Seconds(), 1)). */
function intervalSeconds(context: QueryContext): number {
  return Math.trunc(Math.max(context.intervalMs / 1000, 1));
}

/**
 * Step 3, as sqlds does it: per macro, the regex `\$__name\b(?:\((.*?)\))?` (non-greedy, so an argument cannot
 * contain ')'), arguments split on ',' and trimmed, every identical occurrence replaced at once.
 */
export function applyMacros(sql: string, context: QueryContext): string {
  let out = sql;
  for (const [name, macro] of Object.entries(MACROS)) {
    for (const match of [...out.matchAll(new RegExp(`\\$__${name}\\b(?:\\((.*?)\\))?`, 'g'))]) {
      const args = (match[1] ?? '').split(',').map((arg) => arg.trim());
      out = out.split(match[0]).join(macro(context, args));
    }
  }
  return out;
}

/** Grafana interval strings ('30s', '1h', '1d', …) in milliseconds. */
export function intervalMs(interval: string): number {
  const match = /^(\d+)(ms|s|m|h|d|w)$/.exec(interval);
  if (match === null) throw new Error(`unsupported interval '${interval}'`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2] as 'ms'];
  return Number(match[1]) * unit;
}
