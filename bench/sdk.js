// SDK overhead benchmark: the official openai client against a local fake server, JSON and streaming, with no
// instrumentation, costtrace, OpenLLMetry and OpenLIT. Each variant runs in its own child process (one at a time)
// so their patches never meet; the fake server and an OTLP sink run in this parent process. Variants run in
// several rounds, in a rotated order each round, and each figure is the median over the rounds, so that a noisy
// neighbour or a slow drift of the machine does not land on one variant only.
// Streams come two ways. Burst: the fake server writes every event at once, so the first chunk reaches the app only
// after the whole stream has been handled ("whole stream (burst)"). Paced: like a real provider, it flushes the first
// event on its own and the rest BENCH_PACE_MS later, so "first chunk (paced)" is the time to first token.
//   npm run bench:sdk    (BENCH_CALLS=3000 BENCH_ROUNDS=3 BENCH_WARMUP=3000 BENCH_HEAP_CALLS=100000
//                         BENCH_PACE_MS=2 BENCH_VARIANTS=none,costtrace,openllmetry,openlit; `costtrace@/path/dist/index.js` runs
//                         another build of the SDK, e.g. a saved copy of the previous one, side by side)
import { spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';

const VARIANTS = (process.env.BENCH_VARIANTS ?? 'none,costtrace,openllmetry,openlit').split(',');
const CALLS = Number(process.env.BENCH_CALLS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Calls per mode before measuring, so that every variant's code is optimised by the JIT first. 500 was too few:
 * V8 was still compiling (on threads that share the cores with the fake server) during the measured calls, which
 * slowed every variant (the uninstrumented JSON call by ~15%) and made rounds disagree. */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3000);
/** Heap growth is measured once per variant, in the first round. */
const HEAP_CALLS = Number(process.env.BENCH_HEAP_CALLS ?? 100_000);
/** A slow variant is measured on the calls it completes within this budget per phase, not waited for forever. */
const PHASE_MS = Number(process.env.BENCH_PHASE_SECONDS ?? 60) * 1000;
/** The pause between a paced stream's first event and the rest. */
const PACE_MS = Number(process.env.BENCH_PACE_MS ?? 2);
/** The request header that asks the fake server for a paced stream. */
const PACED_HEADER = 'x-bench-paced';
/** Extra node flags for the children, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile a variant. */
const CHILD_ARGS = (process.env.BENCH_CHILD_ARGS ?? '').split(' ').filter(Boolean);

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4], process.argv[5] === 'heap');
else await parent();

// ---- parent: fake OpenAI + OTLP sink, children one by one, table ----

function fakeServer() {
  const usage = {
    prompt_tokens: 25,
    completion_tokens: 40,
    total_tokens: 65,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
  const content = 'The quick brown fox jumps over the lazy dog. '.repeat(4);
  const json = JSON.stringify({
    id: 'chatcmpl-b',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage,
  });
  const words = content.split(' ');
  return http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.url.endsWith('/v1/traces') || req.url.endsWith('/v1/metrics') || req.url.endsWith('/v1/logs')) return res.end();
      const parsed = JSON.parse(body || '{}');
      if (!parsed.stream) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(json);
      }
      const withUsage = parsed.stream_options?.include_usage === true;
      const event = (word) =>
        `data: ${JSON.stringify({ id: 'chatcmpl-s', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini-2024-07-18', choices: [{ index: 0, delta: { content: `${word} ` }, finish_reason: null }], ...(withUsage && { usage: null }) })}\n\n`;
      const rest = (from) => {
        for (const word of words.slice(from)) res.write(event(word));
        if (withUsage)
          res.write(
            `data: ${JSON.stringify({ id: 'chatcmpl-s', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini-2024-07-18', choices: [], usage })}\n\n`,
          );
        res.end('data: [DONE]\n\n');
      };
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (req.headers[PACED_HEADER] === undefined) return rest(0);
      res.write(event(words[0]));
      setTimeout(() => rest(1), PACE_MS);
    });
  });
}

