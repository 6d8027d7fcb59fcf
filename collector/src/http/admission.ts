// Load shedding for OTLP exports, decided before a byte of the body is read: at most N exports in flight (429),
// and only one at a time while the process is near its memory limit (503). Both carry Retry-After, which OTLP
// exporters honour.
import v8 from 'node:v8';

/** What the process uses now, in bytes. */
export interface MemorySample {
  rss: number;
  heapUsed: number;
  /** V8's own heap ceiling; passing it crashes the process, whatever the RSS limit says. */
  heapLimit: number;
}

export interface AdmissionOptions {
  /** Exports being read, decoded or spooled at once; more get 429. */
  maxConcurrent: number;
  /** Resident memory limit in bytes; past `SHED_AT` of it exports are admitted one at a time, the rest get 503. */
  maxMemoryBytes: number;
  /** @default the process's own figures */
  sample?: () => MemorySample;
}

export type Admission =
  | { admitted: true; release: () => void }
  | { admitted: false; status: 429 | 503; reason: 'concurrency' | 'memory'; message: string; retryAfterSeconds: number };

/** Headroom left for the exports already admitted, whose bodies and decoded spans are still growing. */
export const SHED_AT = 0.85;
const MiB = 1024 * 1024;

/** Reading RSS costs ~10 µs alone and ~0.1 ms beside a busy engine (measured); memory moves slower than exports arrive. */
const SAMPLE_REUSE_MS = 5;
let lastSample: { at: number; sample: MemorySample } | undefined;

export function processMemory(): MemorySample {
  const now = Date.now();
  if (lastSample && now - lastSample.at < SAMPLE_REUSE_MS) return lastSample.sample;
  const heap = v8.getHeapStatistics();
  const sample = { rss: process.memoryUsage.rss(), heapUsed: heap.used_heap_size, heapLimit: heap.heap_size_limit };
  lastSample = { at: now, sample };
  return sample;
}

/**
 * Decides whether one more export may start.
 *
 * @example
 * const admission = new AdmissionControl({ maxConcurrent: 16, maxMemoryBytes: 1024 * 2 ** 20 });
 * const ticket = admission.admit();
 * if (!ticket.admitted) return answer(ticket.status, ticket.message, ticket.retryAfterSeconds);
 * try { await handle() } finally { ticket.release() }
 */
export class AdmissionControl {
  private inFlight = 0;

  constructor(private readonly options: AdmissionOptions) {}

  get exportsInFlight(): number {
    return this.inFlight;
  }

  admit(): Admission {
    const { maxConcurrent, maxMemoryBytes } = this.options;
    if (this.inFlight >= maxConcurrent) {
      return {
        admitted: false,
        status: 429,
        reason: 'concurrency',
        message: `${maxConcurrent} exports are already in flight (COSTTRACE_MAX_CONCURRENT_REQUESTS); retry later`,
        retryAfterSeconds: 1,
      };
    }
    const memory = (this.options.sample ?? processMemory)();
    // One export still goes through when none is in flight: resident memory does not shrink at once after a peak,
    // and refusing everything until it does could stall ingest for good.
    if (this.inFlight > 0 && (memory.rss >= maxMemoryBytes * SHED_AT || memory.heapUsed >= memory.heapLimit * SHED_AT)) {
      return {
        admitted: false,
        status: 503,
        reason: 'memory',
        message:
          `collector memory is near its limit (RSS ${Math.round(memory.rss / MiB)} MiB of ${Math.round(maxMemoryBytes / MiB)} MiB ` +
          `COSTTRACE_MAX_MEMORY_MB, JS heap ${Math.round(memory.heapUsed / MiB)} of ${Math.round(memory.heapLimit / MiB)} MiB); retry later`,
        retryAfterSeconds: 2,
      };
    }
    this.inFlight++;
    let released = false;
    return {
      admitted: true,
      release: () => {
        if (released) return;
        released = true;
        this.inFlight--;
      },
    };
  }
}
