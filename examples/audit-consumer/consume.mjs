#!/usr/bin/env node
// A minimal external consumer of Latchkey events: its own durable JetStream consumer, explicit
// acks, de-duplication by event id. Run from the repository root (uses the installed nats.js):
//   NATS_URL=nats://127.0.0.1:4222 NATS_NKEY_SEED=SU… node examples/audit-consumer/consume.mjs [subject filter]
// The bus admits only known nkeys: give it the operator's seed (NATS_SEED_OPERATOR; it reads the
// stream and publishes no event) or a user of its own added to the NATS configuration.
// e.g. 'latchkey.*.key.revoked' to follow revocations only. Ctrl-C stops it; it resumes where it left.
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { nkeyAuthenticator } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';

const servers = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const stream = process.env.NATS_STREAM ?? 'LATCHKEY';
const durable = process.env.CONSUMER_NAME ?? 'example-consumer';
const filter = process.argv[2] ?? 'latchkey.>';

const seed = process.env.NATS_NKEY_SEED;
const nc = await connect({
  servers,
  ...(seed
    ? { authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)), inboxPrefix: '_INBOX_operator' }
    : {}),
});
const jsm = await jetstreamManager(nc);
try {
  const info = await jsm.consumers.info(stream, durable);
  // Same consumer, another filter: follow the one asked for now (its position is kept).
  if (info.config.filter_subject !== filter)
    await jsm.consumers.update(stream, durable, { filter_subject: filter });
} catch {
  await jsm.consumers.add(stream, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: filter,
    max_deliver: 5,
  });
}
const consumer = await jetstream(nc).consumers.get(stream, durable);
const seen = new Set(); // in a real consumer: a UNIQUE column in your store
const messages = await consumer.consume();
process.on('SIGINT', () => void messages.close().then(() => nc.drain()));
console.error(`consuming ${filter} from ${stream} as ${durable}`);
for await (const msg of messages) {
  let event;
  try {
    event = msg.json();
    if (typeof event?.id !== 'string' || typeof event.type !== 'string') throw new Error('not an event');
  } catch {
    // Not a Latchkey event: skip it for good (term), rather than crash on it after every restart.
    console.error(`skipping ${msg.subject}#${msg.seq}: not a CloudEvent`);
    msg.term();
    continue;
  }
  if (!seen.has(event.id)) {
    seen.add(event.id);
    const what = event.data?.key_id ?? event.subject ?? '';
    console.log(`${event.time}  ${event.orgid}  ${event.type.replace('dev.latchkey.', '')}  ${what}`);
  }
  msg.ack(); // only after the event is safely handled
}
