// Runs capture work after the app's own callbacks: a chunk is handed to the app first, and reading it for usage,
// planning the call from its body and recording its span happen in one setImmediate per event-loop turn, while
// the app waits for the network rather than for costtrace.

/** Work a captured call does in the background; must not throw. */
export interface BackgroundTask {
  run(): void;
}

export class BackgroundQueue {
  private tasks = new Set<BackgroundTask>();
  private scheduled = false;

  /** Runs `task` once after the current I/O callbacks, however often it is added before then. */
  add(task: BackgroundTask): void {
    this.tasks.add(task);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.drain);
  }

  /** Runs every queued task now (flush and shutdown call this so that nothing captured is left behind). */
  readonly drain = (): void => {
    this.scheduled = false;
    const tasks = this.tasks;
    this.tasks = new Set();
    for (const task of tasks) task.run();
  };
}
