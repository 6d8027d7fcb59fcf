// `costtrace report --by feature`: cost, calls and tokens per feature, user, org, provider or model.
import { Command, Option } from 'commander';
import { buildReportQuery, REPORT_DIMENSIONS, type ReportDimension } from '../query/report-query.js';
import type { OutputFormat } from '../store/store.js';
import { openQueryTarget } from './query-target.js';

export function reportCommand(): Command {
  return new Command('report')
    .description('cost by feature, user, org, provider or model; unpriced calls are counted apart, never as $0')
    .addOption(new Option('--by <dimension>', 'group by').choices(Object.keys(REPORT_DIMENSIONS)).default('feature'))
    .option('--since <window>', 'look-back window: 30m, 24h, 7d, 2w or all', '7d')
    .option('--app <app>', 'only this app (service.name)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .option('--data <dir>', 'data directory (env COSTTRACE_DATA_DIR, default ./.costtrace)')
    .option('--clickhouse <url>', 'ClickHouse server URL (env COSTTRACE_CLICKHOUSE_URL)')
    .action(
      async (opts: { by: ReportDimension; since: string; app?: string; format: OutputFormat; data?: string; clickhouse?: string }) => {
        const report = { by: opts.by, since: opts.since, app: opts.app };
        const { query, params } = buildReportQuery(report);
        const target = await openQueryTarget(opts);
        try {
          if (target.api) {
            const search = new URLSearchParams({ by: report.by, since: report.since, format: opts.format });
            if (report.app !== undefined) search.set('app', report.app);
            const body = await target.api(`/v1/report?${search}`);
            process.stdout.write(opts.format === 'json' ? `${body}\n` : body);
          } else if (opts.format === 'json') {
            // Same shape as the service's /v1/report: {"rows": [...]}, whichever path answered.
            const { data } = JSON.parse(await target.text(query, 'json', params)) as { data: unknown[] };
            process.stdout.write(`${JSON.stringify({ rows: data })}\n`);
          } else {
            process.stdout.write(await target.text(query, opts.format, params));
          }
        } finally {
          await target.close();
        }
      },
    );
}
