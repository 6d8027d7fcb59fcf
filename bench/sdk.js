// SDK overhead benchmark: the official openai client against a local fake server, JSON and streaming, with no
// instrumentation, costtrace, OpenLLMetry and OpenLIT. Each variant runs in its own child process so their patches
// never meet; the fake server and an OTLP sink run in this parent process. In each round every variant gets a new
// process, warmed up, and the parent has them take turns in short slices (~40 calls of one mode, the variants in a
// rotated order each slice): this machine's speed drifts by ±30% over seconds, so a variant is compared only with
// the uninstrumented calls made moments before or after it. "added" and the ratios are medians over all slices of
// those paired figures.
// Streams come two ways. Burst: the fake server writes every event at once, so the first chunk reaches the app only
// after the whole stream has been handled ("whole stream (burst)"). Paced: like a real provider, it flushes the first
// event on its own and the rest BENCH_PACE_MS later, so "first chunk (paced)" is the time to first token.
//   npm run bench:sdk    (BENCH_CALLS=3000 BENCH_ROUNDS=8 BENCH_SLICES=10 BENCH_WARMUP=3000 BENCH_HEAP_CALLS=100000
//                         BENCH_PACE_MS=2 BENCH_VARIANTS=none,none+usage,costtrace,openllmetry,openlit; `costtrace@/path/dist/index.js` runs
//                         another build of the SDK, e.g. a saved copy of the previous one, side by side; `none+usage` and
//                         `costtrace+usage` are apps that ask for stream usage themselves; `none+busy`, a control, also
//                         spins BENCH_BUSY_MS=0.5 every 20 ms)
import { fork, spawnSync } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';

const VARIANTS = (process.env.BENCH_VARIANTS ?? 'none,none+usage,costtrace,openllmetry,openlit').split(',');
/** Calls per mode and variant, spread over the rounds and their slices. */
const CALLS = Number(process.env.BENCH_CALLS ?? 3000);
/** Each round starts every variant in a new process: one process's luck (where its code and data landed) stays
 * with it. Pooled over 3 processes, runs still differed by ±4%; over 8, by ~1–2%. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const SLICES = Number(process.env.BENCH_SLICES ?? 10);
/** Calls per mode before measuring, so that every variant's code is optimised by the JIT first. 500 was too few:
 * V8 was still compiling (on threads that share the cores with the fake server) during the measured calls, which
 * slowed every variant (the uninstrumented JSON call by ~15%) and made rounds disagree. */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3000);
const HEAP_CALLS = Number(process.env.BENCH_HEAP_CALLS ?? 100_000);
/** A slow variant is measured on the calls it completes within this budget per mode, not waited for forever. */
const PHASE_MS = Number(process.env.BENCH_PHASE_SECONDS ?? 60) * 1000;
/** The pause between a paced stream's first event and the rest. */
const PACE_MS = Number(process.env.BENCH_PACE_MS ?? 2);
/** The request header that asks the fake server for a paced stream. */
const PACED_HEADER = 'x-bench-paced';
/** Extra node flags for the children, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile a variant. */
const CHILD_ARGS = (process.env.BENCH_CHILD_ARGS ?? '').split(' ').filter(Boolean);
/** How long the `+busy` control variant works every 20 ms. */
const BUSY_MS = Number(process.env.BENCH_BUSY_MS ?? 0.5);
/** The call modes measured; a subset (BENCH_MODES=paced) while looking into one figure. */
const MODES = (process.env.BENCH_MODES ?? 'json,stream,paced').split(',');
/** With two cores or more, the fake server (this process) and the apps (the children) each get a core of their own,
 * the same for every variant: left to the scheduler, two children running the same code differed by ±10% for
 * their whole life, more than the differences measured here. */
