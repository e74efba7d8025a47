import canonicalize from 'canonicalize';
import { CompactSign, compactVerify, exportJWK, importJWK, type JWK } from 'jose';
import { type PublicJwkView, SignedArtefactPurpose } from '@latchkey/contracts';

/** What a signature vouches for: this organisation's chain, at this position, had this hash. */
export interface ChainStatement {
  org_id: string;
  chain_seq: number;
  hash: string;
}

/** A checkpoint: the chain's head at `signed_at`. */
export interface CheckpointPayload extends ChainStatement {
  signed_at: string;
}

/** A retention cut: the chain's first `deleted` events up to `chain_seq` are gone since `cut_at`. */
export interface CutPayload extends ChainStatement {
  cut_at: string;
  deleted: number;
}

/** The two kinds of statement audit signs about a chain, with what each signs. */
interface Payloads {
  checkpoint: CheckpointPayload;
  cut: CutPayload;
}
export type ChainStatementKind = keyof Payloads;

/** What a verifier holds a signature to: the stored row (a cut's deleted count is signed too). */
interface Expected {
  checkpoint: ChainStatement;
  cut: ChainStatement & { deleted: number };
}

/** Each kind's purpose, in the protected header (`typ`): part of the bytes the signature covers. */
const PURPOSE: Readonly<Record<ChainStatementKind, string>> = {
  checkpoint: SignedArtefactPurpose.AuditCheckpoint,
  cut: SignedArtefactPurpose.AuditRetentionCut,
};

/**
 * The exact fields of each kind's payload, sorted. Signatures made before ADR 0016 carry no `typ`;
 * the two kinds never shared a payload shape, so such a legacy signature is still held to its own
 * kind by its fields alone.
 */
const FIELDS: Readonly<Record<ChainStatementKind, string>> = {
  checkpoint: 'chain_seq,hash,org_id,signed_at',
  cut: 'chain_seq,cut_at,deleted,hash,org_id',
};

/** `legacy`: signed before statements named their purpose (no `typ`), accepted by payload shape. */
export type StatementVerification = { ok: true; legacy: boolean } | { ok: false };

const REFUSED: StatementVerification = { ok: false };

type PublicKey = Awaited<ReturnType<typeof importJWK>>;

/**
 * Verifies signed statements about a chain (checkpoints and retention cuts: Ed25519 compact JWS
 * over the canonical JSON of the payload, `typ` naming the kind) with the published public keys
 * alone, so that anyone holding them — `npm run audit:verify`, an auditor — can check them without
 * the private key. A statement verifies only as the kind it was signed as.
 *
 * A set of keys chosen by the signature's `kid`: checkpoints stay verifiable forever, so a key the
 * audit service no longer signs with (AUDIT_RETIRED_PUBLIC_KEYS) still verifies what it signed.
 */
export class ChainStatementVerifier {
  readonly publicJwks: readonly JWK[];
  private readonly keys: Map<string, Promise<PublicKey>>;

  constructor(publicJwks: JWK | readonly JWK[]) {
    this.publicJwks = Array.isArray(publicJwks) ? publicJwks : [publicJwks as JWK];
    this.keys = new Map(
      this.publicJwks.map((jwk) => {
        const { d: _private, ...publicPart } = jwk;
        // A key published without kid is the one a signing key without kid signs with.
        return [jwk.kid ?? DEFAULT_AUDIT_KID, importJWK(publicPart, 'EdDSA') as Promise<PublicKey>];
      }),
    );
  }

