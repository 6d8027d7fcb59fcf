// /v1/prices (list, add and remove price rules) and /v1/reprice (price stored rows again with the current prices,
// progress streamed as NDJSON lines so a long run neither times out nor runs silent).
import { Hono, type Context } from 'hono';
import { stream } from 'hono/streaming';
import { PriceRuleError, type PricerSource } from '../prices/pricer-source.js';
import { planReprice, runReprice, type RepricePlan } from '../prices/reprice.js';
import type { Store } from '../store/store.js';

export interface PriceRoutesDeps {
  store: Store;
  prices: PricerSource;
}

/** Routes mounted under /v1. POST /v1/reprice answers lines `{"progress":…}`, then `{"summary":…}` or `{"error":…}`. */
export function priceRoutes(deps: PriceRoutesDeps): Hono {
  const app = new Hono();
  let repricing = false;

  app.get('/prices', (c) => c.json(deps.prices.view()));

  app.post('/prices', async (c) => {
    const document = await c.req.json<unknown>().catch(() => undefined);
    if (document === undefined)
      return c.json({ error: 'body must be a JSON prices document: {"overrides": [...], "markups": [...], ...}' }, 400);
    return answer(c, async () => {
      const result = await deps.prices.add(document);
      return c.json(result, result.added.length > 0 ? 201 : 200);
    });
  });

  app.delete('/prices/:id', (c) =>
    answer(c, async () => {
      const removed = await deps.prices.remove(c.req.param('id'));
      return c.json({ version: deps.prices.current().version, removed });
    }),
  );

  app.post('/reprice', async (c) => {
    const input = await c.req.json<Record<string, unknown>>().catch(() => ({}) as Record<string, unknown>);
    const { since, where, dryRun, chunkRows } = input;
    const badChunk = chunkRows !== undefined && !(Number.isSafeInteger(chunkRows) && (chunkRows as number) > 0);
    if (
      (since !== undefined && typeof since !== 'string') ||
      (where !== undefined && typeof where !== 'string') ||
      (dryRun !== undefined && typeof dryRun !== 'boolean') ||
      badChunk
    ) {
      return c.json(
        { error: 'body must be {"since"?: "30d", "where"?: "<SQL condition>", "dryRun"?: boolean, "chunkRows"?: positive integer}' },
        400,
      );
    }
    if (repricing) return c.json({ error: 'a reprice is already running on this collector' }, 409);
    repricing = true;
    let plan: RepricePlan;
    try {
      plan = await planReprice(deps.store, { since, where, chunkRows: chunkRows as number | undefined });
    } catch (error) {
      repricing = false;
      return c.json({ error: (error as Error).message }, 400);
    }
    // One pricer for the whole run, so every row is priced by the same rules.
    const pricer = deps.prices.current();
    c.header('content-type', 'application/x-ndjson');
    return stream(c, async (out) => {
      try {
        const summary = await runReprice(deps.store, plan, pricer, {
          dryRun,
          onProgress: (progress) => void out.writeln(JSON.stringify({ progress })),
        });
        await out.writeln(JSON.stringify({ summary }));
      } catch (error) {
        await out.writeln(JSON.stringify({ error: (error as Error).message }));
      } finally {
        repricing = false;
      }
    });
  });

  return app;
}

async function answer(c: Context, handle: () => Promise<Response>): Promise<Response> {
  try {
    return await handle();
  } catch (error) {
    if (error instanceof PriceRuleError) return c.json({ error: error.message }, error.status);
    throw error;
  }
}
