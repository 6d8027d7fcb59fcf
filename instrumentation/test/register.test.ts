// `node --import @costtrace/sdk/register app.js`: init() from the environment before app code, with no code change.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chatJson } from './helpers/openai-wire.js';
import { startScriptedServer, type ScriptedServer } from './helpers/scripted-server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let provider: ScriptedServer;
let collector: ScriptedServer;
let dir: string;

beforeAll(async () => {
  provider = await startScriptedServer((_req, res) => res.end(chatJson('gpt-4o')));
  collector = await startScriptedServer((_req, res) => res.end());
  dir = mkdtempSync(path.join(tmpdir(), 'costtrace-register-'));
});
afterAll(async () => {
  await provider.close();
  await collector.close();
  rmSync(dir, { recursive: true, force: true });
});

it('captures a plain script’s provider call and exports it to the configured collector before exit', async () => {
  const script = path.join(dir, 'app.mjs');
  writeFileSync(
    script,
    `const r = await fetch(${JSON.stringify(`${provider.url}/v1/chat/completions`)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"gpt-4o","messages":[]}' });\nconsole.log((await r.json()).usage.prompt_tokens);\n`,
  );
  const child = spawn(process.execPath, ['--import', '@costtrace/sdk/register', script], {
    cwd: root,
    env: {
      ...process.env,
      OTEL_SERVICE_NAME: 'script',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      COSTTRACE_API_KEY: 'k-1',
      COSTTRACE_PROVIDER_URLS: `openai=${provider.url}/v1`,
    },
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  expect([code, out.trim()]).toEqual([0, '11']);
  expect(collector.requests.map((r) => [r.method, r.url, r.headers.authorization, r.headers['content-type']])).toEqual([
    ['POST', '/v1/traces', 'Bearer k-1', 'application/x-protobuf'],
  ]);
  // The protobuf carries the span's strings verbatim.
  expect(collector.requests[0]?.body).toContain('chat gpt-4o');
  expect(collector.requests[0]?.body).toContain('script');
});
