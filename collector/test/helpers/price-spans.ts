// Helpers for the pricing end-to-end tests: chat spans at chosen times through the official OTLP exporter, rows read
// back once per span, the /v1/prices API, and expected dollars computed here from per-million prices.
import { eventually, sqlRows } from './collector-process.js';
import { otelProvider } from './otel-exporters.js';

export interface ChatCall {
  model: string;
  at: Date;
  input: number;
  output: number;
  org?: string;
  provider?: string;
}

/** Exports one GenAI client span per call for `app` and waits until the exporter has sent them. */
export async function sendChatSpans(collector: { url: string }, app: string, calls: ChatCall[]): Promise<string[]> {
  const otel = otelProvider('json', collector.url, app);
  const spanIds = calls.map(
    (call) =>
      otel.span(
        `chat ${call.model}`,
        {
          'gen_ai.provider.name': call.provider ?? 'openai',
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': call.model,
          'gen_ai.usage.input_tokens': call.input,
          'gen_ai.usage.output_tokens': call.output,
          ...(call.org ? { 'costtrace.org_id': call.org } : {}),
        },
        call.at,
      ).spanId,
  );
  await otel.provider.shutdown();
  return spanIds;
}

export type PricedRow = {
  span_id: string;
  model: string;
  cost_usd: string | null;
  cost_source: string;
  price_version: string;
  unpriced_reason: string;
  charge_usd: string | null;
};

/** The rows of `app` read with FINAL, once `count` of them are stored, oldest call first. */
export async function storedRows(collector: { url: string }, app: string, count: number): Promise<PricedRow[]> {
  return eventually(async () => {
    const rows = await sqlRows<PricedRow>(
      collector,
      `SELECT span_id, model, cost_usd, cost_source, price_version, unpriced_reason, charge_usd FROM costtrace.cost_events FINAL WHERE app = '${app}' ORDER BY timestamp`,
    );
    return rows.length >= count ? rows : undefined;
  });
}

/** Calls the collector's /v1 API; the body is parsed JSON. */
export async function api<T = Record<string, unknown>>(
  collector: { url: string },
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${collector.url}${path}`, {
    method,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/**
 * Exact USD for token counts at per-million-token prices, computed in the test (not by the library) with integers:
 * usdFor([1000, '0.15'], [500, '0.60']) is 1000 × 0.15 / 1e6 + 500 × 0.60 / 1e6 = "0.00045".
 */
export function usdFor(...parts: Array<[tokens: number, perMillionUsd: string]>): string {
  const SCALE = 24;
  let total = 0n;
  for (const [tokens, price] of parts) {
    const [whole = '0', fraction = ''] = price.split('.');
    const priceScaled = BigInt(whole + fraction.padEnd(SCALE - 6, '0')); // price × 10^(SCALE-6)
    total += BigInt(tokens) * priceScaled; // tokens × price / 1e6, × 10^SCALE
  }
  const digits = total.toString().padStart(SCALE + 1, '0');
  const text = `${digits.slice(0, -SCALE)}.${digits.slice(-SCALE)}`.replace(/0+$/, '').replace(/\.$/, '');
  return text;
}

/** `YYYY-MM-DD` of a day `days` before today (UTC). */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/** Noon UTC of a `YYYY-MM-DD` day, shifted by `hours`. */
export function noonOf(day: string, hours = 0): Date {
  return new Date(Date.parse(`${day}T12:00:00Z`) + hours * 3_600_000);
}