const PIN = os.availableParallelism() >= 2 && spawnSync('taskset', ['-V']).status === 0;

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
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
  if (PIN) pin(process.pid, 0);
  const server = fakeServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  const slices = Object.fromEntries(VARIANTS.map((variant) => [variant, Object.fromEntries(MODES.map((mode) => [mode, []]))]));
  const heap = {};
  const cpu = Object.fromEntries(VARIANTS.map((variant) => [variant, { cpuUs: 0, calls: 0, stats: [] }]));
  const perSlice = Math.ceil(CALLS / (ROUNDS * SLICES));
  for (let round = 0; round < ROUNDS; round++) {
    const children = {};
    // Warmed up one at a time, so that no variant compiles its code while another is measured.
    for (const variant of VARIANTS) {
      process.stderr.write(`round ${round + 1}/${ROUNDS}: warming up ${variant}...\n`);
      children[variant] = await startChild(variant, base);
    }
    for (let s = 0; s < SLICES; s++) {
      for (const mode of MODES)
        for (let i = 0; i < VARIANTS.length; i++) {
          const variant = VARIANTS[(i + s + round) % VARIANTS.length];
          slices[variant][mode].push(await children[variant].ask({ mode, calls: perSlice, budgetMs: PHASE_MS / (ROUNDS * SLICES) }));
        }
    }
    // CPU is counted per process from its first measured call to now, so that work done after a slice ended (a
    // stream's deferred span, a batch export) counts for the variant that caused it. Batch exporters flush within
    // a second.
    await new Promise((r) => setTimeout(r, 1500));
    for (const variant of VARIANTS) {
      const { cpuUs, calls, stats } = await children[variant].ask({ mode: 'cpu' });
      cpu[variant].cpuUs += cpuUs;
      cpu[variant].calls += calls;
      if (stats) cpu[variant].stats.push(stats);
    }
    for (const variant of VARIANTS) {
      if (round === 0) {
        process.stderr.write(`heap growth over ${HEAP_CALLS} calls: ${variant}...\n`);
        heap[variant] = await children[variant].ask({ mode: 'heap', calls: HEAP_CALLS, budgetMs: PHASE_MS * 2 });
      }
      children[variant].proc.kill();
    }
  }
  server.close();
  report(slices, heap, cpu);
}

/** A variant's child process, warmed up; `ask` has it run calls and answers with what it measured. */
function startChild(variant, base) {
  const proc = fork(fileURLToPath(import.meta.url), ['--child', variant, base], {
    execArgv: ['--expose-gc', ...CHILD_ARGS],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, OTEL_SDK_DISABLED: undefined },
  });
  if (PIN) pin(proc.pid, 1);
  const answers = [];
  proc.on('message', (message) => answers.shift()?.resolve(message));
  proc.on('exit', (code) => {
    for (const waiting of answers.splice(0)) waiting.reject(new Error(`${variant} exited ${code}`));
  });
  const next = () => new Promise((resolve, reject) => answers.push({ resolve, reject }));
  const child = {
    proc,
    ask(task) {
      proc.send(task);
      return next();
    },
  };
  return next().then(() => child);
}

/** Every thread of process `pid`, present and future, runs on core `cpu` only. */
function pin(pid, cpu) {
  spawnSync('taskset', ['--all-tasks', '--pid', '--cpu-list', String(cpu), String(pid)], { stdio: 'ignore' });
}

function median(values) {
  return percentile(values, 0.5);
}

function percentile(values, p) {
  return [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];
}

/** A variant's figures for one mode: pooled over its slices, and paired with the uninstrumented slice beside each. */
function summarise(list, baseline) {
  const all = (key) => list.flatMap((slice) => slice[key]);
  const times = all('times');
  const streamed = list[0].firsts.length > 0;
  const paired = (key) =>
    baseline &&
    list.map((slice, s) => ({
      ratio: median(slice[key]) / median(baseline[s][key]),
      added: median(slice[key]) - median(baseline[s][key]),
    }));
  return {
    ms: median(times),
    meanMs: times.reduce((sum, t) => sum + t, 0) / times.length,
    p99Ms: percentile(times, 0.99),
    calls: times.length,
    firstMs: streamed ? median(all('firsts')) : undefined,
    time: paired('times'),
    first: streamed ? paired('firsts') : undefined,
  };
}

