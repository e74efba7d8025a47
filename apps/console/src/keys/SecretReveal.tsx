import { useEffect, useRef } from 'react';
import { CopyButton } from '../ui/CopyButton';
import { GraceCountdown } from './GraceCountdown';
import type { ExampleRequest, Grant } from './grants';
import { useExampleRequest } from './useExampleRequest';

export { exampleRequest } from './grants';
export type { ExampleRequest, Grant } from './grants';

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
  grant,
  request: given,
  note,
  graceUntil,
  onDone,
}: {
  secret: string;
  /** What the key may do: the curl example calls its first allowed route (see grants.ts). */
  grant?: Grant;
  /** Or the very call to show (a webhook connection's ingest route). */
  request?: ExampleRequest;
  /** Anything else to know right now, e.g. until when a rotated key's old secret still works. */
  note?: string | undefined;
  /** After a rotation: until when the previous secret works, counted down next to the new one. */
  graceUntil?: string | undefined;
  onDone(): void;
}) {
  const derived = useExampleRequest(grant ?? { scopes: [] });
  const request = given ?? derived;
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
      {graceUntil && <GraceCountdown until={graceUntil} />}
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
      {/* The whole command, wrapped: the line with the secret must never be cut off. */}
      <textarea
        id="curl-example"
        readOnly
        rows={curl.split('\n').length + 2}
        value={curl}
        className="code curl-example"
        wrap="soft"
      />
      {request.placeholder && (
        <p className="muted">Replace the part in braces with the id of one of your organisation’s items.</p>
      )}
      <CopyButton value={curl} label="Copy curl example" />
      <div className="actions">
        <button type="button" className="primary" onClick={onDone}>
          I have stored the secret
        </button>
      </div>
    </section>
  );
}
