// Export and capture health counters, exposed read-only through getStats().
import type { CostTraceStats } from './types.js';

/** Mutable counters shared by the exporter, the capture and the middleware. */
export type StatsCounters = { -readonly [K in keyof CostTraceStats]: CostTraceStats[K] };

export function createStats(): StatsCounters {
  return { spansExported: 0, spansDropped: 0, spansFailed: 0, captureErrors: 0, hookErrors: 0 };
}

let active = createStats();

/** The counters of the current init() (middleware counts its resolver errors here). */
export function activeStats(): StatsCounters {
  return active;
}

/** A fresh set of counters, made active; called by init(). */
export function resetStats(): StatsCounters {
  active = createStats();
  return active;
}

/**
 * Runs a user hook so that it can never throw into the app; a throw is counted and `fallback` returned.
 * (The habit of contrib's `safeExecuteInTheMiddle`.)
 */
export function guardHook<T>(stats: StatsCounters | undefined, fallback: T, run: () => T): T {
  try {
    return run();
  } catch {
    if (stats) stats.hookErrors++;
    return fallback;
  }
}
