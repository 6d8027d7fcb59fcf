// `costtrace sql "<query>"`: read-only SQL over the cost data, rendered by ClickHouse itself.
import { Command, Option } from 'commander';
import type { OutputFormat } from '../store/store.js';
import { openQueryTarget } from './query-target.js';

export function sqlCommand(): Command {
  return new Command('sql')
    .description('run a read-only SQL query (table costtrace.cost_events; read it with FINAL to count each span once)')
    .argument('<query>', 'the SQL query')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .option('--data <dir>', 'data directory (env COSTTRACE_DATA_DIR, default ./.costtrace)')
    .option('--clickhouse <url>', 'ClickHouse server URL (env COSTTRACE_CLICKHOUSE_URL)')
    .action(async (query: string, opts: { format: OutputFormat; data?: string; clickhouse?: string }) => {
      const target = await openQueryTarget(opts);
      try {
        process.stdout.write(await target.text(query, opts.format));
      } finally {
        await target.close();
      }
    });
}
