import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
const c = createClient({ connection: createChdbConnection({ path: process.argv[2] }) });
const q = async (query) => (await c.query({ query, format: 'JSONEachRow' })).json();
async function time(label, query) {
  const times = []; let r;
  for (let i = 0; i < 3; i++) { const s = performance.now(); r = await q(query); times.push(performance.now() - s); }
  times.sort((a,b)=>a-b);
  console.log(label.padEnd(30), times.map(x => x.toFixed(0).padStart(5)).join(' '), JSON.stringify(r).slice(0, 60));
}
const T = 'costtrace.cost_events';
await time('users raw', `SELECT user_id, sum(cost_usd) s FROM ${T} GROUP BY user_id ORDER BY s DESC LIMIT 20`);
await time('users if', `SELECT if(user_id = '', '(none)', user_id) AS user, sum(cost_usd) s FROM ${T} GROUP BY user ORDER BY s DESC LIMIT 20`);
await time('feature raw', `SELECT feature, sum(cost_usd) s FROM ${T} GROUP BY feature ORDER BY s DESC LIMIT 20`);
await time('feature if', `SELECT if(feature = '', 'untagged', feature) AS f, sum(cost_usd) s FROM ${T} GROUP BY f ORDER BY s DESC LIMIT 20`);
await time('users float sum', `SELECT user_id, sum(toFloat64(cost_usd)) s FROM ${T} GROUP BY user_id ORDER BY s DESC LIMIT 20`);
await time('users count', `SELECT user_id, count() s FROM ${T} GROUP BY user_id ORDER BY s DESC LIMIT 20`);
await time('runs sampled', `SELECT feature, count(), sum(c) FROM (SELECT feature, trace_id, sum(cost_usd) c FROM ${T} WHERE cityHash64(trace_id) % 10 = 0 GROUP BY feature, trace_id) GROUP BY feature`);
await time('runs full', `SELECT feature, count(), sum(c) FROM (SELECT feature, trace_id, sum(cost_usd) c FROM ${T} GROUP BY feature, trace_id) GROUP BY feature`);
await time('count', `SELECT count() FROM ${T} WHERE timestamp >= toDateTime(1748649600)`);
await c.close();
