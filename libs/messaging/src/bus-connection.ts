import { nkeyAuthenticator, type ConnectionOptions } from '@nats-io/nats-core';
import { fromSeed } from '@nats-io/nkeys';
import { inboxPrefixOf, type BusUser } from '@latchkey/contracts';

/** Who a process is on the bus: its user and that user's nkey seed (a secret). */
export interface BusCredentials {
  user: BusUser;
  /** The user's nkey seed (`SU…`): NATS_NKEY_SEED. Never logged. */
  seed: string;
}

/** The user's public key, or an error if `seed` is not a user nkey seed. */
export function publicKeyOfSeed(seed: string): string {
  const pair = fromSeed(new TextEncoder().encode(seed));
  const key = pair.getPublicKey();
  if (!key.startsWith('U')) throw new Error('not a user nkey seed');
  return key;
}

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5_000;

/**
 * The wait before each reconnect attempt: doubling from RECONNECT_MIN_MS up to RECONNECT_MAX_MS,
 * with up to 20 % random jitter so replicas cut off together do not dial back in step. nats.js
 * asks before every attempt without saying which one it is: a pause longer than the longest
 * wait means a new outage, which starts again from the shortest.
 */
export function reconnectBackoff(
  random: () => number = Math.random,
  now: () => number = Date.now,
): () => number {
  let attempt = 0;
  let lastAsked = 0;
  return () => {
    const at = now();
    if (at - lastAsked > 2 * RECONNECT_MAX_MS) attempt = 0;
    lastAsked = at;
    const wait = Math.min(RECONNECT_MIN_MS * 2 ** attempt, RECONNECT_MAX_MS);
    attempt = Math.min(attempt + 1, 16);
    return Math.round(wait * (1 + 0.2 * random()));
  };
}

/**
 * The options of every NATS connection a Latchkey process opens (its event bus, Nest's NATS
 * transports): authenticated with the process's nkey (the server holds only public keys and
 * refuses anyone else), replies under the user's own inbox prefix (the only inbox it may
 * subscribe to), and reconnecting forever — through refusals of its key too: a NATS outage or a
 * configuration without its key degrades a service, it does not stop it.
 */
export function busConnectionOptions(
  servers: string,
  name: string,
  credentials: BusCredentials,
): ConnectionOptions & { servers: string[] } {
  const seed = new TextEncoder().encode(credentials.seed);
  return {
    servers: servers.split(','),
    name,
    authenticator: nkeyAuthenticator(seed),
    inboxPrefix: inboxPrefixOf(credentials.user),
    // Never give up (nats.js's default is 10 attempts, about 20 s: a longer outage would leave the
    // process without a bus for good), backing off so a fleet does not hammer a recovering cluster.
    maxReconnectAttempts: -1,
    reconnectTimeWait: RECONNECT_MIN_MS,
    reconnectDelayHandler: reconnectBackoff(),
    // nats.js gives up after two refusals of its key in a row; a key dropped by mistake (a NATS
    // configuration rolled without it) must not end the process's bus for good: keep trying, and
    // be back as soon as the key is listed again.
    ignoreAuthErrorAbort: true,
  };
}
