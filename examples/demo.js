// `npm run demo`: a costtrace collector on embedded ClickHouse, fake providers, and the example app run with
// `node --import @costtrace/sdk/register`; about a minute of traffic across features, users and orgs
// (DEMO_SECONDS, default 60), then `costtrace report` by feature and by user.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Number(process.env.DEMO_SECONDS ?? 60);
const work = mkdtempSync(path.join(tmpdir(), 'costtrace-demo-'));
const data = path.join(work, 'data');
const children = [];

try {
  const collectorPort = await freePort();
  const collector = start('collector', process.execPath, [
    'collector/dist/cli.js',
    'serve',
    '--port',
    String(collectorPort),
    '--host',
    '127.0.0.1',
    '--data',
    data,
  ]);
  const collectorUrl = `http://127.0.0.1:${collectorPort}`;
  await waitFor(`${collectorUrl}/health`, 60_000);
  console.log(`collector  ${collectorUrl} (embedded ClickHouse in ${data})`);

  // The fake providers are TypeScript test helpers: bundle them once for this plain node script.
  const fakeModule = path.join(work, 'fake-providers.mjs');
  await build({
    entryPoints: [path.join(root, 'instrumentation/test/fake-providers/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: fakeModule,
    logLevel: 'error',
  });
  const { startFakeProviders } = await import(pathToFileURL(fakeModule).href);
  const fake = await startFakeProviders({ eventDelayMs: 5 });
  console.log(`providers  ${fake.origin} (fake OpenAI, Anthropic, Gemini, ...)`);

  const appPort = await freePort();
  const app = start('app', process.execPath, ['--import', '@costtrace/sdk/register', 'examples/app.js'], {
    PORT: String(appPort),
    OTEL_SERVICE_NAME: 'docs-assistant',
    OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
    COSTTRACE_PROVIDER_URLS: fake.mappingEnv,
    OPENAI_BASE_URL: fake.urls.openai,
    ANTHROPIC_BASE_URL: fake.urls.anthropic,
    GEMINI_BASE_URL: fake.urls['gcp.gemini'],
  });
  const appUrl = `http://127.0.0.1:${appPort}`;
  await waitFor(`${appUrl}/health-check-404`, 30_000, true);
  console.log(`app        ${appUrl} (node --import @costtrace/sdk/register examples/app.js)`);

  const counts = await drive(appUrl, seconds);
  console.log(`\nsent ${counts.total} requests in ${seconds}s (${counts.failed} failed); flushing...`);
  await stop(app);
  await new Promise((r) => setTimeout(r, 3000)); // the collector batches its inserts
  await stop(collector);
  fake.close();

  for (const by of ['feature', 'user', 'org']) {
    console.log(`\n$ costtrace report --by ${by} --since all`);
    const report = spawnSync(process.execPath, ['collector/dist/cli.js', 'report', '--by', by, '--since', 'all', '--data', data], {
      cwd: root,
      encoding: 'utf8',
    });
    process.stdout.write(report.stdout || report.stderr);
  }
} finally {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  if (!process.env.DEMO_KEEP_DATA) rmSync(work, { recursive: true, force: true });
  else console.log(`\ndata kept in ${data}`);
}

/** Realistic mixed traffic: a handful of users in three orgs using four features, 4 requests in flight. */
async function drive(appUrl, durationSeconds) {
  const users = [
    ['u-alice', 'acme'],
    ['u-bob', 'acme'],
    ['u-carol', 'globex'],
    ['u-dan', 'globex'],
    ['u-erin', 'initech'],
    ['u-frank', 'initech'],
  ];
  const calls = [
    [35, () => ({ path: '/api/chat', body: { message: 'Hi there', stream: Math.random() < 0.5 } })],
    [25, () => ({ path: `/api/docs/${1 + Math.floor(Math.random() * 40)}/summary`, body: {} })],
    [25, () => ({ path: '/api/research', body: { question: 'Why is the sky blue?' } })],
    [15, () => ({ path: '/api/speak', body: { text: 'Your report is ready. '.repeat(1 + Math.floor(Math.random() * 20)) } })],
  ];
  const pick = () => {
    let r = Math.random() * 100;
    for (const [weight, make] of calls) if ((r -= weight) < 0) return make();
    return calls[0][1]();
  };
  const counts = { total: 0, failed: 0 };
  const end = Date.now() + durationSeconds * 1000;
  let nextLog = Date.now() + 10_000;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (Date.now() < end) {
        const [userId, orgId] = users[Math.floor(Math.random() * users.length)];
        const { path: p, body } = pick();
        try {
          const res = await fetch(`${appUrl}${p}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-user-id': userId, 'x-org-id': orgId },
            body: JSON.stringify(body),
          });
          await res.arrayBuffer();
          if (!res.ok) counts.failed++;
        } catch {
          counts.failed++;
        }
        counts.total++;
        if (Date.now() > nextLog) {
          nextLog += 10_000;
          console.log(`  ${counts.total} requests...`);
        }
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 60));
      }
    }),
  );
  return counts;
}

function start(name, command, args, env = {}) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr.on('data', (chunk) => process.stderr.write(`[${name}] ${chunk}`));
  children.push(child);
  return child;
}

function stop(child) {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Polls a URL until it answers (any status when `anyStatus`, else 2xx). */
async function waitFor(url, timeoutMs, anyStatus = false) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (anyStatus || res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`${url} did not come up within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function freePort() {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
