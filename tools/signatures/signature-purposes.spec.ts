import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import canonicalize from 'canonicalize';
import { CompactSign, importJWK, type JWK } from 'jose';
import {
  attestLookupReply,
  busSigningInput,
  ed25519SigningRing,
  importSigningKey,
  importVerifyKey,
  ReplayGuard,
  signAnnouncement,
  signConfirmation,
  signForwardingAssertion,
  signPrincipal,
  verifyAnnouncement,
  verifyConfirmation,
  verifyForwardingAssertion,
  verifyLookupReply,
  verifyPrincipal,
  type LookupReplyPurpose,
} from '@latchkey/auth-core';
import { Audience, BusMessagePurpose, type UserLookupReply } from '@latchkey/contracts';
import { generateEd25519Jwk } from '@latchkey/runtime';
import { ChainSigner, ChainStatementVerifier } from '../../apps/audit/src/chain/chain-signer';
import { TokenVerifier } from '../../apps/gateway/src/authentication';
import type { IdentityConfig } from '../../apps/identity/src/config/identity-config';
import { TokenSigner } from '../../apps/identity/src/credentials/token-signer.service';

/**
 * Every signed artefact Latchkey makes, moved to every other kind's verifier: a valid signature of
 * one kind must never verify as another (docs/adr/0016-signatures-name-their-purpose.md).
 *
 * All kinds are signed here with ONE key, on purpose: in production each service has its own, but a
 * key may sign several kinds (the gateway's signs principals and forwarding assertions), keys get
 * reused by mistake, and a refusal must come from the purpose named inside the signed bytes, not
 * from a key that happens to differ.
 *
 * To add a kind: a `Verifier` (the production function that checks it) and a `SignedKind` (the
 * production function that signs it, and the verifier that must accept it). An artefact is the
 * signed bytes and the signature: a kind with its own wire form (not a compact JWS) converts both
 * ways, and a verifier refuses bytes its form cannot carry.
 */
interface Artefact {
  /** The bytes the signature covers (for a compact JWS: `header.payload`, ASCII). */
  message: Buffer;
  signature: Buffer;
}

interface Verifier {
  name: string;
  verify(artefact: Artefact): Promise<boolean>;
}

interface SignedKind {
  name: string;
  sign(): Promise<Artefact>;
  /** The verifiers of its own kind, which accept it; every other refuses it. */
  acceptedBy: readonly string[];
}

const fromCompact = (token: string): Artefact => {
  const [header = '', payload = '', signature = ''] = token.split('.');
  return {
    message: Buffer.from(`${header}.${payload}`, 'ascii'),
    signature: Buffer.from(signature, 'base64url'),
  };
};
const toCompact = (artefact: Artefact): string =>
  `${artefact.message.toString('ascii')}.${artefact.signature.toString('base64url')}`;

/**
 * The stored row an attacker would write next to a moved signature: whatever its payload claims,
 * so that only the signature's purpose can refuse it (not a field that happens not to match).
 */
function mostFavourableRow(artefact: Artefact) {
  let claims: Record<string, unknown> = {};
  try {
    const payload = artefact.message.toString('ascii').split('.')[1] ?? '';
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null) claims = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: nothing to match; the defaults stand.
  }
  const field = <T>(name: string, type: string, fallback: T): T =>
    typeof claims[name] === type ? (claims[name] as T) : fallback;
  return {
    org_id: field('org_id', 'string', ORG),
    chain_seq: field('chain_seq', 'number', 42),
    hash: field('hash', 'string', HASH),
    deleted: field('deleted', 'number', 42),
  };
}

/**
 * A bus message (ADR 0015) as an artefact: the signed bytes are `latchkey-bus/1` LF purpose LF body.
 * Moved to a bus verifier, an artefact's body is whatever follows its second line (or all of it, for
 * bytes of another form), and the verifier is given the binding that body claims (its nonce,
 * question, sender): only the purpose inside the signed bytes can refuse it.
 */
const BUS_PREFIX = 'latchkey-bus/1\n';
function busBody(artefact: Artefact): string {
  const text = artefact.message.toString('utf8');
  if (!text.startsWith(BUS_PREFIX)) return text;
  const rest = text.slice(BUS_PREFIX.length);
  return rest.slice(rest.indexOf('\n') + 1);
}
function busAttestation(artefact: Artefact) {
  return {
    attestation: { kid: 'shared', body: busBody(artefact), sig: artefact.signature.toString('base64url') },
  };
}
function claimed(artefact: Artefact): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(busBody(artefact));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
const LOOKUP_REPLIES: { name: string; purpose: LookupReplyPurpose }[] = [
  { name: 'key lookup reply', purpose: BusMessagePurpose.KeyLookupReply },
  { name: 'user lookup reply', purpose: BusMessagePurpose.UserLookupReply },
  { name: 'webhook-connection lookup reply', purpose: BusMessagePurpose.WebhookConnectionLookupReply },
];
const ANNOUNCEMENTS = [
  { name: 'key invalidation', purpose: BusMessagePurpose.KeyInvalidation },
  { name: 'user invalidation', purpose: BusMessagePurpose.UserInvalidation },
  { name: 'gateway heartbeat', purpose: BusMessagePurpose.GatewayHeartbeat },
] as const;

