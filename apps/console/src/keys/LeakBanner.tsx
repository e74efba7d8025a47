import type { ApiKey } from '../api/types';
import { formatDateTime } from '../ui/format';

/** What the leak policy did, in words, for the banner of a leaked key. */
const DONE: Record<NonNullable<ApiKey['leak']>['action'], string> = {
  revoke: 'It was revoked at once: requests with it are refused.',
  quarantine:
    'It is quarantined: it may still read (GET), every other request is refused and every use is flagged. Replace it and revoke it.',
  report: 'Nothing else was done (your policy only records leaks): revoke or rotate it now.',
};

/**
 * A key whose live secret was reported found in public: where, when, and what was done. Red and
 * announced as an alert: it must not read as routine.
 */
export function LeakBanner({ apiKey }: { apiKey: ApiKey }) {
  const leak = apiKey.leak;
  if (!apiKey.leaked_at || !leak) return null;
  return (
    <section role="alert" aria-labelledby="leak-title" className="leak-banner">
      <h2 id="leak-title">This key was found in public</h2>
      <p>
        Reported {formatDateTime(apiKey.leaked_at)}
        {leak.source ? ` in ${leak.source}` : ''}
        {leak.url ? (
          <>
            {' at '}
            {/^https?:\/\//.test(leak.url) ? (
              <a href={leak.url} rel="noreferrer noopener" target="_blank">
                {leak.url}
              </a>
            ) : (
              <code>{leak.url}</code>
            )}
          </>
        ) : null}
        .
      </p>
      <p>{DONE[leak.action]}</p>
    </section>
  );
}

/** The leak state of a key for lists: "Leaked" or "Quarantined", or nothing. */
export function LeakBadge({ apiKey }: { apiKey: Pick<ApiKey, 'leaked_at' | 'quarantined' | 'status'> }) {
  if (apiKey.quarantined && apiKey.status !== 'revoked')
    return <span className="badge badge-quarantined">Quarantined</span>;
  if (apiKey.leaked_at) return <span className="badge badge-leaked">Leaked</span>;
  return null;
}