  /** Does `signature` sign exactly this statement, as a statement of this kind? */
  async verifies<K extends ChainStatementKind>(
    kind: K,
    signature: string,
    statement: Expected[K],
  ): Promise<StatementVerification> {
    let header: { typ?: unknown };
    let signed: unknown;
    try {
      const verified = await compactVerify(
        signature,
        async (protectedHeader) => {
          const key =
            typeof protectedHeader.kid === 'string' ? this.keys.get(protectedHeader.kid) : undefined;
          if (!key) throw new Error('unknown kid');
          return key;
        },
        { algorithms: ['EdDSA'] },
      );
      header = verified.protectedHeader;
      signed = JSON.parse(new TextDecoder().decode(verified.payload));
    } catch {
      return REFUSED;
    }
    // No `typ` is the legacy rule (kind told by the fields below); any other `typ` is another kind.
    if (header.typ !== undefined && header.typ !== PURPOSE[kind]) return REFUSED;
    if (typeof signed !== 'object' || signed === null || Array.isArray(signed)) return REFUSED;
    const payload = signed as Record<string, unknown>;
    if (Object.keys(payload).sort().join(',') !== FIELDS[kind]) return REFUSED;
    const matches =
      payload['org_id'] === statement.org_id &&
      payload['chain_seq'] === statement.chain_seq &&
      payload['hash'] === statement.hash &&
      (kind === 'checkpoint'
        ? typeof payload['signed_at'] === 'string'
        : typeof payload['cut_at'] === 'string' &&
          payload['deleted'] === (statement as Expected['cut']).deleted);
    return matches ? { ok: true, legacy: header.typ === undefined } : REFUSED;
  }
}

/** The `kid` an audit signing key without one signs with. */
export const DEFAULT_AUDIT_KID = 'audit';

/**
 * Signs chain statements with the audit signing key (private JWK with `kid`); verifies with it and
 * the retired public keys, which are published with it.
 */
export class ChainSigner {
  readonly kid: string;
  private readonly keys: Promise<{ privateKey: PublicKey; verifier: ChainStatementVerifier }>;

  constructor(privateJwk: JWK, retiredPublicJwks: readonly JWK[] = []) {
    const kid = privateJwk.kid ?? DEFAULT_AUDIT_KID;
    if (retiredPublicJwks.some((jwk) => (jwk.kid ?? DEFAULT_AUDIT_KID) === kid))
      throw new Error(`a retired checkpoint key has the current key's kid ${kid}`);
    this.kid = kid;
    this.keys = (async () => {
      const privateKey = (await importJWK({ ...privateJwk }, 'EdDSA')) as PublicKey;
      const { d: _private, ...publicPart } = privateJwk;
      const publicJwk: JWK = {
        ...(await exportJWK(await importJWK({ ...publicPart }, 'EdDSA'))),
        kid,
        alg: 'EdDSA',
      };
      const retired = retiredPublicJwks.map((jwk) => ({ ...jwk, alg: 'EdDSA' }));
      return { privateKey, verifier: new ChainStatementVerifier([publicJwk, ...retired]) };
    })();
  }

  /** The current key first, then the retired ones: everything a checkpoint may have been signed with. */
  async publicJwks(): Promise<readonly PublicJwkView[]> {
    // jose types every JWK member as optional; these keys are Ed25519 (OKP).
    return (await this.keys).verifier.publicJwks.map((jwk) => ({ ...jwk, kty: jwk.kty ?? 'OKP' }));
  }

  /** The key that signs new checkpoints. */
  async publicJwk(): Promise<PublicJwkView> {
    const [current] = await this.publicJwks();
    if (!current) throw new Error('no checkpoint key');
    return current;
  }

  async verifier(): Promise<ChainStatementVerifier> {
    return (await this.keys).verifier;
  }

  /** A compact JWS over the canonical JSON of `payload`, its kind named in the protected header. */
  async sign<K extends ChainStatementKind>(kind: K, payload: Payloads[K]): Promise<string> {
    const { privateKey } = await this.keys;
    return new CompactSign(new TextEncoder().encode(canonicalize(payload) ?? ''))
      .setProtectedHeader({ alg: 'EdDSA', kid: this.kid, typ: PURPOSE[kind] })
      .sign(privateKey);
  }
}
