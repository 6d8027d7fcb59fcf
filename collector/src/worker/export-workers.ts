// The main thread's side of the processing threads: decode → price → encode runs there, so the main thread only
// reads requests, spools blocks and answers. Each thread takes exports in turn; a thread that dies fails its exports
// in flight (the exporters retry on 503) and is replaced when the next export needs it, so a thread that cannot
// start fails exports instead of being restarted in a loop.
import { Worker } from 'node:worker_threads';
import type { OtlpEncoding } from '../http/otlp-response.js';
import type { PricerRecipe } from '../prices/pricer-recipe.js';
import { OtlpDecodeError } from '../receiver/otlp-decode-error.js';
import type { FromProcessingThread, ToProcessingThread } from './export-messages.js';
import type { ExportWork } from './export-work.js';

/** A processing thread stopped before it answered: nothing of the export was kept, so a retry is safe. */
export class ProcessingThreadError extends Error {
  override readonly name = 'ProcessingThreadError';
}

/**
 * The thread's compiled entry. Run from the TypeScript sources (the test runner), it is the compiled twin in dist/,
 * which `npm test` builds first: worker threads run plain JavaScript.
 */
const THREAD_ENTRY = new URL(
  import.meta.url.endsWith('.ts') ? '../../dist/worker/export-worker-thread.js' : './export-worker-thread.js',
  import.meta.url,
);

interface Thread {
  worker: Worker;
  pending: Map<number, { resolve: (work: ExportWork) => void; reject: (error: Error) => void }>;
  exited: boolean;
}

export class ExportWorkers {
  private readonly threads: Thread[];
  private turn = 0;
  private sequence = 0;
  private closing = false;

  /**
   * @param count processing threads (at least 1)
   * @param recipe how to price until `setPricer` says otherwise
   * @param entry the thread's script (tests point it elsewhere to see a thread die)
   */
  constructor(
    count: number,
    private recipe: PricerRecipe,
    private readonly entry: URL = THREAD_ENTRY,
  ) {
    this.threads = Array.from({ length: count }, () => this.spawn());
  }

  /** Prices every export posted after this call with `recipe`. */
  setPricer(recipe: PricerRecipe): void {
    this.recipe = recipe;
    for (const thread of this.threads) thread.worker.postMessage({ type: 'pricer', recipe } satisfies ToProcessingThread);
  }

  /**
   * Prices one export body in a processing thread. The body's memory moves to the thread when the body owns it whole
   * (it must not be used afterwards); a view into shared memory is copied.
   * @throws OtlpDecodeError for an undecodable body; ProcessingThreadError when the thread died first.
   */
  run(body: Uint8Array, encoding: OtlpEncoding): Promise<ExportWork> {
    if (this.closing) return Promise.reject(new ProcessingThreadError('export not processed: the collector is stopping'));
    const slot = this.turn++ % this.threads.length;
    if (this.threads[slot]!.exited) this.threads[slot] = this.spawn();
    const thread = this.threads[slot]!;
    const id = ++this.sequence;
    const ownsMemory = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer;
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      const message: ToProcessingThread = { type: 'export', id, body, encoding };
      thread.worker.postMessage(message, ownsMemory ? [body.buffer as ArrayBuffer] : []);
    });
  }

  /** Stops every thread; exports in flight fail with ProcessingThreadError. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }

  private spawn(): Thread {
    // Inherited flags as they are (an explicit list may not hold V8 flags such as the bin's heap setting), unless
    // some must go.
    const execArgv = compiledCodeArgv(process.execArgv);
    const worker = new Worker(this.entry, execArgv.length < process.execArgv.length ? { execArgv } : {});
    const thread: Thread = { worker, pending: new Map(), exited: false };
    worker.postMessage({ type: 'pricer', recipe: this.recipe } satisfies ToProcessingThread);
    worker.on('message', (message: FromProcessingThread) => {
      const waiting = thread.pending.get(message.id);
      if (!waiting) return;
      thread.pending.delete(message.id);
      if ('failure' in message) {
        const { decode, message: text } = message.failure;
        waiting.reject(decode ? new OtlpDecodeError(text) : new Error(`processing an export failed: ${text}`));
        return;
      }
      const { block } = message.work;
      waiting.resolve({ ...message.work, block: block && Buffer.from(block.buffer, block.byteOffset, block.byteLength) });
    });
    // An uncaught error ends the thread; 'exit' follows it and does the clean-up once.
    let failure = '';
    worker.on('error', (error) => (failure = `: ${error.message}`));
    worker.on('exit', (code) => {
      thread.exited = true;
      const cause = this.closing ? 'the collector is stopping' : `a processing thread exited with code ${code}${failure}`;
      for (const waiting of thread.pending.values()) waiting.reject(new ProcessingThreadError(`export not processed: ${cause}`));
      thread.pending.clear();
    });
    return thread;
  }
}

/**
 * The parent's Node.js flags minus custom resolution conditions: the thread runs compiled code, and a condition such
 * as the test runner's `source` would point its imports at TypeScript sources.
 */
export function compiledCodeArgv(argv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--conditions' || flag === '-C') i++;
    else if (!flag.startsWith('--conditions=') && !flag.startsWith('-C=')) kept.push(flag);
  }
  return kept;
}
