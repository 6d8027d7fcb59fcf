import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
const c = createClient({ connection: createChdbConnection({ path: process.argv[2] }) });
const q = async (query) => (await c.query({ query, format: 'JSONEachRow' })).json();
async function time(label, query) {
  const times = []; let r;
  for (let i = 0; i < 5; i++) { const s = performance.now(); r = await q(query); times.push(performance.now() - s); }
  times.sort((a,b)=>a-b);
  console.log(label.padEnd(30), times.map(x => x.toFixed(0).padStart(5)).join(' '), JSON.stringify(r).slice(0, 80));
}
const W = "WHERE timestamp >= toDateTime(1748649600) AND timestamp <= toDateTime(1751241600)";
const S = ' SETTINGS do_not_merge_across_partitions_select_final = 1';
await time('select 1', 'SELECT 1');
await time('count plain', `SELECT count() FROM costtrace.cost_events`);
await time('sum plain', `SELECT sum(cost_usd) FROM costtrace.cost_events ${W}`);
await time('sum final', `SELECT sum(cost_usd) FROM costtrace.cost_events FINAL ${W}`);
await time('sum final+S', `SELECT sum(cost_usd) FROM costtrace.cost_events FINAL ${W}` + S);
await time('sum final+S nowhere', `SELECT sum(cost_usd) FROM costtrace.cost_events FINAL` + S);
await time('sum final+S 1=1', `SELECT sum(cost_usd) FROM costtrace.cost_events FINAL ${W} AND 1=1 AND 1=1` + S);
await time('sum final+S float', `SELECT sum(toFloat64(cost_usd)) FROM costtrace.cost_events FINAL ${W}` + S);
await time('count final+S', `SELECT count() FROM costtrace.cost_events FINAL ${W}` + S);
console.log(await q(`EXPLAIN PIPELINE SELECT sum(cost_usd) FROM costtrace.cost_events FINAL ${W}` + S));
await c.close();
