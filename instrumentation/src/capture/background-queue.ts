// Runs capture work after the app's own callbacks, while the app waits for the network rather than for costtrace.
// Two lanes: `add` runs in the next turn (a whole-body call's work, and work that holds growing memory); `addLater`
// waits up to RECORD_DELAY_MS and runs together with whatever else was added meanwhile (a stream's work). A stream's
// end is often seen only once the app has already sent its next request, so its work, run in the next turn, came
// just as that request's first chunk was arriving and delayed it; run alone, one call's work also cost several times
// what it costs in a batch (caches and branch predictors cold once per call).

/** Work a captured call does in the background; must not throw. */
export interface BackgroundTask {
  run(): void;
}

/** How long work may wait for others to join it. Spans are exported in batches seconds apart anyway. */
export const RECORD_DELAY_MS = 20;

export class BackgroundQueue {
  private tasks = new Set<BackgroundTask>();
  private immediate = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Runs `task` once after the current I/O callbacks, however often it is added before then: work that must not
   * wait (it holds memory that keeps growing). */
  add(task: BackgroundTask): void {
    this.tasks.add(task);
    if (this.immediate) return;
    this.immediate = true;
    setImmediate(this.drain);
  }

  /** Runs `task` once within RECORD_DELAY_MS, with every task added meanwhile. */
  addLater(task: BackgroundTask): void {
    this.tasks.add(task);
    if (this.immediate || this.timer !== undefined) return;
    this.timer = setTimeout(this.drain, RECORD_DELAY_MS);
    // Pending work never keeps the process alive: flush() and shutdown() drain it, and so does beforeExit.
    this.timer.unref();
  }

  /** Runs every queued task now (flush and shutdown call this so that nothing captured is left behind). */
  readonly drain = (): void => {
    this.immediate = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const tasks = this.tasks;
    this.tasks = new Set();
    for (const task of tasks) task.run();
  };
}
