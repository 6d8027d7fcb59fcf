import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
const c = createClient({ connection: createChdbConnection({ path: process.argv[2] }) });
const q = async (query) => (await c.query({ query, format: 'JSONEachRow' })).json();
async function time(label, query) {
  const times = []; let r;
  for (let i = 0; i < 5; i++) { const s = performance.now(); r = await q(query); times.push(performance.now() - s); }
  times.sort((a,b)=>a-b);
  console.log(label.padEnd(30), times.map(x => x.toFixed(0).padStart(5)).join(' '), JSON.stringify(r).slice(0, 60));
}
const W = "WHERE timestamp >= toDateTime(1748649600) AND timestamp <= toDateTime(1751241600)";
const base = `SELECT sum(cost_usd) FROM costtrace.cost_events FINAL ${W} SETTINGS do_not_merge_across_partitions_select_final = 1`;
await time('plain', `SELECT sum(cost_usd) FROM costtrace.cost_events ${W}`);
await time('final', base);
await time('final split0', base + ', split_parts_ranges_into_intersecting_and_non_intersecting_final=0');
await time('final layers0', base + ', split_intersecting_parts_ranges_into_layers_final=0');
await time('final vertical0', base + ', enable_vertical_final=0');
await time('final threads1', base + ', max_final_threads=1, max_threads=1');
console.log(await q("SELECT partition, name, rows, level, min_block_number, max_block_number FROM system.parts WHERE database='costtrace' AND active ORDER BY partition, name"));
console.log((await q(`EXPLAIN actions=0, indexes=1 ${base}`)).map(r=>r.explain).join('\n'));
await c.close();
