import http from 'node:http';
const mode = process.argv[2];
const usage = { prompt_tokens: 25, completion_tokens: 40, total_tokens: 65 };
const json = JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'The quick brown fox. '.repeat(8) }, finish_reason: 'stop' }], usage });
const srv = http.createServer((req, res) => { let b=''; req.on('data', c=>b+=c); req.on('end', () => { res.writeHead(200, {'content-type':'application/json'}); res.end(req.url.includes('traces') ? '' : json); }); });
await new Promise(r => srv.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${srv.address().port}`;
const OpenAI = (await import('openai')).default;
const sdk = await import('@costtrace/sdk');
if (mode === 'unmapped') sdk.init({ endpoint: base });
if (mode === 'noexport') sdk.init({ endpoint: base, providers: { openai: [`${base}/v1`] }, exporter: { export: (s, cb) => cb({ code: 0 }), shutdown: async () => {} } });
if (mode === 'full') sdk.init({ endpoint: base, providers: { openai: [`${base}/v1`] } });
const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'k', maxRetries: 0 });
for (let i = 0; i < 300; i++) await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] });
const times = []; const c0 = process.cpuUsage();
for (let i = 0; i < 2000; i++) { const t = performance.now(); await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] }); times.push(performance.now() - t); }
const c = process.cpuUsage(c0); times.sort((a, b) => a - b);
console.log(mode.padEnd(10), 'median', times[1000].toFixed(3), 'cpu/call µs', ((c.user + c.system) / 2000).toFixed(0));
process.exit(0);
