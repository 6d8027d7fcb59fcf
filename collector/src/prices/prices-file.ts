// Reads the operator's prices file (COSTTRACE_PRICES / --prices): YAML, or JSON by its extension. Every error names
// the file, the entry and the field, because a bad file stops start-up.
import fs from 'node:fs';
import { parsePricesFile } from '@costtrace/pricing';
import { splitRules, type LocatedRule } from './rule-documents.js';

/**
 * Parses and validates a prices file.
 * @throws Error like `prices file /etc/costtrace/prices.yaml: overrides[1].prices.input_mtok: expected a non-negative decimal, got "abc"`
 */
export function readPricesFile(file: string): LocatedRule[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`prices file ${file}: cannot be read: ${(error as Error).message}`);
  }
  try {
    return splitRules(parsePricesFile(text, /\.json$/i.test(file) ? 'json' : 'yaml'));
  } catch (error) {
    // The pricing package prefixes syntax errors with "prices file:"; say which file instead.
    throw new Error(`prices file ${file}: ${(error as Error).message.replace(/^prices file:\s*/, '')}`);
  }
}
