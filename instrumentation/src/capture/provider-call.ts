// One captured provider call: its GenAI CLIENT span, the registry's reader fed with the response bytes as they pass,
// the filter that removes the usage chunk costtrace injected, and the end of the span once usage is known.
// Transport-independent: the undici interceptor and the node:http capture both drive it. No method ever throws.
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import type { CapturedUsage, ProviderCallPlan, ResponseUsageReader, StreamByteFilter } from '../providers/provider-types.js';
import {
  ATTR_COSTTRACE_BILLABLE,
  ATTR_COSTTRACE_CANCELLED,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ERROR_TYPE_CANCELLED,
} from '../semconv.js';
import { guardHook } from '../stats.js';
import { decodingReader } from './content-decoding.js';
import type { CaptureRuntime } from './capture-runtime.js';
import { usageAttributes } from './usage-attributes.js';

const EMPTY: Uint8Array = new Uint8Array(0);

export class ProviderCall {
  private reader: ResponseUsageReader | undefined;
  private filter: StreamByteFilter | undefined;
  private statusCode: number | undefined;
  private ended = false;
  private filterAllowed = true;

  constructor(
    private readonly runtime: CaptureRuntime,
    readonly plan: ProviderCallPlan,
    readonly url: URL,
    readonly span: Span,
  ) {}

  /** The rewritten request could not be sent (headers already out): there is no injected chunk to remove. */
  requestSentUnchanged(): void {
    this.filterAllowed = false;
  }

  /** Response headers arrived. Headers: lowercase names. */
  response(statusCode: number, headers: Record<string, string>): void {
    this.guard(() => {
      this.statusCode = statusCode;
      this.span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, statusCode);
      const registry = this.runtime.registry;
      this.reader = decodingReader(registry.createReader(this.plan, { status: statusCode, headers }), headers['content-encoding']);
      // Compressed bytes can't be filtered; costtrace asks for identity encoding whenever it needs to filter.
      const encoded = headers['content-encoding'] !== undefined && headers['content-encoding'] !== 'identity';
      if (this.filterAllowed && this.plan.stripInjectedUsageChunk && statusCode < 300 && !encoded)
        this.filter = registry.createInjectedUsageFilter(this.plan);
    });
  }

  /** A body chunk from the provider; returns the bytes the app must see (the same bytes unless filtering). */
  data(chunk: Uint8Array): Uint8Array {
    if (this.reader) this.guard(() => this.reader?.push(chunk));
    if (!this.filter) return chunk;
    try {
      return this.filter.transform(chunk);
    } catch {
      // A broken filter passes the rest of the stream through untouched rather than lose the app's bytes.
      this.runtime.stats.captureErrors++;
      this.filter = undefined;
      return chunk;
    }
  }

  /** The body ended normally; returns bytes the filter still held back, then ends the span with the usage. */
  complete(): Uint8Array {
    let tail: Uint8Array = EMPTY;
    if (this.filter) {
      const filter = this.filter;
      tail = this.guard(() => filter.flush()) ?? EMPTY;
    }
    this.end(undefined);
    return tail;
  }

  /** The call failed or was cancelled/aborted by the app: the span ends with the usage seen so far. */
  fail(error: unknown): void {
    this.end(error ?? new Error('request failed'));
  }

  private end(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    const usage = this.guard(() => this.reader?.finish());
    this.guard(() => {
      const cancelled = error !== undefined && isCancellation(error);
      if (usage) this.recordUsage(usage);
      if (cancelled) {
        this.span.setAttribute(ATTR_COSTTRACE_CANCELLED, true);
        this.span.setAttribute(ATTR_ERROR_TYPE, ERROR_TYPE_CANCELLED);
        this.span.setStatus({ code: SpanStatusCode.ERROR, message: ERROR_TYPE_CANCELLED });
      } else if (error !== undefined) {
        this.span.setAttribute(ATTR_ERROR_TYPE, errorType(error));
        this.span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      } else if (this.statusCode !== undefined && this.statusCode >= 400) {
        this.span.setAttribute(ATTR_ERROR_TYPE, String(this.statusCode));
        this.span.setStatus({ code: SpanStatusCode.ERROR });
      }
      const hook = this.runtime.options.spanHook;
      if (hook) {
        const info = {
          provider: this.plan.provider,
          operation: this.plan.operation,
          url: this.url,
          cancelled,
          ...(this.statusCode !== undefined && { statusCode: this.statusCode }),
        };
        guardHook(this.runtime.stats, undefined, () => hook(this.span, info));
      }
    });
    this.guard(() => this.span.end());
  }

  private recordUsage(usage: CapturedUsage): void {
    this.span.setAttributes(usageAttributes(usage, this.plan.provider));
    if (usage.responseModel !== undefined && this.plan.requestModel === undefined) {
      this.span.updateName(`${this.plan.operation} ${usage.responseModel}`);
    }
    // A cumulative object counts once: only its final observation, and only the first time it is seen final.
    if (
      usage.dedupeKey !== undefined &&
      (usage.final !== true || !this.runtime.once.add(`${this.plan.provider}\u0000${usage.dedupeKey}`))
    ) {
      this.span.setAttribute(ATTR_COSTTRACE_BILLABLE, false);
    }
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
