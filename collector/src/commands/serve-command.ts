// `costtrace serve`: runs the collector until SIGTERM/SIGINT, then stores everything acknowledged and exits. SIGHUP
// re-reads the prices file.
import { Command } from 'commander';
import { loadConfig } from '../config.js';
import { startService } from '../service.js';

export function serveCommand(): Command {
  return new Command('serve')
    .description('receive OTLP/HTTP spans, price them and store cost rows in ClickHouse')
    .option('--port <port>', 'listen port (env COSTTRACE_PORT)', undefined)
    .option('--host <host>', 'listen address (env COSTTRACE_HOST, default 0.0.0.0)')
    .option('--data <dir>', 'embedded ClickHouse data and spool directory (env COSTTRACE_DATA_DIR, default ./.costtrace)')
    .option('--clickhouse <url>', 'use a ClickHouse server instead, e.g. http://user:pass@host:8123 (env COSTTRACE_CLICKHOUSE_URL)')
    .option('--prices <file>', 'custom prices file, YAML or JSON (env COSTTRACE_PRICES)')
    .action(async (opts: { port?: string; host?: string; data?: string; clickhouse?: string; prices?: string }) => {
      const config = loadConfig({
        port: opts.port,
        host: opts.host,
        dataDir: opts.data,
        clickhouseUrl: opts.clickhouse,
        pricesFile: opts.prices,
      });
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const service = await startService(config, log);
      let signals = 0;
      const onSignal = (signal: string) => {
        if (++signals > 1) process.exit(130);
        log(`${signal}: storing pending rows before exit`);
        service.stop().then(
          () => process.exit(0),
          (error: Error) => {
            log(`shutdown failed: ${error.message}`);
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => onSignal('SIGTERM'));
      process.on('SIGINT', () => onSignal('SIGINT'));
      // Prices exist once storage is ready (they include rules stored there); a SIGHUP before then waits for it.
      process.on(
        'SIGHUP',
        () =>
          void service.ready.then(
            () => service.prices.reloadFile(),
            () => {},
          ),
      );
    });
}