function report(slices, heap, cpu) {
  const none = slices.none;
  const results = Object.fromEntries(
    Object.entries(slices).map(([variant, modes]) => [
      variant,
      Object.fromEntries(MODES.map((mode) => [mode, summarise(modes[mode], variant === 'none' ? undefined : none?.[mode])])),
    ]),
  );
  const added = (pairs) =>
    pairs ? `${median(pairs.map((p) => p.added)).toFixed(3)} ms (${((median(pairs.map((p) => p.ratio)) - 1) * 100).toFixed(1)}%)` : '';
  const ratio = (pairs) => (pairs ? median(pairs.map((p) => p.ratio)).toFixed(3) : none ? '1.000' : '-');
  const rows = Object.entries(results).map(([variant, r]) => ({
    variant,
    ...(r.json && {
      'json ms/call': r.json.ms.toFixed(3),
      'json added': added(r.json.time),
    }),
    ...(r.stream && {
      'stream ms/call': r.stream.ms.toFixed(3),
      'stream added': added(r.stream.time),
      'whole stream ratio (burst)': ratio(r.stream.first),
    }),
    ...(r.paced && {
      'first chunk ms (paced)': r.paced.firstMs.toFixed(3),
      'first chunk ratio (paced)': ratio(r.paced.first),
    }),
    'cpu µs/call': (cpu[variant].cpuUs / cpu[variant].calls).toFixed(0),
    'heap growth MB': `${heap[variant].growthMb.toFixed(1)} / ${heap[variant].calls} calls`,
    calls: MODES.map((mode) => `${r[mode].calls} ${mode}`).join(', '),
  }));
  console.log(
    `\nopenai ${process.env.npm_package_devDependencies_openai ?? '6.49.0'} client → local fake server, ${CALLS} sequential calls per mode and variant in ${ROUNDS} rounds of ${SLICES} interleaved slices, Node ${process.version}`,
  );
  console.log(
    `stream: 37 events written at once (burst), so its first chunk reaches the app only once the whole stream is handled; first chunk (paced): the first event flushed alone and the rest ${PACE_MS} ms later, as real providers stream`,
  );
  console.log('added and ratios: medians over slices of (variant / uninstrumented calls of the same slice)');
  console.table(rows);
  // How far to trust a difference on this machine: the spread of the paired figures over slices, and the mean,
  // which also counts the rare slow call (a batch of background work, an export) that medians leave out.
  for (const [variant, r] of Object.entries(results)) {
    if (variant === 'none') continue;
    const spread = (pairs) => {
      const ratios = pairs.map((p) => p.ratio);
      return `${percentile(ratios, 0.25).toFixed(3)}–${percentile(ratios, 0.75).toFixed(3)}`;
    };
    const figures = [
      r.json && `json ${spread(r.json.time)}`,
      r.stream && `stream ${spread(r.stream.time)}, first chunk (burst) ${spread(r.stream.first)}`,
      r.paced && `first chunk (paced) ${spread(r.paced.first)}`,
    ];
    const means = MODES.filter((mode) => mode !== 'paced').map(
      (mode) =>
        `${mode} ${r[mode].meanMs.toFixed(3)} ms, p99 ${r[mode].p99Ms.toFixed(3)} ms (uninstrumented ${results.none?.[mode].meanMs.toFixed(3)}, ${results.none?.[mode].p99Ms.toFixed(3)})`,
    );
    console.log(`${variant} slice ratios p25–p75: ${figures.filter(Boolean).join(', ')}; mean of all calls: ${means.join(', ')}`);
  }
  for (const [variant, { stats }] of Object.entries(cpu)) {
    if (stats.length === 0) continue;
    const total = (key) => stats.reduce((sum, round) => sum + round[key], 0);
    console.log(
      `${variant} getStats() over its rounds: ${total('spansExported')} spans exported, ${total('spansDropped')} dropped, ${total('spansFailed')} failed, ${total('captureErrors')} capture errors (warm-up and measured calls)`,
    );
  }
  if (cpu.none && cpu.costtrace) {
    const perCall = (variant) => cpu[variant].cpuUs / cpu[variant].calls;
    console.log(
      `costtrace added CPU per call: ${(perCall('costtrace') - perCall('none')).toFixed(0)} µs (all modes, background work and exports included)`,
    );
  }
}

