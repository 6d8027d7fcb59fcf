import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
const c = createClient({ connection: createChdbConnection({ path: '/tmp/ctexp/real' }) });
const q = async (query) => (await c.query({ query, format: 'JSONEachRow' })).json();
async function time(label, query) {
  const times = []; let r;
  for (let i = 0; i < 3; i++) { const s = performance.now(); r = await q(query); times.push(performance.now() - s); }
  console.log(label.padEnd(24), times.map(x => x.toFixed(0).padStart(5)).join(' '), JSON.stringify(r).slice(0, 110));
}
const S = ' SETTINGS do_not_merge_across_partitions_select_final=1';
const F = 'costtrace.cost_events FINAL';
const W = 'WHERE timestamp >= toDateTime(1748649600) AND timestamp <= toDateTime(1751241600)';
await time('plain', `SELECT provider, sum(cost_usd) FROM costtrace.cost_events ${W} GROUP BY provider`);
await time('final', `SELECT provider, sum(cost_usd) FROM ${F} ${W} GROUP BY provider`);
await time('final+S', `SELECT provider, sum(cost_usd) FROM ${F} ${W} GROUP BY provider` + S);
await time('ts hourly', `SELECT toStartOfInterval(toDateTime(timestamp), INTERVAL 3600 second) t, provider, sum(cost_usd) FROM ${F} ${W} GROUP BY t, provider ORDER BY t` + S);
await time('top users', `SELECT user_id, sum(cost_usd) s FROM ${F} ${W} GROUP BY user_id ORDER BY s DESC LIMIT 20` + S);
await time('sum/uniqExact', `SELECT feature, sum(cost_usd)/uniqExact(trace_id) FROM ${F} ${W} GROUP BY feature` + S);
await time('sum/uniq', `SELECT feature, sum(cost_usd)/uniq(trace_id) FROM ${F} ${W} GROUP BY feature` + S);
await time('runs', `SELECT feature, count(), sum(c)/count(), quantile(0.95)(c) FROM (SELECT feature, trace_id, sum(cost_usd) c FROM ${F} ${W} GROUP BY feature, trace_id) GROUP BY feature` + S);
await time('runs inorder', `SELECT feature, count(), sum(c)/count(), quantile(0.95)(c) FROM (SELECT app, toDate(timestamp) d, feature, org_id, user_id, trace_id, sum(cost_usd) c FROM ${F} ${W} GROUP BY app, d, feature, org_id, user_id, trace_id) GROUP BY feature` + S + ', optimize_aggregation_in_order=1');
await time('uniqExact only', `SELECT uniqExact(trace_id) FROM ${F} ${W}` + S);
await time('count traces cityhash', `SELECT uniqExact(cityHash64(trace_id)) FROM ${F} ${W}` + S);
await time('distinct users var', `SELECT DISTINCT user_id FROM costtrace.cost_events ${W} ORDER BY 1 LIMIT 1000`);
await c.close();