async function parent() {
  const server = fakeServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  const runs = Object.fromEntries(VARIANTS.map((variant) => [variant, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < VARIANTS.length; i++) {
      const variant = VARIANTS[(i + round) % VARIANTS.length];
      process.stderr.write(`round ${round + 1}/${ROUNDS}: running ${variant}...\n`);
      runs[variant].push(await runChild(variant, base, round === 0));
    }
  }
  server.close();
  report(Object.fromEntries(Object.entries(runs).map(([variant, list]) => [variant, combine(list)])));
}

/** The median of each figure over the rounds; heap growth from the round that measured it. */
function combine(list) {
  const out = { ...(list.find((r) => r.heapCalls > 0) ?? list[0]) };
  out.rounds = {
    jsonMs: list.map((r) => r.jsonMs),
    streamMs: list.map((r) => r.streamMs),
    ttfcMs: list.map((r) => r.ttfcMs),
    pacedTtfcMs: list.map((r) => r.pacedTtfcMs),
  };
  for (const key of ['jsonMs', 'jsonMeanMs', 'jsonCpuUs', 'streamMs', 'streamMeanMs', 'streamCpuUs', 'ttfcMs', 'pacedTtfcMs'])
    out[key] = median(list.map((r) => r[key]));
  for (const key of ['jsonCalls', 'streamCalls', 'pacedCalls']) out[key] = list.reduce((n, r) => n + r[key], 0);
  return out;
}

function runChild(variant, base, heap) {
  return new Promise((resolve, reject) => {
    const args = ['--expose-gc', ...CHILD_ARGS, fileURLToPath(import.meta.url), '--child', variant, base, heap ? 'heap' : 'no-heap'];
    const proc = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, OTEL_SDK_DISABLED: undefined },
    });
    let out = '';
    proc.stdout.on('data', (c) => (out += c));
    proc.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`${variant} exited ${code}: ${out}`));
      else resolve(JSON.parse(line));
    });
  });
}

function report(results) {
  const none = results.none;
  const rows = [];
  for (const [variant, r] of Object.entries(results)) {
    const added = (key) =>
      none ? `${(r[key] - none[key]).toFixed(3)} ms (${(((r[key] - none[key]) / none[key]) * 100).toFixed(1)}%)` : '-';
    rows.push({
      variant,
      'json ms/call': r.jsonMs.toFixed(3),
      'json added': variant === 'none' ? '' : added('jsonMs'),
      'json cpu µs/call': r.jsonCpuUs.toFixed(0),
      'stream ms/call': r.streamMs.toFixed(3),
      'stream added': variant === 'none' ? '' : added('streamMs'),
      'stream cpu µs/call': r.streamCpuUs.toFixed(0),
      'whole stream ratio (burst)': none ? (r.ttfcMs / none.ttfcMs).toFixed(3) : '-',
      'first chunk ms (paced)': r.pacedTtfcMs.toFixed(3),
      'first chunk ratio (paced)': none ? (r.pacedTtfcMs / none.pacedTtfcMs).toFixed(3) : '-',
      'heap growth MB': `${r.heapGrowthMb.toFixed(1)} / ${r.heapCalls} calls`,
      calls: `${r.jsonCalls} json, ${r.streamCalls} stream, ${r.pacedCalls} paced`,
    });
  }
  console.log(
    `\nopenai ${process.env.npm_package_devDependencies_openai ?? '6.49.0'} client → local fake server, ${CALLS} sequential calls per mode and round, ${ROUNDS} rounds (medians), Node ${process.version}`,
  );
  console.log(
    `stream: 37 events written at once (burst), so its first chunk reaches the app only once the whole stream is handled; first chunk (paced): the first event flushed alone and the rest ${PACE_MS} ms later, as real providers stream`,
  );
  console.table(rows);
  // The spread of the rounds says how far to trust a difference between variants on this machine; the mean also
  // counts the rare slow call (a batch of background work, an export) that the median leaves out.
  for (const [variant, r] of Object.entries(results)) {
    const ms = (list) => list.map((v) => v.toFixed(3)).join(' ');
    console.log(
      `${variant} per round: json ${ms(r.rounds.jsonMs)} ms, stream ${ms(r.rounds.streamMs)} ms, first chunk (burst) ${ms(r.rounds.ttfcMs)} ms, first chunk (paced) ${ms(r.rounds.pacedTtfcMs)} ms; mean of all calls: json ${r.jsonMeanMs.toFixed(3)} ms, stream ${r.streamMeanMs.toFixed(3)} ms`,
    );
  }
  if (none) {
    const ct = results.costtrace;
    if (ct) {
      const cpuAdded = ((ct.jsonCpuUs - none.jsonCpuUs + ct.streamCpuUs - none.streamCpuUs) / 2).toFixed(0);
      console.log(`costtrace added CPU per call: ${cpuAdded} µs (mean of JSON and stream)`);
    }
  }
}

