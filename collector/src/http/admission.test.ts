import { expect, test } from 'vitest';
import { AdmissionControl, SHED_AT, type MemorySample } from './admission.js';

const MiB = 1024 * 1024;
const calm: MemorySample = { rss: 300 * MiB, heapUsed: 50 * MiB, heapLimit: 2048 * MiB };

test('admits up to the concurrency limit, answers 429 with Retry-After past it, and frees a slot on release', () => {
  const admission = new AdmissionControl({ maxConcurrent: 2, maxMemoryBytes: 1024 * MiB, sample: () => calm });
  const first = admission.admit();
  const second = admission.admit();
  expect([first.admitted, second.admitted]).toEqual([true, true]);
  expect(admission.admit()).toEqual({
    admitted: false,
    status: 429,
    reason: 'concurrency',
    message: '2 exports are already in flight (COSTTRACE_MAX_CONCURRENT_REQUESTS); retry later',
    retryAfterSeconds: 1,
  });
  if (first.admitted) {
    first.release();
    first.release(); // a second release must not free a slot that is still taken
  }
  expect(admission.exportsInFlight).toBe(1);
  expect(admission.admit().admitted).toBe(true);
  expect(admission.admit().admitted).toBe(false);
});

test('past the shedding point of the memory limit: one export at a time, the others get 503 with Retry-After', () => {
  let rss = 1024 * MiB * SHED_AT - 1;
  const admission = new AdmissionControl({ maxConcurrent: 100, maxMemoryBytes: 1024 * MiB, sample: () => ({ ...calm, rss }) });
  const first = admission.admit();
  const second = admission.admit();
  expect([first.admitted, second.admitted]).toEqual([true, true]);
  rss = 1024 * MiB * SHED_AT;
  const shed = admission.admit();
  expect(shed).toMatchObject({ admitted: false, status: 503, reason: 'memory', retryAfterSeconds: 2 });
  expect(shed.admitted === false && shed.message).toBe(
    'collector memory is near its limit (RSS 870 MiB of 1024 MiB COSTTRACE_MAX_MEMORY_MB, JS heap 50 of 2048 MiB); retry later',
  );
  // Memory stays high after the exports end, yet one at a time still gets in: ingest never stalls for good.
  if (first.admitted) first.release();
  if (second.admitted) second.release();
  expect(admission.admit().admitted).toBe(true);
  expect(admission.admit()).toMatchObject({ admitted: false, status: 503 });
  expect(admission.exportsInFlight).toBe(1);
});

test('sheds when the JS heap nears its own ceiling, whatever the RSS', () => {
  const admission = new AdmissionControl({
    maxConcurrent: 100,
    maxMemoryBytes: 4096 * MiB,
    sample: () => ({ rss: 400 * MiB, heapUsed: 1800 * MiB, heapLimit: 2048 * MiB }),
  });
  expect(admission.admit().admitted).toBe(true);
  expect(admission.admit()).toMatchObject({ admitted: false, status: 503, reason: 'memory' });
});
