import canonicalize from 'canonicalize';
import { CompactSign, compactVerify, exportJWK, importJWK, type JWK } from 'jose';

/** What a signature vouches for: this organisation's chain, at this position, had this hash. */
export interface ChainStatement {
  org_id: string;
  chain_seq: number;
  hash: string;
}

type PublicKey = Awaited<ReturnType<typeof importJWK>>;

/**
 * Verifies signed statements about a chain (checkpoints and retention cuts: Ed25519 compact JWS
 * over the canonical JSON of the payload) with the published public key alone, so that anyone
 * holding it — `npm run audit:verify`, an auditor — can check them without the private key.
 */
export class ChainStatementVerifier {
  private readonly key: Promise<PublicKey>;

  constructor(readonly publicJwk: JWK) {
    this.key = importJWK({ ...publicJwk }, 'EdDSA') as Promise<PublicKey>;
  }

  /** Does `signature` sign exactly this statement (any further payload fields aside)? */
  async verifies(signature: string, statement: ChainStatement): Promise<boolean> {
    try {
      const { payload } = await compactVerify(signature, await this.key);
      const signed = JSON.parse(new TextDecoder().decode(payload)) as Partial<ChainStatement>;
      return (
        signed.org_id === statement.org_id &&
        signed.chain_seq === statement.chain_seq &&
        signed.hash === statement.hash
      );
    } catch {
      return false;
    }
  }
}

/** Signs chain statements with the audit signing key (private JWK with `kid`). */
export class ChainSigner {
  readonly kid: string;
  private readonly keys: Promise<{ privateKey: PublicKey; verifier: ChainStatementVerifier }>;

  constructor(privateJwk: JWK) {
    const kid = privateJwk.kid ?? 'audit';
    this.kid = kid;
    this.keys = (async () => {
      const privateKey = (await importJWK({ ...privateJwk }, 'EdDSA')) as PublicKey;
      const { d: _private, ...publicPart } = privateJwk;
      const publicJwk: JWK = {
        ...(await exportJWK(await importJWK({ ...publicPart }, 'EdDSA'))),
        kid,
        alg: 'EdDSA',
      };
      return { privateKey, verifier: new ChainStatementVerifier(publicJwk) };
    })();
  }

  async publicJwk(): Promise<JWK> {
    return (await this.keys).verifier.publicJwk;
  }

  async verifier(): Promise<ChainStatementVerifier> {
    return (await this.keys).verifier;
  }

  /** A compact JWS over the canonical JSON of `payload` (a statement plus its own fields). */
  async sign(payload: ChainStatement & Record<string, unknown>): Promise<string> {
    const { privateKey } = await this.keys;
    return new CompactSign(new TextEncoder().encode(canonicalize(payload) ?? ''))
      .setProtectedHeader({ alg: 'EdDSA', kid: this.kid })
      .sign(privateKey);
  }
}
