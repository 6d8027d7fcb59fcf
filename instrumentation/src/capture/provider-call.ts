// One captured provider call. On the app's path it only does what cannot wait: remember the response status and
// headers, filter the stream when costtrace injected include_usage, and keep a reference to the bytes the reader
// needs. Everything else runs afterwards in the background queue: planning from the request body, reading those
// bytes for usage, and recording the GenAI CLIENT span (with the call's own start and end times) once it has
// ended. Transport-independent: the undici interceptor and the node:http capture both drive it. No method ever
// throws.
import { SpanKind, SpanStatusCode, type Attributes, type Context } from '@opentelemetry/api';
import { attributionAttributes, getAttribution } from '../attribution.js';
import { textOf } from '../providers/byte-text.js';
import { eventStreamOf } from '../providers/response-usage-reader.js';
import type { CapturedUsage, ProviderCallPlan, ResponseUsageReader, StreamByteFilter } from '../providers/provider-types.js';
import {
  ATTR_COSTTRACE_BILLABLE,
  ATTR_COSTTRACE_CANCELLED,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ERROR_TYPE_CANCELLED,
} from '../semconv.js';
import { guardHook } from '../stats.js';
import type { BackgroundTask } from './background-queue.js';
import type { CaptureRuntime } from './capture-runtime.js';
import { decodingReader } from './content-decoding.js';
import { headerRecord, headerValue } from './headers.js';
import { usageAttributes } from './usage-attributes.js';

const EMPTY: Uint8Array = new Uint8Array(0);
const MAX_HELD_EVENTS = 16;

/** `server.address` and `server.port` of a call. */
export interface ServerAddress {
  address: string;
  port: number;
}

/** The request as it left: what the background planning needs. */
export interface CallRequest {
  /** `scheme://host[:port]` */
  origin: string;
  /** Path and query. */
  path: string;
  method: string;
  server: ServerAddress;
  /** The app's JSON/text body, when it could be read without consuming it. */
  body?: Uint8Array;
}

export class ProviderCall implements BackgroundTask {
  private statusCode: number | undefined;
  /** Response headers as the transport gave them; decoded in the background. */
  private headers: unknown;
  private filter: StreamByteFilter | undefined;
  private filterAllowed = true;
  /** The response is an event stream: its work waits for other calls' (see BackgroundQueue). */
  private streamed = false;
  private reader: ResponseUsageReader | undefined;
  /** Chunks the app has been given and the reader has not read yet. */
  private unread: Uint8Array[] = [];
  private ended = false;
  private endTime = 0;
  private error: unknown;
  private recorded = false;

  /**
   * @param urlPlan the plan made from the URL alone
   * @param plan the plan made with the body before sending, when costtrace had to (else made in the background)
   * @param parent the caller's context: the span's parent and attribution
   * @param startTime `performance.now()` when the request was dispatched
   */
  constructor(
    private readonly runtime: CaptureRuntime,
    private readonly request: CallRequest,
    private readonly urlPlan: ProviderCallPlan,
    private plan: ProviderCallPlan | undefined,
    private readonly parent: Context,
    private readonly startTime: number,
  ) {}

  /** The rewritten request could not be sent (headers already out): there is no injected chunk to remove. */
  requestSentUnchanged(): void {
    this.filterAllowed = false;
  }

  /** Response headers arrived, in any shape the transports use (see headers.ts). */
  response(statusCode: number, headers: unknown): void {
    this.statusCode = statusCode;
    this.headers = headers;
    try {
      const framing = eventStreamOf(headerValue(headers, 'content-type') ?? '');
      this.streamed = framing !== undefined;
      const plan = this.plan ?? this.urlPlan;
      if (!this.filterAllowed || !plan.stripInjectedUsageChunk || statusCode >= 300) return;
      // Only an event stream can carry the usage chunk, and compressed bytes can't be filtered (costtrace asks for
      // identity encoding whenever it injects).
      const encoding = headerValue(headers, 'content-encoding');
      if (framing !== 'sse' || (encoding !== undefined && encoding !== 'identity')) return;
      // The reader then reads only the events that carry usage (the chunk costtrace asked for), not the app's.
      this.filter = this.runtime.registry.createInjectedUsageFilter(plan, (event) => this.keep(event));
    } catch {
      this.runtime.stats.captureErrors++;
    }
  }

  /** A body chunk from the provider; returns the bytes the app must see (the same bytes unless filtering). */
  data(chunk: Uint8Array): Uint8Array {
    if (this.filter) {
      try {
        return this.filter.transform(chunk);
      } catch {
        // A broken filter passes the rest of the stream through untouched rather than lose the app's bytes.
        this.runtime.stats.captureErrors++;
        this.filter = undefined;
      }
    }
    this.keep(chunk);
    return chunk;
  }

  /** The body ended normally; returns bytes the filter still held back. The span is recorded in the background. */
  complete(): Uint8Array {
    let tail = EMPTY;
    if (this.filter) {
      try {
        tail = this.filter.flush();
      } catch {
        this.runtime.stats.captureErrors++;
      }
    }
    this.end(undefined);
    return tail;
  }

  /** The call failed or was cancelled/aborted by the app: the span ends with the usage seen so far. */
  fail(error: unknown): void {
    this.end(error ?? new Error('request failed'));
  }

