// Tools for the reliability tests: a seeded random source, raw OTLP posts over Node's HTTP client (keep-alive or
// not, with a deadline), the span ids inside a batch, what the table holds per span, and a process's memory.
import fs from 'node:fs';
import http from 'node:http';
import { decodeProtobufTraces } from '../../src/receiver/otlp-protobuf-decoder.js';
import { decodeJsonTraces } from '../../src/receiver/otlp-json-decoder.js';
import { eventually, sqlRows } from './collector-process.js';

/** mulberry32: a small seeded PRNG, so every run of a test makes the same choices. Returns [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const PROTOBUF = 'application/x-protobuf';
export const JSON_TYPE = 'application/json';

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * POSTs one body to /v1/traces; rejects on a socket error or when no full answer came within `timeoutMs`.
 * Like Node's own guidance for keep-alive clients, a request that failed on a reused socket (the server closed the
 * idle connection as the request went out) is sent once more on a fresh one.
 */
export async function postTraces(
  baseUrl: string,
  body: Uint8Array | string,
  contentType: string,
  options: { agent?: http.Agent; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer> {
  try {
    return await postOnce(baseUrl, body, contentType, options);
  } catch (error) {
    if (!(error as { reusedSocket?: boolean }).reusedSocket) throw error;
    return postOnce(baseUrl, body, contentType, { ...options, agent: undefined });
  }
}

function postOnce(
  baseUrl: string,
  body: Uint8Array | string,
  contentType: string,
  options: { agent?: http.Agent; headers?: Record<string, string>; timeoutMs?: number },
): Promise<Answer> {
  const url = new URL('/v1/traces', baseUrl);
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent: options.agent ?? false,
        headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    // A collector that answers early (413) and closes can leave the rest of the body failing with EPIPE on a socket
    // the request has already let go of; that is the expected outcome, not an error of the test.
    req.on('socket', (socket) => socket.on('error', () => {}));
    req.on('error', (error: Error & { reusedSocket?: boolean }) => {
      error.reusedSocket = req.reusedSocket && (error as NodeJS.ErrnoException).code === 'ECONNRESET';
      reject(error);
    });
    req.end(body);
  });
}

/** The span ids in an OTLP batch (protobuf or JSON), as the table stores them. */
export function spanIdsOf(batch: Uint8Array, contentType: string = PROTOBUF): string[] {
  const decoded = contentType === PROTOBUF ? decodeProtobufTraces(batch) : decodeJsonTraces(batch);
  return decoded.spans.map((span) => span.spanId);
}

/** How many rows the table holds per span id: raw (every insert) and under FINAL (what every read path sees). */
export async function rowsPerSpan(collector: { url: string }): Promise<{ raw: Map<string, number>; final: Map<string, number> }> {
  const count = async (from: string) =>
    new Map(
      (await sqlRows<{ span_id: string; n: string }>(collector, `SELECT span_id, count() AS n FROM ${from} GROUP BY span_id`)).map(
        (row) => [row.span_id, Number(row.n)] as const,
      ),
    );
  return { raw: await count('costtrace.cost_events'), final: await count('costtrace.cost_events FINAL') };
}

/** Resident memory of a live process in MiB: now (VmRSS) and its peak so far (VmHWM). */
export function residentMemoryMb(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** Segment files still waiting in a data directory's spool. */
export function spooledSegments(dataDir: string): string[] {
  try {
    return fs.readdirSync(`${dataDir}/spool`).filter((name) => name.startsWith('segment-'));
  } catch {
    return [];
  }
}

/** One counter or gauge from a running collector's /metrics (the sum over its label sets). */
export async function metric(collector: { url: string }, name: string): Promise<number> {
  const text = await (await fetch(`${collector.url}/metrics`)).text();
  let total = 0;
  for (const match of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))) total += Number(match[1]);
  return total;
}

/**
 * Waits until every row the collector acknowledged is stored: the spool is empty and rows written reached rows
 * accepted (written can be more: complete rows of a request whose spool write failed part-way are stored too).
 */
export async function untilStored(collector: { url: string }, timeoutMs = 30_000): Promise<number> {
  return eventually(async () => {
    const accepted = await metric(collector, 'costtrace_rows_accepted_total');
    const written = await metric(collector, 'costtrace_rows_written_total');
    const backlog = await metric(collector, 'costtrace_spool_backlog_bytes');
    return written >= accepted && backlog === 0 ? written : undefined;
  }, timeoutMs);
}
