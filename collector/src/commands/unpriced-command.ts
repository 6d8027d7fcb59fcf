// `costtrace unpriced`: which calls have no cost yet, by provider, model and reason (unknown is shown, never $0).
import { Command, Option } from 'commander';
import { buildUnpricedQuery } from '../query/unpriced-query.js';
import type { OutputFormat } from '../store/store.js';
import { openQueryTarget } from './query-target.js';

export function unpricedCommand(): Command {
  return new Command('unpriced')
    .description('calls stored without a cost, by provider, model and reason; add prices, then run costtrace reprice')
    .option('--since <window>', 'look-back window: 30m, 24h, 7d, 2w or all', '7d')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .option('--data <dir>', 'data directory (env COSTTRACE_DATA_DIR, default ./.costtrace)')
    .option('--clickhouse <url>', 'ClickHouse server URL (env COSTTRACE_CLICKHOUSE_URL)')
    .action(async (opts: { since: string; format: OutputFormat; data?: string; clickhouse?: string }) => {
      const query = buildUnpricedQuery({ since: opts.since });
      const target = await openQueryTarget(opts);
      try {
        process.stdout.write(await target.text(query, opts.format));
      } finally {
        await target.close();
      }
    });
}