  /** Background work: plan, read what arrived, and record the span once the call has ended. */
  run(): void {
    if (this.recorded) return;
    const plan = (this.plan ??= this.guard(() => this.planWithBody()));
    if (!plan) {
      // Not a provider call after all, or the planner failed: nothing to record, nothing more to keep.
      this.recorded = true;
      this.unread = [];
      return;
    }
    if (!this.reader && this.statusCode !== undefined) this.reader = this.guard(() => this.createReader(plan));
    const unread = this.unread;
    this.unread = [];
    if (this.reader) for (const chunk of unread) this.guard(() => this.reader?.push(chunk));
    if (this.ended) {
      this.recorded = true;
      this.guard(() => this.record(plan));
    }
  }

  /** Bytes for the reader, read in the background: a stream's with other calls' work, but at once when
   * MAX_HELD_EVENTS wait (a provider that puts usage in every event), so that what waits stays bounded. */
  private keep(bytes: Uint8Array): void {
    if (this.recorded) return;
    this.unread.push(bytes);
    if (this.streamed && this.unread.length < MAX_HELD_EVENTS) this.runtime.background.addLater(this);
    else this.runtime.background.add(this);
  }

  private end(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.error = error;
    this.endTime = performance.now();
    // A stream's end is often seen only once the app has sent its next request: recorded at once, it would sit
    // between that request and its first chunk. A whole body's call is recorded in the next turn, while the app
    // waits for the network.
    if (this.streamed) this.runtime.background.addLater(this);
    else this.runtime.background.add(this);
  }

  private planWithBody(): ProviderCallPlan {
    const body = this.request.body;
    return body === undefined ? this.urlPlan : this.runtime.registry.withBody(this.urlPlan, textOf(body));
  }

  private createReader(plan: ProviderCallPlan): ResponseUsageReader {
    const headers = headerRecord(this.headers);
    const reader = this.runtime.registry.createReader(plan, { status: this.statusCode ?? 0, headers });
    return decodingReader(reader, headers['content-encoding']);
  }

  private record(plan: ProviderCallPlan): void {
    const usage = this.reader ? this.guard(() => this.reader?.finish()) : undefined;
    const { server } = this.request;
    const error = this.error;
    const cancelled = error !== undefined && isCancellation(error);
    const model = plan.requestModel ?? usage?.responseModel;
    const attributes: Attributes = {
      [ATTR_GEN_AI_PROVIDER_NAME]: plan.provider,
      [ATTR_GEN_AI_OPERATION_NAME]: plan.operation,
      ...(plan.requestModel !== undefined && { [ATTR_GEN_AI_REQUEST_MODEL]: plan.requestModel }),
      [ATTR_SERVER_ADDRESS]: server.address,
      [ATTR_SERVER_PORT]: server.port,
      ...attributionAttributes(getAttribution(this.parent)),
      ...(this.statusCode !== undefined && { [ATTR_HTTP_RESPONSE_STATUS_CODE]: this.statusCode }),
      ...(usage && this.usageAttributes(plan, usage)),
    };
    const span = this.runtime
      .tracer()
      .startSpan(
        model !== undefined ? `${plan.operation} ${model}` : plan.operation,
        { kind: SpanKind.CLIENT, attributes, startTime: this.startTime },
        this.parent,
      );
    if (cancelled) {
      span.setAttribute(ATTR_COSTTRACE_CANCELLED, true);
      span.setAttribute(ATTR_ERROR_TYPE, ERROR_TYPE_CANCELLED);
      span.setStatus({ code: SpanStatusCode.ERROR, message: ERROR_TYPE_CANCELLED });
    } else if (error !== undefined) {
      span.setAttribute(ATTR_ERROR_TYPE, errorType(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    } else if (this.statusCode !== undefined && this.statusCode >= 400) {
      span.setAttribute(ATTR_ERROR_TYPE, String(this.statusCode));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    const hook = this.runtime.options.spanHook;
    if (hook) {
      const info = {
        provider: plan.provider,
        operation: plan.operation,
        url: new URL(this.request.path, this.request.origin),
        cancelled,
        ...(this.statusCode !== undefined && { statusCode: this.statusCode }),
      };
      guardHook(this.runtime.stats, undefined, () => hook(span, info));
    }
    span.end(this.endTime);
  }

  private usageAttributes(plan: ProviderCallPlan, usage: CapturedUsage): Attributes {
    const attributes = usageAttributes(usage, plan.provider);
    // A cumulative object counts once: only its final observation, and only the first time it is seen final.
    if (usage.dedupeKey !== undefined && (usage.final !== true || !this.runtime.once.add(`${plan.provider}\u0000${usage.dedupeKey}`))) {
      attributes[ATTR_COSTTRACE_BILLABLE] = false;
    }
    return attributes;
  }

  private guard<T>(run: () => T): T | undefined {
    try {
      return run();
    } catch {
      this.runtime.stats.captureErrors++;
      return undefined;
    }
  }
}

/** Aborts by the app (AbortSignal, a cancelled body stream, a destroyed http response) rather than failures. */
function isCancellation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown };
  if (e.name === 'AbortError' || e.code === 'UND_ERR_ABORTED' || e.code === 'ABORT_ERR') return true;
  // undici's fetch terminates a body the app cancelled with a bare "terminated" TypeError (no cause).
  return e.message === 'terminated' && e.cause === undefined;
}

function errorType(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const e = error as { code?: unknown; name?: unknown };
    if (typeof e.code === 'string') return e.code;
    if (typeof e.name === 'string') return e.name;
  }
  return 'error';
}
