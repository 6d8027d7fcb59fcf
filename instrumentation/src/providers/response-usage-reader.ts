// Reads one provider response as it streams past the app and hands what it saw to the usage extractor. Picks the body
// reader by content type: SSE, AWS event stream, a streamed JSON array, or a bounded buffered JSON body. Never throws.
import { AwsEventStreamScanner } from './aws-event-stream-scanner.js';
import { copyBytes, joinBytes, textOf } from './byte-text.js';
import type { CountSource, UsageShape } from './catalog-types.js';
import { JsonArrayScanner } from './json-array-scanner.js';
import { getPath, isObject, mergeInto, type JsonObject, type JsonPath } from './json-path.js';
import { topLevelMembers } from './json-top-level.js';
import type { CapturedUsage, ResponseUsageReader } from './provider-types.js';
import { findRawScalar } from './raw-json-value.js';
import { SseUsageScanner } from './sse-usage-scanner.js';
import { extractUsage } from './usage-extractor.js';

/** A JSON body larger than this is not parsed; only its head is scanned for the shape's top fields. */
export const MAX_JSON_BODY_BYTES = 8 << 20;
const HEAD_BYTES = 64 << 10;

/** What a body reader saw. */
interface BodyFacts {
  body?: unknown;
  rawCost?: string;
}

interface BodyReader {
  push(chunk: Uint8Array): void;
  finish(): BodyFacts;
}

/**
 * A reader for one response.
 * @param streaming the call asked for a stream (decides how a JSON body is read)
 * @param pathId the id the request path names, for one-off results and cumulative objects
 */
export function createResponseUsageReader(
  shape: UsageShape | undefined,
  streaming: boolean,
  response: { status: number; headers: Record<string, string> },
  pathId?: string,
): ResponseUsageReader {
  if (!shape) return { push: () => undefined, finish: () => undefined };
  const headers = lowercaseKeys(response.headers ?? {});
  let body = needsBody(shape) ? bodyReader(shape, streaming, headers['content-type'] ?? '') : undefined;
  let finished: CapturedUsage | undefined;
  let done = false;
  return {
    push(chunk) {
      try {
        body?.push(chunk);
      } catch {
        body = undefined; // Broken body: the headers may still tell something.
      }
    },
    finish() {
      if (done) return finished;
      done = true;
      try {
        finished = extractUsage(shape, { status: response.status, headers, ...(pathId !== undefined && { pathId }), ...body?.finish() });
      } catch {
        finished = undefined;
      }
      return finished;
    },
  };
}

/** The event-stream framing a response's Content-Type names: server-sent events, or AWS's binary event stream. */
export function eventStreamOf(contentType: string): 'sse' | 'aws' | undefined {
  const type = contentType.toLowerCase();
  if (type.includes('text/event-stream')) return 'sse';
  if (type.includes('application/vnd.amazon.eventstream')) return 'aws';
  return undefined;
}

function bodyReader(shape: UsageShape, streaming: boolean, contentType: string): BodyReader {
  const needles = shape.stream?.needles ?? ['usage'];
  const framing = eventStreamOf(contentType);
  if (framing === 'sse') {
    const events = new MergedEvents(shape);
    const scanner = new SseUsageScanner(needles, (type, text, data) => events.absorb(type, text, data));
    return { push: (chunk) => scanner.push(chunk), finish: () => events.facts() };
  }
  if (framing === 'aws') {
    const events = new MergedEvents(shape);
    const scanner = new AwsEventStreamScanner(needles, (type, text, data) => events.absorb(type, text, data));
    return { push: (chunk) => scanner.push(chunk), finish: () => events.facts() };
  }
  if (streaming && shape.stream?.jsonArray) {
    const events = new MergedEvents(shape);
    const scanner = new JsonArrayScanner(needles, (text, data) => events.absorb(undefined, text, data));
    return { push: (chunk) => scanner.push(chunk), finish: () => events.facts() };
  }
  return new BufferedJson(shape);
}

/** The merge of a stream's usage events: later values of cumulative counters replace earlier ones. */
class MergedEvents {
  private body: JsonObject | undefined;
  private rawCost: string | undefined;

  constructor(private readonly shape: UsageShape) {}

  absorb(type: string | undefined, text: string, parsed: unknown): void {
    const root = (type !== undefined && this.shape.stream?.roots?.[type]) || [];
    const part = getPath(parsed, root);
    if (!isObject(part)) return;
    this.body = mergeInto(this.body ?? {}, part);
    const cost = this.shape.cost;
    if (cost && getPath(part, cost.path) !== undefined) this.rawCost = rawNumber(text, [...root, ...cost.path], getPath(part, cost.path));
  }