const ORG = 'org_01SIGNATURES00000000000000';
// Tokens carry ids of their kind (contracts' token claims): identity issues no other.
const USER = 'usr_01SIGNATURES00000000000000';
const KEY = 'key_01SIGNATURES00000000000000';
const SECRET = 'sec_01SIGNATURES00000000000000';
const HASH = 'ab'.repeat(32);
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('signatures that cannot be mistaken for each other', () => {
  const shared = generateEd25519Jwk('shared').privateJwk as JWK;
  const { d: _private, ...sharedPublic } = shared;
  let jwks: Server;
  let verifiers: Verifier[];
  let kinds: SignedKind[];

  beforeAll(async () => {
    // identity's JWKS, served over HTTP as the gateway fetches it.
    jwks = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [{ ...sharedPublic, alg: 'EdDSA', use: 'sig' }] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const identityUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}`;

    const identity = new TokenSigner({ TOKEN_SIGNING_KEYS: [shared] } as unknown as IdentityConfig);
    await identity.onModuleInit();
    // identity confirms every user token's user as it was issued: only the signature decides.
    const confirm = async (): Promise<UserLookupReply> => ({
      found: true,
      role: 'admin',
      active: true,
      credential_version: 0,
    });
    const gatewayTokens = () => new TokenVerifier(identityUrl, confirm);
    const signingKey = await importSigningKey(shared);
    const verifyKey = importVerifyKey(shared);
    const audit = new ChainSigner(shared);
    const statements = new ChainStatementVerifier({ ...sharedPublic, alg: 'EdDSA' });
    /** audit's statements as signed before ADR 0016: no `typ`, kind told by the payload's fields. */
    const signLegacy = async (payload: Record<string, unknown>) =>
      new CompactSign(new TextEncoder().encode(canonicalize(payload) ?? ''))
        .setProtectedHeader({ alg: 'EdDSA', kid: 'shared' })
        .sign(await importJWK(shared, 'EdDSA'));

    // The Ed25519 bus messages (rate-limit sync is MACed, not signed: bus-messages.spec.ts).
    const busRing = ed25519SigningRing([shared as Parameters<typeof ed25519SigningRing>[0][number]]);
    const busVerifiers: Verifier[] = [
      ...LOOKUP_REPLIES.map(({ name, purpose }): Verifier => ({
        name,
        verify: async (a) => {
          const body = claimed(a);
          const asked = {
            ...(typeof body['q'] === 'string' ? (JSON.parse(body['q']) as object) : {}),
            nonce: typeof body['n'] === 'string' ? body['n'] : '',
          };
          return verifyLookupReply(purpose, busAttestation(a), asked, busRing).ok;
        },
      })),
      ...ANNOUNCEMENTS.map(({ name, purpose }): Verifier => ({
        name,
        verify: async (a) => verifyAnnouncement(purpose, busAttestation(a), busRing, new ReplayGuard()).ok,
      })),
      {
        name: 'invalidation confirmation',
        verify: async (a) => {
          const n = claimed(a)['n'];
          return verifyConfirmation(busAttestation(a), typeof n === 'string' ? n : '', busRing).ok;
        },
      },
    ];
    const fromBus = (purpose: BusMessagePurpose, wire: { attestation?: { body: string; sig: string } }) => ({
      message: busSigningInput(purpose, wire.attestation!.body),
      signature: Buffer.from(wire.attestation!.sig, 'base64url'),
    });
    const nonce = 'nonce-of-the-signatures-matrix';
    const busKinds: SignedKind[] = [
      ...LOOKUP_REPLIES.map(({ name, purpose }): SignedKind => ({
        name,
        acceptedBy: [name],
        sign: async () =>
          fromBus(
            purpose,
            attestLookupReply(purpose, { secret_hash: HASH, nonce }, { found: false }, busRing),
          ),
      })),
      ...ANNOUNCEMENTS.map(({ name, purpose }): SignedKind => ({
        name,
        acceptedBy: [name],
        sign: async () =>
          fromBus(
            purpose,
            signAnnouncement(purpose, 'sender-1', Date.now() * 1000, { key_id: 'key_01' }, busRing),
          ),
      })),
      {
        name: 'invalidation confirmation',
        acceptedBy: ['invalidation confirmation'],
        sign: async () =>
          fromBus(BusMessagePurpose.InvalidationConfirmation, signConfirmation('gw-1', nonce, busRing)),
      },
    ];

    verifiers = [
      ...busVerifiers,
      {
        name: 'user token (identity)',
        verify: async (a) => (await identity.verifyUserToken(toCompact(a))) !== undefined,
      },
      {
        name: 'user token (gateway)',
        verify: async (a) => (await gatewayTokens().verify(toCompact(a)))?.kind === 'user',
      },
      {
        name: 'access token (gateway)',
        verify: async (a) => (await gatewayTokens().verify(toCompact(a)))?.kind === 'access',
      },
      // A principal is for one backend: one verifier per audience.
      ...Object.values(Audience).map((audience): Verifier => ({
        name: `principal (${audience})`,
        verify: async (a) => verifyPrincipal(toCompact(a), audience, verifyKey).ok,
      })),
      {
        name: 'forwarding assertion (identity)',
        verify: async (a) => verifyForwardingAssertion(toCompact(a), verifyKey, nowSeconds()).ok,
      },
      {
        name: 'audit checkpoint',
        verify: async (a) => {
          const { org_id, chain_seq, hash } = mostFavourableRow(a);
          return (await statements.verifies('checkpoint', toCompact(a), { org_id, chain_seq, hash })).ok;
        },
      },
      {
        name: 'audit retention cut',
        verify: async (a) => (await statements.verifies('cut', toCompact(a), mostFavourableRow(a))).ok,
      },
    ];

    const userToken = async () =>
      fromCompact(await identity.signUserToken({ sub: USER, org_id: ORG, role: 'admin', cv: 0 }, 600));
    kinds = [
      ...busKinds,
      { name: 'user token', acceptedBy: ['user token (identity)', 'user token (gateway)'], sign: userToken },
      {
        name: 'access token',
        acceptedBy: ['access token (gateway)'],
        sign: async () =>
          fromCompact(
            await identity.signAccessToken({ sub: KEY, org_id: ORG, scopes: ['*'], sid: SECRET }, 600),
          ),
      },
      ...Object.values(Audience).map((audience): SignedKind => ({
        name: `principal for ${audience}`,
        acceptedBy: [`principal (${audience})`],
        sign: async () =>
          fromCompact(
            await signPrincipal(
              { org_id: ORG, subject: 'key_01', kind: 'api_key', key_id: 'key_01', scopes: ['*'] },
              audience,
              signingKey,
              'shared',
              nowSeconds(),
            ),
          ),
      })),
      {
        name: 'forwarding assertion',
        acceptedBy: ['forwarding assertion (identity)'],
        sign: async () =>
          fromCompact(
            await signForwardingAssertion(
              { client_ip: '203.0.113.7', request_id: 'req-1' },
              signingKey,
              'shared',
              nowSeconds(),
            ),
          ),
      },
      {
        name: 'audit checkpoint',
        acceptedBy: ['audit checkpoint'],
        sign: async () =>
          fromCompact(
            await audit.sign('checkpoint', {
              org_id: ORG,
              chain_seq: 42,
              hash: HASH,
              signed_at: new Date().toISOString(),
            }),
          ),
      },
      {
        name: 'audit retention cut',
        acceptedBy: ['audit retention cut'],
        sign: async () =>
          fromCompact(
            await audit.sign('cut', {
              org_id: ORG,
              chain_seq: 42,
              hash: HASH,
              cut_at: new Date().toISOString(),
              deleted: 42,
            }),
          ),
      },
      {
        name: 'audit checkpoint (legacy, no typ)',
        acceptedBy: ['audit checkpoint'],
        sign: async () =>
          fromCompact(
            await signLegacy({ org_id: ORG, chain_seq: 42, hash: HASH, signed_at: new Date().toISOString() }),
          ),
      },
      {
        name: 'audit retention cut (legacy, no typ)',
        acceptedBy: ['audit retention cut'],
        sign: async () =>
          fromCompact(
            await signLegacy({
              org_id: ORG,
              chain_seq: 42,
              hash: HASH,
              cut_at: new Date().toISOString(),
              deleted: 42,
            }),
          ),
      },
    ];
  });

  afterAll(async () => {
    await new Promise((resolve) => jwks?.close(resolve));
  });

  it('every kind names a verifier that exists, and every verifier accepts some kind', () => {
    const names = new Set(verifiers.map((v) => v.name));
    for (const kind of kinds) for (const name of kind.acceptedBy) expect(names).toContain(name);
    for (const verifier of verifiers) expect(kinds.flatMap((k) => k.acceptedBy)).toContain(verifier.name);
  });

  it('a valid signature of each kind, moved to every other kind, is refused; its own verifier accepts it', async () => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const kind of kinds) {
      const artefact = await kind.sign();
      for (const verifier of verifiers) {
        const accepted = await verifier.verify(artefact);
        outcomes.push(`${kind.name} → ${verifier.name}: ${accepted ? 'accepted' : 'refused'}`);
        const own = kind.acceptedBy.includes(verifier.name);
        expected.push(`${kind.name} → ${verifier.name}: ${own ? 'accepted' : 'refused'}`);
      }
    }
    // One comparison over the whole matrix: a failure lists every crossing that went wrong.
    expect(outcomes).toEqual(expected);
  });
});
