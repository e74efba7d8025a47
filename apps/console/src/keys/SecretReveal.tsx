import { API_ROUTES } from '@latchkey/contracts';
import { CopyButton } from '../ui/CopyButton';

/** A GET route the key may call, for the ready-made curl example. */
export function exampleRoute(scopes: readonly string[]): string {
  const plain = scopes.map((s) => s.split('@')[0]);
  const route = API_ROUTES.find(
    (r) =>
      r.method === 'GET' &&
      !r.path.includes(':') &&
      plain.some((s) => s === '*' || s === r.scope || s === `${r.scope.split(':')[0]}:*`),
  );
  return route?.path ?? '/v1/projects';
}

export function curlExample(origin: string, secret: string, scopes: readonly string[]): string {
  return `curl -s ${origin}${exampleRoute(scopes)} \\\n  -H 'Authorization: Bearer ${secret}'`;
}

/**
 * A new secret, shown this once: the API stores only its hash, so after this page it is gone.
 */
export function SecretReveal({
  secret,
  scopes,
  onDone,
}: {
  secret: string;
  scopes: readonly string[];
  onDone(): void;
}) {
  const curl = curlExample(window.location.origin, secret, scopes);
  return (
    <section className="secret-reveal card" aria-labelledby="secret-title">
      <h2 id="secret-title">Copy your secret now</h2>
      <p className="warning" role="note">
        This secret will not be shown again. Store it in your secret manager before you leave this page; if
        you lose it, rotate the key to get a new one.
      </p>
      <label htmlFor="new-secret">Secret</label>
      <div className="secret-row">
        <input
          id="new-secret"
          readOnly
          value={secret}
          className="secret"
          onFocus={(e) => e.target.select()}
        />
        <CopyButton value={secret} label="Copy secret" />
      </div>
      <label htmlFor="curl-example">Try it</label>
      <textarea id="curl-example" readOnly rows={2} value={curl} className="code" />
      <CopyButton value={curl} label="Copy curl example" />
      <div className="actions">
        <button type="button" className="primary" onClick={onDone}>
          I have stored the secret
        </button>
      </div>
    </section>
  );
}
