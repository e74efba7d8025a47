import { generateKeyPairSync, sign } from 'node:crypto';
import { checkReportSignature, parseReporterKeys } from './leak-report-signature';

/** A reporter's P-256 key pair, its public half configured as GitHub publishes it. */
function reporter(id: string) {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    entry: { key_identifier: id, key: pem },
    sign: (body: Buffer) => sign('sha256', body, { key: privateKey, dsaEncoding: 'der' }).toString('base64'),
  };
}

const body = Buffer.from('[{"token":"lk_live_x","type":"latchkey","url":"https://x","source":"content"}]');

describe('leak report signatures (GitHub secret scanning format: ECDSA P-256 SHA-256, base64 DER)', () => {
  const github = reporter('gh_1');
  const other = reporter('other');
  const keys = parseReporterKeys(JSON.stringify([github.entry, other.entry]));

  it('a body signed by the configured key it names verifies', () => {
    expect(checkReportSignature(keys, { keyIdentifier: 'gh_1', signature: github.sign(body) }, body)).toBe(
      'verified',
    );
  });

  it('a report without either header is unsigned (still judged: holding the secret is the proof)', () => {
    expect(checkReportSignature(keys, {}, body)).toBe('unsigned');
  });

  it('a changed body, another key, an unknown identifier or one header alone never verify', () => {
    const signature = github.sign(body);
    const changed = Buffer.from(body.toString().replace('content', 'commit'));
    expect(checkReportSignature(keys, { keyIdentifier: 'gh_1', signature }, changed)).toBe('invalid');
    expect(checkReportSignature(keys, { keyIdentifier: 'other', signature }, body)).toBe('invalid');
    expect(checkReportSignature(keys, { keyIdentifier: 'nope', signature }, body)).toBe('invalid');
    expect(checkReportSignature(keys, { signature }, body)).toBe('invalid');
    expect(checkReportSignature(keys, { keyIdentifier: 'gh_1' }, body)).toBe('invalid');
  });

  it('a signature that is not base64 DER is invalid, not an error', () => {
    for (const signature of ['***', 'AAAA', Buffer.from('not der').toString('base64'), 'a'.repeat(2000)]) {
      expect(checkReportSignature(keys, { keyIdentifier: 'gh_1', signature }, body)).toBe('invalid');
    }
  });

  it('with no keys configured, every signed report is invalid', () => {
    expect(
      checkReportSignature(
        parseReporterKeys('[]'),
        { keyIdentifier: 'gh_1', signature: github.sign(body) },
        body,
      ),
    ).toBe('invalid');
  });

  it('the configuration refuses a key that is not ECDSA P-256, or entries without an identifier', () => {
    const ed = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => parseReporterKeys(JSON.stringify([{ key_identifier: 'x', key: ed }]))).toThrow(/P-256/);
    expect(() => parseReporterKeys(JSON.stringify([{ key: github.entry.key }]))).toThrow(/key_identifier/);
    expect(() => parseReporterKeys('{}')).toThrow(/array/);
  });
});
