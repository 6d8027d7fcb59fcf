// The lazily switched-on AsyncLocalStorage context manager: nothing async before the first scope, full propagation
// from then on.
import { createContextKey, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { isTracingSuppressed, suppressTracing } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { setAttribution } from './attribution.js';
import { LazyAsyncLocalStorageContextManager } from './lazy-context-manager.js';

const storageOf = (manager: LazyAsyncLocalStorageContextManager) =>
  (manager as unknown as { _asyncLocalStorage: { enabled?: boolean } })._asyncLocalStorage;

describe('LazyAsyncLocalStorageContextManager', () => {
  it('runs an export under suppressed tracing synchronously, without switching async context on', async () => {
    const manager = new LazyAsyncLocalStorageContextManager().enable();
    const seen = await manager.with(suppressTracing(ROOT_CONTEXT), async () => {
      const during = isTracingSuppressed(manager.active());
      await Promise.resolve();
      return [during, isTracingSuppressed(manager.active())];
    });
    expect(seen).toEqual([true, false]);
    expect(isTracingSuppressed(manager.active())).toBe(false);
    expect(storageOf(manager).enabled).not.toBe(true);
    manager.disable();
  });

  it('switches on for the first scope and then propagates every context across awaits', async () => {
    const manager = new LazyAsyncLocalStorageContextManager().enable();
    const key = createContextKey('k');
    const scoped = setAttribution(ROOT_CONTEXT, { feature: 'chat', meta: {} });
    const inScope = await manager.with(scoped, async () => {
      await Promise.resolve();
      return manager.active() === scoped;
    });
    expect(inScope).toBe(true);
    const suppressed = await manager.with(suppressTracing(ROOT_CONTEXT.setValue(key, 1)), async () => {
      await Promise.resolve();
      return isTracingSuppressed(manager.active()) && manager.active().getValue(key) === 1;
    });
    expect(suppressed).toBe(true);
    manager.disable();
  });

  it('treats a suppressed context that carries a span as a scope', async () => {
    const manager = new LazyAsyncLocalStorageContextManager().enable();
    const withSpan = suppressTracing(
      trace.setSpanContext(ROOT_CONTEXT, { traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: 1 }),
    );
    const kept = await manager.with(withSpan, async () => {
      await Promise.resolve();
      return manager.active() === withSpan;
    });
    expect(kept).toBe(true);
    manager.disable();
  });
});
