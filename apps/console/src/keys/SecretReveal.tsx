import { API_ROUTES } from '@latchkey/api-routes/table';
import { useEffect, useRef } from 'react';
import { CopyButton } from '../ui/CopyButton';

export interface ExampleRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
}

/** What a key may do, as far as the example needs to know. */
export interface Grant {
  scopes: readonly string[];
  allowed_paths?: readonly string[];
}

const covers = (granted: string, needed: string) =>
  granted === '*' || granted === needed || granted === `${needed.split(':')[0]}:*`;

/**
 * A request this key is allowed to make, for the ready-made curl: a route of the route table its
 * scopes cover (reads first), on the bound instance for an instance-bound scope, and inside its
 * allowed paths when it has any.
 */
export function exampleRequest(grant: Grant): ExampleRequest {
  const candidates: ExampleRequest[] = [];
  const routes = [...API_ROUTES].sort((a, b) => Number(b.method === 'GET') - Number(a.method === 'GET'));
  for (const text of grant.scopes) {
    const [scope = '', instance] = text.split('@');
    for (const route of routes) {
      if (!covers(scope, route.scope)) continue;
      if (instance) {
        if (!route.instanceParam) continue;
        candidates.push({
          method: route.method,
          path: route.path.replace(`:${route.instanceParam}`, instance),
        });
      } else if (!route.path.includes(':')) {
        candidates.push({ method: route.method, path: route.path });
      }
    }
  }
  // Within allowed paths: the literal part of a pattern (before any *) must lead the path.
  const prefixes = (grant.allowed_paths ?? []).map((p) => p.split('*')[0] ?? p);
  const allowed = candidates.find((c) => prefixes.length === 0 || prefixes.some((p) => c.path.startsWith(p)));
  return allowed ?? candidates[0] ?? { method: 'GET', path: '/v1/projects' };
}

export function curlExample(origin: string, secret: string, request: ExampleRequest): string {
  const lines = [
    `curl -s${request.method === 'GET' ? '' : ` -X ${request.method}`} ${origin}${request.path}`,
  ];
  lines.push(`-H 'Authorization: Bearer ${secret}'`);
  if (request.method !== 'GET' && request.method !== 'DELETE')
    lines.push(`-H 'content-type: application/json' -d '{}'`);
  return lines.join(' \\\n  ');
}

/**
 * A new secret, shown this once: the API stores only its hash, so after this page it is gone.
 */
export function SecretReveal({
  secret,
  request,
  note,
  onDone,
}: {
  secret: string;
  /** The call the curl example makes: see exampleRequest. */
  request: ExampleRequest;
  /** Anything else to know right now, e.g. until when a rotated key's old secret still works. */
  note?: string | undefined;
  onDone(): void;
}) {
  const curl = curlExample(window.location.origin, secret, request);
  const heading = useRef<HTMLHeadingElement>(null);
  // The secret appears where the person was not looking: move focus (and screen readers) to it.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="secret-reveal card" aria-labelledby="secret-title">
      <h2 id="secret-title" ref={heading} tabIndex={-1}>
        Copy your secret now
      </h2>
      <p className="warning" role="note">
        This secret will not be shown again. Store it in your secret manager before you leave this page; if
        you lose it, rotate the key to get a new one.
      </p>
      {note && <p>{note}</p>}
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
