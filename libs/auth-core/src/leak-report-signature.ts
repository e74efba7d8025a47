import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/**
 * The public keys of leak reporters (GitHub's secret scanning publishes its own at
 * https://api.github.com/meta/public_keys/secret_scanning in this very shape): a report that names
 * one of them by its identifier must carry its ECDSA P-256 SHA-256 signature over the raw body.
 */
export interface ReporterKey {
  key_identifier: string;
  key: string;
}

export type ReporterKeys = ReadonlyMap<string, KeyObject>;

/** Parses LEAK_REPORTERS; throws naming the problem (the configuration refuses to start). */
export function parseReporterKeys(text: string): ReporterKeys {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error('must be a JSON array of {key_identifier, key}');
  const keys = new Map<string, KeyObject>();
  for (const entry of parsed as unknown[]) {
    const { key_identifier: id, key: pem } = (entry ?? {}) as Partial<ReporterKey>;
    if (typeof id !== 'string' || id.length === 0 || typeof pem !== 'string')
      throw new Error('each entry needs key_identifier and key (a PEM public key)');
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
      throw new Error(`key ${id}: must be an ECDSA P-256 public key`);
    keys.set(id, key);
  }
  return keys;
}

export type SignatureCheck = 'unsigned' | 'verified' | 'invalid';

/** Signature headers, as the report carried them (either may be missing). */
export interface ReportSignature {
  keyIdentifier?: string | undefined;
  signature?: string | undefined;
}

/**
 * Whether a report's body verifies: `unsigned` when it carries neither header (a report of a live
 * secret is acted on all the same: holding the secret is the proof), `verified` when the named
 * configured key verifies the signature over the raw bytes, `invalid` otherwise (one header
 * without the other, an unknown key, a signature that is not base64 DER or does not verify).
 */
export function checkReportSignature(
  keys: ReporterKeys,
  headers: ReportSignature,
  body: Buffer,
): SignatureCheck {
  const { keyIdentifier, signature } = headers;
  if (keyIdentifier === undefined && signature === undefined) return 'unsigned';
  if (!keyIdentifier || !signature) return 'invalid';
  const key = keys.get(keyIdentifier);
  if (!key || !BASE64.test(signature)) return 'invalid';
  try {
    return verify('sha256', body, { key, dsaEncoding: 'der' }, Buffer.from(signature, 'base64'))
      ? 'verified'
      : 'invalid';
  } catch {
    // A signature that is not DER at all.
    return 'invalid';
  }
}

/** Standard base64 with padding: anything else is not a signature (no lenient decoding). */
const BASE64 = /^[A-Za-z0-9+/]{1,1400}={0,2}$/;
