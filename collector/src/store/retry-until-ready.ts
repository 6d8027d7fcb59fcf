// Storage set-up retried in the background while a ClickHouse server cannot be reached at start-up: 1 s, 2 s, 4 s
// ... up to 30 s between attempts, each failure reported, until it succeeds or the service stops.

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;

/**
 * Calls `attempt` until it resolves.
 *
 * @param onRetry sees each failure and the delay before the next attempt (for the log and /health)
 * @param signal aborting it ends the wait: the promise then rejects with the signal's reason
 */
export async function retryUntilReady<T>(
  attempt: () => Promise<T>,
  onRetry: (error: Error, delayMs: number) => void,
  signal: AbortSignal,
): Promise<T> {
  let delay = FIRST_DELAY_MS;
  for (;;) {
    signal.throwIfAborted();
    try {
      return await attempt();
    } catch (error) {
      signal.throwIfAborted();
      onRetry(error as Error, delay);
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, delay);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}
