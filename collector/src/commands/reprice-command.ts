// `costtrace reprice`: prices stored rows again after a price change, or rows that were unpriced. Goes through the
// running `costtrace serve` when one holds the data directory (it has the storage and the current prices), else
// opens the storage and builds the same prices itself (catalog, prices file, API rules stored in ClickHouse).
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig, type CollectorConfig } from '../config.js';
import { openPricerSource } from '../prices/pricer-source.js';
import { planReprice, runReprice, type RepriceOptions, type RepriceProgress, type RepriceSummary } from '../prices/reprice.js';
import { openStore } from '../store/open-store.js';
import { errorText, runningService } from './query-target.js';

interface RepriceFlags {
  since: string;
  where?: string;
  dryRun?: boolean;
  format: 'text' | 'json';
  chunkRows?: number;
  prices?: string;
  data?: string;
  clickhouse?: string;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

export function repriceCommand(): Command {
  return new Command('reprice')
    .description('price stored rows again with the current prices; rewrites only rows whose price changed and never counts a call twice')
    .option('--since <window>', 'rows whose call time is within this window: 30m, 24h, 30d, 2w or all', '30d')
    .option('--where <condition>', `extra SQL condition on costtrace.cost_events, e.g. "cost_usd IS NULL" or "provider = 'openai'"`)
    .option('--dry-run', 'count what would change and write nothing')
    .option('--chunk-rows <n>', 'rows read and written at a time (default 20000)', positiveInteger)
    .addOption(new Option('--format <format>', 'summary format').choices(['text', 'json']).default('text'))
    .option('--prices <file>', 'prices file to use when no serve is running (env COSTTRACE_PRICES)')
    .option('--data <dir>', 'data directory (env COSTTRACE_DATA_DIR, default ./.costtrace)')
    .option('--clickhouse <url>', 'ClickHouse server URL (env COSTTRACE_CLICKHOUSE_URL)')
    .action(async (flags: RepriceFlags) => {
      const config = loadConfig({ dataDir: flags.data, clickhouseUrl: flags.clickhouse, pricesFile: flags.prices });
      const options: RepriceOptions = { since: flags.since, where: flags.where, dryRun: flags.dryRun ?? false, chunkRows: flags.chunkRows };
      const service = runningService(config);
      if (service && flags.prices) log(`--prices ignored: the running costtrace serve prices with its own prices file and rules`);
      const summary = service ? await throughService(service, options) : await onStorage(config, options);
      process.stdout.write(flags.format === 'json' ? `${JSON.stringify(summary)}\n` : describe(summary));
    });
}

async function throughService(
  service: { base: string; headers: Record<string, string> },
  options: RepriceOptions,
): Promise<RepriceSummary> {
  const response = await fetch(`${service.base}/v1/reprice`, { method: 'POST', headers: service.headers, body: JSON.stringify(options) });
  if (!response.ok || !response.body) throw new Error(errorText(await response.text()) ?? `collector answered ${response.status}`);
  for await (const line of createInterface({ input: Readable.fromWeb(response.body as never) })) {
    if (line.trim() === '') continue;
    const message = JSON.parse(line) as { progress?: RepriceProgress; summary?: RepriceSummary; error?: string };
    if (message.progress) log(describeProgress(message.progress));
    if (message.summary) return message.summary;
    if (message.error) throw new Error(message.error);
  }
  throw new Error(
    'the collector closed the connection before the reprice finished; run it again (it only rewrites what is still different)',
  );
}

async function onStorage(config: CollectorConfig, options: RepriceOptions): Promise<RepriceSummary> {
  const store = await openStore(config);
  try {
    const prices = await openPricerSource({ config, store, log, catalogRefresh: 'once' });
    try {
      const plan = await planReprice(store, options);
      return await runReprice(store, plan, prices.current(), { dryRun: options.dryRun, onProgress: (p) => log(describeProgress(p)) });
    } finally {
      prices.stop();
    }
  } finally {
    await store.close();
  }
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

function describeProgress(p: RepriceProgress): string {
  const window = `${p.from.slice(0, 16)} → ${p.to.slice(0, 16)}`;
  return `reprice: chunk ${p.chunk}/${p.chunks} (${window}): ${p.scanned} rows, ${p.changed} changed; ${p.totalScanned}/${p.totalRows} rows, ${p.totalChanged} changed so far`;
}

function describe(s: RepriceSummary): string {
  return [
    `${s.dryRun ? 'dry run, nothing written: ' : ''}${s.scanned} rows scanned, ${s.changed} ${s.dryRun ? 'would change' : 'changed'} (prices ${s.priceVersion})`,
    `  newly priced:   ${s.newlyPriced}`,
    `  newly unpriced: ${s.newlyUnpriced}`,
    `  still unpriced: ${s.stillUnpriced}`,
    `  without usage:  ${s.withoutUsage}`,
    `  cost (USD):     ${s.costBeforeUsd} → ${s.costAfterUsd}`,
    '',
  ].join('\n');
}
