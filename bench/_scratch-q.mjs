import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { readFileSync } from 'node:fs';
import { ALL, buildDashboards, expandQuery, intervalMs } from '../dashboards/dist/index.js';
const client = createClient({ connection: createChdbConnection({ path: '/tmp/ctb/data' }) });
const END = Math.floor(Date.now() / 1000) * 1000;
const RANGE = { from: new Date(END - 30 * 86_400_000), to: new Date(END) };
const V = { app: [ALL], feature: [ALL], user: [ALL], org: [ALL], provider: [ALL], model: [ALL] };
const hour = intervalMs('1h');
async function time(sql, runs = 3) {
  const t = []; let rows = 0;
  for (let i = 0; i <= (process.env.R ? +process.env.R : runs); i++) { const s = performance.now(); const r = await (await client.query({ query: sql, format: "JSONEachRow" })).json(); rows = r.length === 1 ? JSON.stringify(r[0]).slice(0,200) : r.length; if (i || process.env.R === "0") t.push(performance.now() - s); }
  t.sort((a, b) => a - b); return [t[Math.floor(t.length / 2)].toFixed(0), rows];
}
const mode = process.argv[2];
if (mode === 'sql') { for (const q of readFileSync(process.argv[3], 'utf8').split(';;').map(s=>s.trim()).filter(Boolean)) { try { console.log(...await time(q), q.slice(0, 100).replace(/\n/g, ' ')); } catch (e) { console.log('ERR', e.message.slice(0, 300)); } } }
else if (mode === 'cmd') { for (const q of readFileSync(process.argv[3], 'utf8').split(';;').map(s=>s.trim()).filter(Boolean)) { const s = performance.now(); await client.command({ query: q }); console.log(((performance.now()-s)/1000).toFixed(1)+' s', q.slice(0,80).replace(/\n/g,' ')); } }
else {
  const re = new RegExp(process.argv[3] ?? '.');
  for (const d of buildDashboards()) for (const p of d.panels) {
    if (!re.test(p.title)) continue;
    const interval = Math.max(hour, p.interval ? intervalMs(p.interval) : 0);
    const sql = expandQuery(p.targets[0].rawSql, { ...RANGE, intervalMs: interval, variables: V });
    try { console.log(...await time(sql), d.uid, '/', p.title); } catch (e) { console.log('ERR', p.title, e.message.slice(0, 300)); }
  }
  if (re.test('variables')) for (const v of buildDashboards()[0].templating.list) console.log(...await time(expandQuery(v.query.rawSql, { ...RANGE, intervalMs: hour, variables: V })), 'var', v.name);
}
await client.close();
