import { createClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { MIGRATIONS } from '../collector/dist/store/schema.js';
const client = createClient({ connection: createChdbConnection({ path: '/tmp/ctb/data' }) });
const names = process.argv.slice(2);
for (const m of MIGRATIONS) for (const st of m.statements) {
  const name = names.find((n) => st.includes(`costtrace.${n}\n`));
  if (!name) continue;
  await client.command({ query: `DROP VIEW IF EXISTS costtrace.${name} SYNC` });
  await client.command({ query: st });
  const s = performance.now();
  await client.command({ query: `SYSTEM REFRESH VIEW costtrace.${name}` });
  await client.command({ query: `SYSTEM WAIT VIEW costtrace.${name}` });
  await client.command({ query: `SYSTEM STOP VIEW costtrace.${name}` });
  const [{ n }] = await (await client.query({ query: `SELECT count() n FROM costtrace.${name}`, format: 'JSONEachRow' })).json();
  console.log(name, ((performance.now() - s) / 1000).toFixed(1), 's', n, 'rows');
}
await client.close();
