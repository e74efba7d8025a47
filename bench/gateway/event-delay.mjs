// End-to-end delay of the event path: commit in identity (outbox row) to row in audit, both
// timestamps from the same PostgreSQL clock.
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';

const require = createRequire(import.meta.url);
const { sql } = require('@latchkey/testing');

/** 200 keys created 10 ms apart; the delay of each key.created event, in ms. */
export async function measureEventDelay(bench) {
  for (let i = 0; i < 200; i++) {
    await bench.call(
      'POST',
      '/admin/keys',
      { name: `delay-${i}`, scopes: ['projects:read'], expires_in_days: 7 },
      bench.owner,
    );
    await sleep(10);
  }
  await sleep(3000);
  const rows = await sql(
    bench.dbUrl,
    `select extract(epoch from a.received_at - o.created_at) * 1000 as ms
      from audit.events a join identity.outbox o on o.id = a.id where a.type = 'key.created'`,
  );
  return rows.map((r) => Number(r.ms));
}
