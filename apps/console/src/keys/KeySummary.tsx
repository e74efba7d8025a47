import { useEffect, useRef } from 'react';
import type { KeyCreateRequest } from '../api/types';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatDateTime } from '../ui/format';

function expiryWords(body: KeyCreateRequest): string {
  if (body.expires_in_days !== undefined) return `In ${body.expires_in_days} days`;
  if (body.expires_at === null) return 'Never';
  if (body.expires_at) return formatDateTime(body.expires_at);
  return 'As your organisation’s policy sets it';
}

const orAny = (items: readonly string[] | undefined, any: string) =>
  items && items.length > 0 ? items.join(', ') : any;

/** The key as it will be created, checked by the person before "Create key". */
export function KeySummary({
  body,
  busy,
  error,
  onBack,
  onCreate,
}: {
  body: KeyCreateRequest;
  busy: boolean;
  error: unknown;
  onBack(): void;
  onCreate(): void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  // The form was replaced by its summary: take focus (and screen readers) there.
  useEffect(() => heading.current?.focus(), []);
  const rate = body.rate_limit;
  return (
    <section className="card key-summary" aria-labelledby="summary-title">
      <h2 id="summary-title" ref={heading} tabIndex={-1}>
        Review the key
      </h2>
      <dl>
        <dt>Name</dt>
        <dd>{body.name}</dd>
        <dt>Environment</dt>
        <dd>{body.environment ?? 'live'}</dd>
        <dt>Scopes</dt>
        <dd>{(body.scopes ?? []).join(', ') || 'None'}</dd>
        <dt>Allowed paths</dt>
        <dd>{orAny(body.allowed_paths, 'Any path')}</dd>
        <dt>Allowed IPs</dt>
        <dd>{orAny(body.allowed_ips, 'Any address')}</dd>
        <dt>Rate limit</dt>
        <dd>{rate ? `${rate.limit} requests per ${rate.window_seconds} s` : 'Default'}</dd>
        <dt>Expires</dt>
        <dd>{expiryWords(body)}</dd>
      </dl>
      <ErrorNotice error={error} />
      <div className="actions">
        <button type="button" className="primary" onClick={onCreate} disabled={busy}>
          {busy ? 'Creating…' : 'Create key'}
        </button>
        <button type="button" onClick={onBack} disabled={busy}>
          Back to the form
        </button>
      </div>
    </section>
  );
}
