// A full disk under the spool, for real: the collector runs in its own mount namespace with a 96 KiB tmpfs mounted
// on its spool directory (unshare; chmod cannot stop root, and /dev/full cannot hold files). Writes then fail with
// ENOSPC: the export gets 503 + Retry-After naming the cause, the collector keeps running, the full segment drains
// to storage, which frees the space, and every acknowledged span ends up stored exactly once.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { makeBatches } from '../../bench/otlp-batches.js';
import { startCollector, tempDataDir } from './helpers/collector-process.js';
import { metric, postTraces, PROTOBUF, rowsPerSpan, spanIdsOf, untilStored } from './helpers/otlp-load.js';

const TMPFS = 'size=96k';
/** Runs the rest of argv with a tmpfs mounted on "$0/spool", in a private user and mount namespace. */
const inTmpfsSpool = (dataDir: string) => [
  'unshare',
  '--user',
  '--map-root-user',
  '--mount',
  'sh',
  '-c',
  `mount -t tmpfs -o ${TMPFS} tmpfs "$0/spool" && exec "$@"`,
  dataDir,
];

function tmpfsAvailable(): boolean {
  const dir = tempDataDir('costtrace-tmpfs-probe-');
  fs.mkdirSync(path.join(dir, 'spool'));
  const probe = spawnSync(inTmpfsSpool(dir)[0]!, [...inTmpfsSpool(dir).slice(1), 'true'], { stdio: 'ignore' });
  return probe.status === 0;
}

const SPANS = 50;
const batches = makeBatches(16, SPANS, 'protobuf') as Uint8Array[];

test.skipIf(!tmpfsAvailable())(
  'a full disk under the spool: 503 + Retry-After with the cause, no crash, nothing lost or doubled',
  async () => {
    const dataDir = tempDataDir('costtrace-disk-full-');
    fs.mkdirSync(path.join(dataDir, 'spool'));
    // Segments that seal by row count never, and by age only well after the posts below fill the disk.
    const env = { COSTTRACE_BATCH_MAX_ROWS: '1000000', COSTTRACE_BATCH_MAX_AGE_MS: '3000' };
    const collector = await startCollector({ dataDir, env, wrap: inTmpfsSpool(dataDir) });
    try {
      const statuses: number[] = [];
      let diskFull = '';
      for (let i = 0; i < batches.length; i++) {
        // Like an OTLP exporter: retry a retryable answer (faster than its Retry-After, to keep the test short).
        for (;;) {
          const answer = await postTraces(collector.url, batches[i]!, PROTOBUF);
          statuses.push(answer.status);
          if (answer.status === 200) break;
          expect(answer.status).toBe(503);
          expect(answer.headers['retry-after']).toBe('5');
          diskFull = answer.body.toString('latin1');
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      expect(diskFull).toMatch(/cannot write spool file .*spool\/segment-\d+\.blocks: ENOSPC: no space left on device/);
      expect(collector.child.exitCode).toBeNull();
      expect((await fetch(`${collector.url}/health`)).status).toBe(200);
      await untilStored(collector);
      const { raw, final } = await rowsPerSpan(collector);
      for (const batch of batches) for (const id of spanIdsOf(batch)) expect(final.get(id)).toBe(1);
      expect(final.size).toBe(batches.length * SPANS);
      const refused = statuses.filter((s) => s === 503).length;
      expect(refused).toBeGreaterThan(0);
      console.log(
        `disk full: ${batches.length} exports, ${refused} answered 503 (ENOSPC) and retried; ${final.size} spans stored once ` +
          `(${[...raw.values()].reduce((a, b) => a + b, 0) - final.size} raw duplicate rows from the retried partial writes collapse under FINAL); ` +
          `${await metric(collector, 'costtrace_spool_errors_total')} spool errors`,
      );
    } finally {
      expect(await collector.stop()).toBe(0);
    }
  },
);
