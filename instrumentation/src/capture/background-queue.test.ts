// When background work runs: a stream's work waits to be batched with other calls', work that holds growing memory
// runs in the next turn, and drain() runs everything at once (flush and shutdown rely on it).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackgroundQueue, RECORD_DELAY_MS, type BackgroundTask } from './background-queue.js';

function task(log: string[], name: string): BackgroundTask {
  return { run: () => void log.push(name) };
}

describe('BackgroundQueue', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs later work once, together with everything added before its delay is up', () => {
    const queue = new BackgroundQueue();
    const log: string[] = [];
    const a = task(log, 'a');
    queue.addLater(a);
    queue.addLater(a);
    vi.advanceTimersByTime(RECORD_DELAY_MS - 1);
    queue.addLater(task(log, 'b'));
    expect(log).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(log).toEqual(['a', 'b']);
    vi.advanceTimersByTime(RECORD_DELAY_MS * 10);
    expect(log).toEqual(['a', 'b']);
  });

  it('runs immediate work in the next turn, taking the waiting work with it', () => {
    const queue = new BackgroundQueue();
    const log: string[] = [];
    queue.addLater(task(log, 'later'));
    queue.add(task(log, 'now'));
    vi.advanceTimersToNextTimer();
    expect(log).toEqual(['later', 'now']);
    // The later timer was cancelled: nothing runs twice.
    vi.advanceTimersByTime(RECORD_DELAY_MS);
    expect(log).toEqual(['later', 'now']);
  });

  it('runs everything on drain() and leaves no timer behind', () => {
    const queue = new BackgroundQueue();
    const log: string[] = [];
    queue.addLater(task(log, 'a'));
    queue.add(task(log, 'b'));
    queue.drain();
    expect(log).toEqual(['a', 'b']);
    expect(vi.getTimerCount()).toBe(1); // the immediate, which finds nothing left to run
    vi.runAllTimers();
    expect(log).toEqual(['a', 'b']);
  });
});