// ---- child: one variant ----

async function child(variant, base) {
  const sink = base; // the parent answers OTLP too
  /** costtrace's own counters, to show that it did its work in the figures measured. */
  let stats;
  const OpenAI = (await import('openai')).default;
  if (variant.startsWith('costtrace')) {
    const build = variant.replace(/^costtrace(\+usage)?@?/, '');
    const sdk = await import(build ? pathToFileURL(build).href : '@costtrace/sdk');
    sdk.init({ app: 'bench', endpoint: sink, providers: { openai: [`${base}/v1`] } });
    stats = sdk.getStats;
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
  // A control: an uninstrumented app that also keeps busy on a timer, as costtrace's batched span work does.
  if (variant.endsWith('+busy'))
    setInterval(() => {
      for (const start = performance.now(); performance.now() - start < BUSY_MS;);
    }, 20).unref();
  const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'sk-bench', maxRetries: 0 });
  const messages = [{ role: 'user', content: 'Say something about foxes.' }];
  const jsonCall = () => client.chat.completions.create({ model: 'gpt-4o-mini', messages });
  const pacedOptions = { headers: { [PACED_HEADER]: '1' } };
  /** The time to the app's first chunk. */
  const streamCall = async (paced = false) => {
    const t0 = performance.now();
    let first = 0;
    const stream = await client.chat.completions.create(
      { model: 'gpt-4o-mini', messages, stream: true, ...(variant.endsWith('+usage') && { stream_options: { include_usage: true } }) },
      paced ? pacedOptions : undefined,
    );
    for await (const _chunk of stream) if (first === 0) first = performance.now();
    return first - t0;
  };
  const calls = { json: jsonCall, stream: () => streamCall(false), paced: () => streamCall(true) };

  const warmStart = performance.now();
  for (let i = 0; i < WARMUP && performance.now() - warmStart < PHASE_MS; i++) {
    await jsonCall();
    await streamCall();
    if (i % 10 === 0) await streamCall(true);
  }
  let cpuStart;
  let measured = 0;
  process.on('message', async ({ mode, calls: n, budgetMs }) => {
    if (mode === 'cpu') {
      const used = process.cpuUsage(cpuStart);
      return process.send({ cpuUs: used.user + used.system, calls: measured, ...(stats && { stats: stats() }) });
    }
    if (mode === 'heap') return process.send(await heapGrowth(jsonCall, n, budgetMs));
    cpuStart ??= process.cpuUsage();
    const result = await measure(calls[mode], n, budgetMs);
    measured += result.times.length;
    process.send(result);
  });
  process.send('ready');
}

/** Times `n` sequential calls; a stream call's result is its time to first chunk. */
async function measure(call, n, budgetMs) {
  const times = [];
  const firsts = [];
  const start = performance.now();
  for (let i = 0; i < n && performance.now() - start < budgetMs; i++) {
    const t0 = performance.now();
    const first = await call();
    times.push(performance.now() - t0);
    if (typeof first === 'number') firsts.push(first);
  }
  return { times, firsts };
}

/** Heap used after `n` JSON calls, 16 at a time, minus before, both after full collections. */
async function heapGrowth(jsonCall, n, budgetMs) {
  global.gc();
  const before = process.memoryUsage().heapUsed;
  const start = performance.now();
  let done = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (done < n && performance.now() - start < budgetMs) {
        done++;
        await jsonCall();
      }
    }),
  );
  await new Promise((r) => setTimeout(r, 2000)); // let batch exporters drain
  global.gc();
  global.gc();
  return { calls: done, growthMb: (process.memoryUsage().heapUsed - before) / 1e6 };
}
