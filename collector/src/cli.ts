#!/usr/bin/env node
// The `costtrace` command line: serve, sql, report, unpriced, reprice. Each command has --help.
import { Command } from 'commander';
import { serveCommand } from './commands/serve-command.js';
import { sqlCommand } from './commands/sql-command.js';
import { reportCommand } from './commands/report-command.js';
import { unpricedCommand } from './commands/unpriced-command.js';
import { repriceCommand } from './commands/reprice-command.js';

const program = new Command('costtrace')
  .description('OpenTelemetry cost attribution: the pricing collector and queries over its ClickHouse data')
  .showHelpAfterError()
  .addCommand(serveCommand())
  .addCommand(sqlCommand())
  .addCommand(reportCommand())
  .addCommand(unpricedCommand())
  .addCommand(repriceCommand());

program.parseAsync(process.argv).catch((error: Error) => {
  process.stderr.write(`costtrace: ${error.message}\n`);
  process.exit(1);
});