// ---- child: one variant ----

async function child(variant, base, heap) {
  const sink = base; // the parent answers OTLP too
  const OpenAI = (await import('openai')).default;
  if (variant === 'costtrace' || variant.startsWith('costtrace@')) {
    const build = variant.slice('costtrace@'.length);
    const { init } = await import(build ? pathToFileURL(build).href : '@costtrace/sdk');
    init({ app: 'bench', endpoint: sink, providers: { openai: [`${base}/v1`] } });
  } else if (variant === 'openllmetry') {
    const traceloop = await import('@traceloop/node-server-sdk');
    traceloop.initialize({
      appName: 'bench',
      baseUrl: sink,
      apiKey: 'bench',
      silenceInitializationMessage: true,
      instrumentModules: { openAI: OpenAI },
    });
  } else if (variant === 'openlit') {
    const { Openlit } = await import('openlit');
    Openlit.init({
      applicationName: 'bench',
      otlpEndpoint: sink,
      pricingJson: {},
      disableMetrics: true,
      instrumentations: { openai: OpenAI },
    });
  }
  const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'sk-bench', maxRetries: 0 });
  const messages = [{ role: 'user', content: 'Say something about foxes.' }];
  const jsonCall = () => client.chat.completions.create({ model: 'gpt-4o-mini', messages });
  const pacedOptions = { headers: { [PACED_HEADER]: '1' } };
  /** The time to the app's first chunk. */
  const streamCall = async (paced = false) => {
    const t0 = performance.now();
    let first = 0;
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true }, paced ? pacedOptions : undefined);
    for await (const _chunk of stream) if (first === 0) first = performance.now();
    return first - t0;
  };

  const phase = (name) => process.stderr.write(`  ${variant}: ${name}\n`);
  phase('warm-up');
  const warmStart = performance.now();
  for (let i = 0; i < WARMUP && performance.now() - warmStart < PHASE_MS; i++) {
    await jsonCall();
    await streamCall();
    if (i % 10 === 0) await streamCall(true);
  }
  phase('json');
  const json = await measure(CALLS, jsonCall);
  phase('stream');
  const ttfc = [];
  const stream = await measure(CALLS, async () => ttfc.push(await streamCall()));
  phase('paced stream');
  const pacedTtfc = [];
  const paced = await measure(CALLS, async () => pacedTtfc.push(await streamCall(true)));

  let done = 0;
  let heapGrowth = 0;
  if (heap) {
    phase(`heap (${HEAP_CALLS} calls)`);
    global.gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const heapStart = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (done < HEAP_CALLS && performance.now() - heapStart < PHASE_MS * 2) {
          done++;
          await jsonCall();
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 2000)); // let batch exporters drain
    global.gc();
    global.gc();
    heapGrowth = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  }
  console.log(
    JSON.stringify({
      jsonMs: json.median,
      jsonMeanMs: json.mean,
      jsonCpuUs: json.cpuUs,
      jsonCalls: json.calls,
      streamMs: stream.median,
      streamMeanMs: stream.mean,
      streamCpuUs: stream.cpuUs,
      streamCalls: stream.calls,
      ttfcMs: median(ttfc),
      pacedTtfcMs: median(pacedTtfc),
      pacedCalls: paced.calls,
      heapCalls: done,
      heapGrowthMb: heapGrowth,
    }),
  );
  process.exit(0);
}

async function measure(n, fn) {
  const times = [];
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < n && performance.now() - start < PHASE_MS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  const mean = times.reduce((sum, t) => sum + t, 0) / times.length;
  return { median: median(times), mean, cpuUs: (cpu.user + cpu.system) / times.length, calls: times.length };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