  facts(): BodyFacts {
    return { body: this.body, ...(this.rawCost !== undefined && { rawCost: this.rawCost }) };
  }
}

/** A whole JSON body, kept up to MAX_JSON_BODY_BYTES and read once at the end: only the top-level members the shape
 * reads are parsed (not the completion text around them). The chunks are kept as given: the runtime hands them
 * over after the app has had them, and never reuses them. */
class BufferedJson implements BodyReader {
  private parts: Uint8Array[] = [];
  private size = 0;
  private head: Uint8Array | undefined;
  /** The top-level keys the shape reads; undefined when one of its paths starts with an array index. */
  private readonly keys: string[] | undefined;

  constructor(private readonly shape: UsageShape) {
    const first = readPaths(shape).map((path) => path[0]);
    this.keys = first.every((step) => typeof step === 'string') ? [...new Set(first as string[])] : undefined;
  }

  push(chunk: Uint8Array): void {
    if (this.head) return;
    this.size += chunk.length;
    if (this.size > MAX_JSON_BODY_BYTES) {
      this.head = copyBytes(joinBytes([...this.parts, chunk]), 0, HEAD_BYTES);
      this.parts = [];
      return;
    }
    this.parts.push(chunk);
  }

  finish(): BodyFacts {
    if (this.head) return fromHead(textOf(this.head), this.shape);
    const text = textOf(joinBytes(this.parts));
    this.parts = [];
    const body = parseRead(text, this.keys);
    if (body === undefined) return {};
    const costPath = this.shape.cost?.path;
    const rawCost = costPath ? rawNumber(text, costPath, getPath(body, costPath)) : undefined;
    return { body, ...(rawCost !== undefined && { rawCost }) };
  }
}

/** The body's members named by `keys` (the whole body when there are none to go by); undefined when unparseable. */
function parseRead(text: string, keys: string[] | undefined): unknown {
  try {
    const members = keys && topLevelMembers(text, keys);
    if (!members) return JSON.parse(text);
    const body: JsonObject = {};
    for (const [key, span] of members) body[key] = JSON.parse(text.slice(span.start, span.end));
    return body;
  } catch {
    return undefined;
  }
}

/** The raw digits at `path` when they are the number JSON.parse read there. */
function rawNumber(text: string, path: JsonPath, parsed: unknown): string | undefined {
  if (typeof parsed !== 'number') return undefined;
  const raw = findRawScalar(text, path);
  return raw !== undefined && Number(raw) === parsed ? raw : undefined;
}

/** The shape's scalar fields read from the head of a body too large to parse (e.g. a Firecrawl crawl status whose
 * `data` runs to megabytes after `status` and `creditsUsed`). */
function fromHead(text: string, shape: UsageShape): BodyFacts {
  const body: JsonObject = {};
  let rawCost: string | undefined;
  for (const path of readPaths(shape, false)) {
    const raw = findRawScalar(text, path);
    if (raw === undefined || path.some((step) => typeof step === 'number')) continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      continue;
    }
    setPath(body, path as readonly string[], value);
    if (path === shape.cost?.path && typeof value === 'number') rawCost = raw;
  }
  return { body, ...(rawCost !== undefined && { rawCost }) };
}

/** Every body path the shape reads (with `counted`, also the arrays whose items it counts). */
function readPaths(shape: UsageShape, counted = true): JsonPath[] {
  const paths: JsonPath[] = [];
  const add = (source: CountSource | undefined): void => {
    if (source === undefined) return;
    if (Array.isArray(source)) paths.push(source as JsonPath);
    else if ('sum' in source) paths.push(...source.sum);
    else if ('first' in source) paths.push(...source.first);
    else if (counted && 'count' in source) paths.push(source.count);
  };
  for (const source of Object.values(shape.tokens ?? {})) add(source);
  for (const source of Object.values(shape.units ?? {})) add(source);
  for (const path of [shape.responseModel, shape.responseId, shape.serviceTier, shape.cost?.path, shape.run?.id, shape.run?.status]) {
    if (path) paths.push(path);
  }
  return paths;
}

function setPath(target: JsonObject, path: readonly string[], value: unknown): void {
  let node = target;
  for (const [i, step] of path.entries()) {
    if (i === path.length - 1) node[step] = value;
    else {
      if (!isObject(node[step])) node[step] = {};
      node = node[step] as JsonObject;
    }
  }
}

/** Whether any usage comes from the body (else only status and headers are read, e.g. audio bodies). */
function needsBody(shape: UsageShape): boolean {
  return Boolean(shape.tokens || shape.units || shape.cost || shape.run || shape.responseModel || shape.responseId || shape.serviceTier);
}

function lowercaseKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}
