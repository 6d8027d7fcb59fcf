import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Catalog } from '@costtrace/pricing';
import { createCatalogRefresh } from './catalog-refresh.js';

/** A one-provider catalog in genai-prices `data.json` v2 shape. */
const catalogJson = (inputMtok: number) =>
  JSON.stringify([
    {
      id: 'openai',
      name: 'OpenAI',
      models: [{ id: 'gpt-4o-mini', match: { equals: 'gpt-4o-mini' }, prices: { input_mtok: inputMtok, output_mtok: 0.6 } }],
    },
  ]);

let answer: { status: number; body: string } = { status: 200, body: '' };
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/hang') return; // never answers
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function refresher(path = '/data.json', timeoutMs?: number) {
  const catalogs: Catalog[] = [];
  const lines: string[] = [];
  const refresh = createCatalogRefresh({
    url: `${url}${path}`,
    everySeconds: 0,
    onCatalog: (c) => catalogs.push(c),
    log: (l) => lines.push(l),
    timeoutMs,
  });
  return { refresh, catalogs, lines };
}

test('a good download is handed over once; the same data again is not a new catalog', async () => {
  const { refresh, catalogs, lines } = refresher();
  answer = { status: 200, body: catalogJson(0.15) };
  expect(await refresh.refreshNow()).toBe(true);
  expect(await refresh.refreshNow()).toBe(true);
  expect(catalogs).toHaveLength(1);
  expect(catalogs[0]!.version).toMatch(/^catalog:[0-9a-f]{16}$/);
  expect(lines).toEqual([`catalog ${catalogs[0]!.version} loaded from ${url}/data.json`]);
  answer = { status: 200, body: catalogJson(0.2) };
  expect(await refresh.refreshNow()).toBe(true);
  expect(catalogs.map((c) => c.version)).toHaveLength(2);
  expect(catalogs[1]!.version).not.toBe(catalogs[0]!.version);
});

test('an HTTP error, invalid JSON or a catalog that does not validate keeps the last good catalog and says why', async () => {
  const { refresh, catalogs, lines } = refresher();
  answer = { status: 200, body: catalogJson(0.15) };
  await refresh.refreshNow();
  for (const [bad, reason] of [
    [{ status: 503, body: 'busy' }, /HTTP 503/],
    [{ status: 200, body: '{ not json' }, /JSON/],
    [{ status: 200, body: '[{"id": "openai"}]' }, /catalog: provider 0: needs id and models/],
  ] as const) {
    answer = bad;
    expect(await refresh.refreshNow()).toBe(false);
    expect(refresh.status().lastError).toMatch(reason);
    expect(lines.at(-1)).toMatch(/failed, keeping the current catalog/);
  }
  expect(catalogs).toHaveLength(1);
  expect(refresh.status().lastSuccessAt).toBeDefined();
  answer = { status: 200, body: catalogJson(0.15) };
  expect(await refresh.refreshNow()).toBe(true);
  expect(refresh.status().lastError).toBeUndefined();
});

test('a server that never answers times out instead of hanging the refresh', async () => {
  const { refresh, catalogs } = refresher('/hang', 200);
  expect(await refresh.refreshNow()).toBe(false);
  expect(refresh.status().lastError).toMatch(/timeout|aborted/i);
  expect(catalogs).toHaveLength(0);
});
