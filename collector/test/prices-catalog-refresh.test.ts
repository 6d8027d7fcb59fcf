// Catalog refresh (COSTTRACE_CATALOG_URL): a newer catalog from a file is picked up in the background, a bad file
// keeps the last good catalog, and a URL that never answers does not delay start-up.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { eventually, startCollector, tempDataDir, type CollectorProcess } from './helpers/collector-process.js';
import { api, daysAgo, noonOf, sendChatSpans, storedRows, usdFor } from './helpers/price-spans.js';

type CatalogView = {
  version: string;
  catalog: { version: string; refresh?: { lastAttemptAt?: string; lastSuccessAt?: string; lastError?: string } };
};

const dir = tempDataDir('costtrace-catalog-');
const catalogFile = path.join(dir, 'catalog.json');
/** A one-model catalog in genai-prices `data.json` v2 shape, prices per million tokens. */
const catalogJson = (input: string, output: string) =>
  JSON.stringify([
    {
      id: 'openai',
      name: 'OpenAI',
      models: [{ id: 'gpt-4o-mini', match: { equals: 'gpt-4o-mini' }, prices: { input_mtok: Number(input), output_mtok: Number(output) } }],
    },
  ]);
// Write then rename, so a refresh never reads a half-written file.
const writeCatalog = (text: string) => {
  fs.writeFileSync(`${catalogFile}.tmp`, text);
  fs.renameSync(`${catalogFile}.tmp`, catalogFile);
};
const call = { model: 'gpt-4o-mini', at: noonOf(daysAgo(1)), input: 1000, output: 500 };

let collector: CollectorProcess | undefined;
let silent: http.Server | undefined;

beforeAll(() => {
  writeCatalog(catalogJson('0.2', '0.8'));
});
afterAll(async () => {
  await collector?.stop();
  silent?.closeAllConnections();
  silent?.close();
});

const catalogView = async (c: CollectorProcess) => (await api<CatalogView>(c, 'GET', '/v1/prices')).body;

test('a catalog file is loaded in the background; a bad file keeps the last good one; a fixed file is picked up', async () => {
  collector = await startCollector({
    dataDir: path.join(dir, 'data'),
    env: { COSTTRACE_BATCH_MAX_AGE_MS: '50', COSTTRACE_CATALOG_URL: catalogFile, COSTTRACE_CATALOG_REFRESH_SECONDS: '1' },
  });
  const c = collector;
  const good = await eventually(async () => {
    const view = await catalogView(c);
    return view.catalog.version.startsWith('catalog:') ? view : undefined;
  });
  expect(good.version).toBe(good.catalog.version);
  await sendChatSpans(c, 'refreshed', [call]);
  const [first] = await storedRows(c, 'refreshed', 1);
  expect(first).toMatchObject({
    cost_usd: usdFor([1000, '0.2'], [500, '0.8']),
    cost_source: 'catalog',
    price_version: good.catalog.version,
  });

  const brokenAt = new Date().toISOString();
  writeCatalog('[{"id": "openai"}]');
  const failed = await eventually(async () => {
    const view = await catalogView(c);
    return view.catalog.refresh?.lastError && view.catalog.refresh.lastAttemptAt! > brokenAt ? view : undefined;
  });
  expect(failed.catalog.version).toBe(good.catalog.version);
  expect(failed.catalog.refresh!.lastError).toBe('catalog: provider 0: needs id and models');
  await eventually(async () =>
    c.stderr().includes(`catalog refresh from ${catalogFile} failed, keeping the current catalog`) ? true : undefined,
  );
  await sendChatSpans(c, 'kept', [call]);
  const [kept] = await storedRows(c, 'kept', 1);
  expect(kept).toMatchObject({ cost_usd: first!.cost_usd, price_version: good.catalog.version });

  writeCatalog(catalogJson('0.25', '1'));
  const fixed = await eventually(async () => {
    const view = await catalogView(c);
    return view.catalog.version !== good.catalog.version && view.catalog.refresh?.lastError === undefined ? view : undefined;
  });
  await sendChatSpans(c, 'fixed', [call]);
  const [latest] = await storedRows(c, 'fixed', 1);
  expect(latest).toMatchObject({ cost_usd: usdFor([1000, '0.25'], [500, '1']), price_version: fixed.catalog.version });
  await c.stop();
  collector = undefined;
});

test('a catalog URL that never answers does not delay start-up: the bundled catalog prices meanwhile', async () => {
  silent = http.createServer(() => {});
  await new Promise<void>((resolve) => silent!.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/data.json`;
  collector = await startCollector({ env: { COSTTRACE_BATCH_MAX_AGE_MS: '50', COSTTRACE_CATALOG_URL: url } });
  const view = await catalogView(collector);
  expect(view.catalog).toMatchObject({ version: 'catalog@0.1.8', refresh: { url, everySeconds: 21600 } });
  expect(view.catalog.refresh!.lastSuccessAt).toBeUndefined();
  await sendChatSpans(collector, 'bundled', [call]);
  const [row] = await storedRows(collector, 'bundled', 1);
  expect(row).toMatchObject({ cost_usd: usdFor([1000, '0.15'], [500, '0.60']), price_version: 'catalog@0.1.8' });
});
