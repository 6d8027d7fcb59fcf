import { afterEach, expect, test } from 'vitest';
import { makeBatches } from '../../../bench/otlp-batches.js';
import { PricerBuilder, type PricerRecipe } from '../prices/pricer-recipe.js';
import { joinRules, parseRulesDocument } from '../prices/rule-documents.js';
import { OtlpDecodeError } from '../receiver/otlp-decode-error.js';
import { workOnExport } from './export-work.js';
import { compiledCodeArgv, ExportWorkers, ProcessingThreadError } from './export-workers.js';

const noRules: PricerRecipe = { catalogText: undefined, rules: joinRules([]) };
const opened: ExportWorkers[] = [];
function workers(count = 1, recipe = noRules, entry?: URL): ExportWorkers {
  const pool = new ExportWorkers(count, recipe, entry);
  opened.push(pool);
  return pool;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((pool) => pool.close()));
});

/** One OTLP/JSON export of a chat call to `model`. */
function chatExport(model: string, spanId = 'b7ad6b7169203331'): Buffer {
  const now = BigInt(Date.now()) * 1_000_000n;
  const attribute = (key: string, value: object) => ({ key, value });
  const span = {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId,
    name: `chat ${model}`,
    kind: 3,
    startTimeUnixNano: String(now),
    endTimeUnixNano: String(now + 1_000_000n),
    attributes: [
      attribute('gen_ai.provider.name', { stringValue: 'openai' }),
      attribute('gen_ai.request.model', { stringValue: model }),
      attribute('gen_ai.usage.input_tokens', { intValue: '1000' }),
      attribute('gen_ai.usage.output_tokens', { intValue: '500' }),
    ],
  };
  return Buffer.from(JSON.stringify({ resourceSpans: [{ resource: {}, scopeSpans: [{ scope: { name: 't' }, spans: [span] }] }] }));
}

test('an export priced in a processing thread comes back as the main thread would price it, block for block', async () => {
  const [batch] = makeBatches(1, 64) as Uint8Array[];
  const here = workOnExport(batch!, 'protobuf', new PricerBuilder().build(noRules));
  const there = await workers().run(Buffer.from(batch!), 'protobuf');
  expect({ ...there, block: undefined }).toEqual({ ...here, block: undefined });
  expect(here.rows).toBe(64);
  // The last column is the row version, a clock reading: everything before it is the same, byte for byte.
  const versions = 8 * here.rows;
  expect(Buffer.isBuffer(there.block)).toBe(true);
  expect(there.block!.subarray(0, -versions)).toEqual(here.block!.subarray(0, -versions));
});

test('each export is priced by the last recipe posted before it', async () => {
  const pool = workers();
  const mystery = () => pool.run(chatExport('mystery-model'), 'json');
  expect(await mystery()).toMatchObject({ rows: 1, unpriced: 1 });
  const overrides = parseRulesDocument({
    overrides: [{ provider: 'openai', model: 'mystery-model', prices: { input_mtok: '1', output_mtok: '2' } }],
  });
  pool.setPricer({ catalogText: undefined, rules: joinRules(overrides) });
  expect(await mystery()).toMatchObject({ rows: 1, unpriced: 0 });
  pool.setPricer(noRules);
  expect(await mystery()).toMatchObject({ rows: 1, unpriced: 1 });
});

test('exports alternate between threads, and every answer reaches its own caller', async () => {
  const pool = workers(2);
  const ids = Array.from({ length: 12 }, (_, i) => `b7ad6b71692033${String(i).padStart(2, '0')}`);
  const answers = await Promise.all(ids.map((id, i) => pool.run(chatExport(i % 2 ? 'gpt-4o-mini' : 'mystery-model', id), 'json')));
  expect(answers.map((a) => a.unpriced)).toEqual(ids.map((_, i) => (i % 2 ? 0 : 1)));
});

test('an undecodable body is an OtlpDecodeError with the decoder’s own message', async () => {
  const body = Buffer.from('{"resourceSpans": [');
  let here: unknown;
  try {
    workOnExport(body, 'json', new PricerBuilder().build(noRules));
  } catch (error) {
    here = error;
  }
  const there = await workers()
    .run(Buffer.from(body), 'json')
    .catch((error: unknown) => error);
  expect(there).toBeInstanceOf(OtlpDecodeError);
  expect((there as Error).message).toBe((here as Error).message);
});

test('a body that owns its memory moves to the thread; a view into shared memory is copied and stays usable', async () => {
  const pool = workers();
  const owned = chatExport('gpt-4o-mini');
  const copy = Buffer.from(owned);
  const owning = new Uint8Array(copy.byteLength);
  owning.set(copy);
  await pool.run(owning, 'json');
  expect(owning.byteLength).toBe(0);
  const shared = Buffer.concat([Buffer.from('xx'), copy]).subarray(2);
  await pool.run(shared, 'json');
  expect(shared.equals(copy)).toBe(true);
});

test('a thread that dies fails its export with a retryable error naming why, and the next export gets a new thread', async () => {
  const pool = workers(1, noRules, new URL('../../test/helpers/exiting-thread.mjs', import.meta.url));
  for (let attempt = 0; attempt < 2; attempt++) {
    const error = await pool.run(chatExport('gpt-4o-mini'), 'json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProcessingThreadError);
    expect((error as Error).message).toBe('export not processed: a processing thread exited with code 7');
  }
});

test('after close, exports are refused as retryable', async () => {
  const pool = workers();
  await pool.close();
  await expect(pool.run(chatExport('gpt-4o-mini'), 'json')).rejects.toThrow(
    new ProcessingThreadError('export not processed: the collector is stopping'),
  );
});

test('threads drop the parent’s resolution conditions and keep its other flags', () => {
  expect(
    compiledCodeArgv(['--conditions', 'source', '--max-semi-space-size=64', '-C=dev', '--conditions=x', '-C', 'y', '--inspect']),
  ).toEqual(['--max-semi-space-size=64', '--inspect']);
});
