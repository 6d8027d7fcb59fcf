// Starts the real `costtrace` CLI (built dist/) as a child process on embedded storage in a temp directory.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll } from 'vitest';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
/** The `costtrace` bin as users start it (npm start, npx costtrace): it carries the Node.js flags the collector runs with. */
const BIN = fileURLToPath(new URL('../../bin/costtrace.js', import.meta.url));
const run = promisify(execFile);

export interface CollectorProcess {
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  stderr: () => string;
  /** SIGTERM and wait for exit; returns the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const running = new Set<ChildProcess>();
const tempDirs: string[] = [];
// When a test file ends, collectors a failed test left running are killed and every temp dir made here is removed.
// A process 'exit' hook would never run: vitest ends its fork workers with SIGTERM. Registered on import, before the
// file's own hooks, so with vitest's stacked hook order it runs after them, once they have stopped their collectors.
afterAll(async () => {
  await Promise.all(
    [...running].map((child) => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      return exited;
    }),
  );
  // Retries: an in-process engine's background work (the storage-outage test's) may still write into its directory.
  await Promise.all(tempDirs.splice(0).map((dir) => fs.promises.rm(dir, { recursive: true, force: true, maxRetries: 5 })));
});

/** A new directory under the OS temp dir, removed when the test file ends. */
export function tempDataDir(prefix = 'costtrace-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export async function startCollector(
  options: {
    dataDir?: string;
    env?: Record<string, string>;
    args?: string[];
    /** a command that execs the rest of its argv */ wrap?: string[];
  } = {},
): Promise<CollectorProcess> {
  const dataDir = options.dataDir ?? tempDataDir();
  const argv = [...(options.wrap ?? []), BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir, ...(options.args ?? [])];
  const child = spawn(argv[0]!, argv.slice(1), {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const infoFile = path.join(dataDir, 'serve.json');
  const deadline = Date.now() + 30_000;
  let port = 0;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`collector exited with ${child.exitCode}: ${stderr}`);
    try {
      const info = JSON.parse(fs.readFileSync(infoFile, 'utf8')) as { pid: number; port: number };
      if (info.pid === child.pid) {
        port = info.port;
        break;
      }
    } catch {
      // not written yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!port) throw new Error(`collector did not start: ${stderr}`);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    child,
    stderr: () => stderr,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs `costtrace <args>` to completion; rejects with its stderr on a non-zero exit. */
export async function costtrace(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
}

/** Polls until `check` returns a value (not undefined) or the timeout passes. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}

/** Read-only SQL through the running collector's API, rows as objects. */
export async function sqlRows<T = Record<string, string>>(collector: { url: string }, query: string): Promise<T[]> {
  const res = await fetch(`${collector.url}/v1/sql`, { method: 'POST', body: JSON.stringify({ query, format: 'json' }) });
  const body = await res.text();
  if (!res.ok) throw new Error(body);
  return (JSON.parse(body) as { data: T[] }).data;
}
