import type {
  AuthDeniedData,
  LegacyAuthDeniedData,
  KeyCreatedData,
  KeyDormantData,
  KeyEnabledData,
  KeyExpiredData,
  KeyLeakedData,
  KeyExpiringData,
  KeyRevokedData,
  KeyRotatedData,
  KeyUpdatedData,
  KeyUsedData,
  KeysBulkRevokedData,
  UserCreatedData,
  UserRoleChangedData,
  UserStatusChangedData,
} from '@latchkey/contracts';
import type { AuditEvent } from '../api/types';
import { Link } from 'react-router';
import { formatDateTime } from '../ui/format';
import type { Directory } from './directory';
import { fieldChanges, KeyChanges } from './KeyChanges';
import './audit.css';

/** A line of plain words for what an event says, without its raw JSON. */
export function describeEvent(event: AuditEvent): string {
  switch (event.type) {
    case 'key.used': {
      const d = event.data as unknown as KeyUsedData;
      const statuses = Object.entries(d.by_status ?? {}).map(([status, n]) => `${n}× ${status}`);
      const paths = Object.keys(d.by_path ?? {});
      return `${d.requests} request(s)${statuses.length ? ` (${statuses.join(', ')})` : ''}${paths.length ? ` to ${paths.join(', ')}` : ''}`;
    }
    case 'auth.denied':
      return describeDenial(event.data);
    case 'key.revoked':
      return `Revoked: ${(event.data as unknown as KeyRevokedData).reason}`;
    case 'key.rotated': {
      const d = event.data as unknown as KeyRotatedData;
      return `New secret; the old one works until ${formatDateTime(d.grace_until)}`;
    }
    case 'key.created': {
      const d = event.data as unknown as KeyCreatedData;
      return `Created “${d.name}” with ${d.scopes.join(', ')}`;
    }
    case 'key.updated': {
      // `changes` names the changed fields (`diff` holds their old and new values, when recorded).
      const d = event.data as unknown as Partial<KeyUpdatedData> & { changes?: unknown };
      const fields = Array.isArray(d.changes) ? d.changes : Object.keys(fieldChanges(event.data) ?? {});
      const scopes = Array.isArray(d.scopes) ? `; scopes now ${d.scopes.join(', ')}` : '';
      return `Changed ${fields.join(', ').replace(/_/g, ' ') || 'nothing'}${scopes}`;
    }
    case 'key.expired':
      return `Expired at ${formatDateTime((event.data as unknown as KeyExpiredData).expired_at)}`;
    case 'key.deleted':
      return 'Deleted (revoked and hidden)';
    case 'key.leaked': {
      const d = event.data as unknown as KeyLeakedData;
      const done = { revoke: 'revoked', quarantine: 'quarantined', report: 'recorded only' }[d.action];
      return `Found in public${d.source ? ` (${d.source})` : ''}${d.url ? ` at ${d.url}` : ''}: ${done ?? d.action}`;
    }
    case 'key.expiring': {
      const d = event.data as unknown as KeyExpiringData;
      return `“${d.name}” expires within ${d.days_left} day${d.days_left === 1 ? '' : 's'} (${formatDateTime(d.expires_at)})`;
    }
    case 'key.dormant': {
      const d = event.data as unknown as KeyDormantData;
      return `“${d.name}” disabled as dormant: unused for ${d.dormant_after_days} days`;
    }
    case 'key.enabled':
      return `Enabled again (dormant since ${formatDateTime((event.data as unknown as KeyEnabledData).dormant_at)})`;
    case 'keys.bulk_revoked': {
      const d = event.data as unknown as KeysBulkRevokedData;
      const skipped = d.skipped_key_ids?.length ? `; ${d.skipped_key_ids.length} left as they were` : '';
      return `Revoked ${d.count} key${d.count === 1 ? '' : 's'} by plan ${d.plan_id}: ${d.reason}${skipped}`;
    }
    case 'user.created': {
      const d = event.data as unknown as UserCreatedData;
      return `User ${d.user_id} added as ${d.role}`;
    }
    case 'user.role_changed': {
      const d = event.data as unknown as UserRoleChangedData;
      return `User ${d.user_id}: ${d.from} → ${d.to}`;
    }
    case 'user.status_changed': {
      const d = event.data as unknown as UserStatusChangedData;
      return `User ${d.user_id} ${d.to === 'disabled' ? 'disabled' : 'enabled again'}`;
    }
    default:
      return typeof event.data['name'] === 'string' ? event.data['name'] : '';
  }
}

/**
 * A refusal record: how many refusals of one kind in one interval, with one of them as an example.
 * Events stored before refusals were aggregated describe one refusal each.
 */
function describeDenial(data: Record<string, unknown>): string {
  const reason = String(data['reason'] ?? '').replace(/_/g, ' ');
  if (typeof data['sample'] !== 'object' || data['sample'] === null) {
    const d = data as unknown as LegacyAuthDeniedData;
    return `Refused (${d.status}): ${reason} on ${d.method} ${d.path} from ${d.ip}`;
  }
  const d = data as unknown as AuthDeniedData;
  const { sample } = d;
  const times = d.count === 1 ? 'once' : `${d.count.toLocaleString()} times`;
  const where = d.overflow ? '' : ` on ${d.route}`;
  const from = d.source_network ? ` from ${d.source_network}` : '';
  const example = `${sample.method} ${sample.path}${sample.path_truncated ? '…' : ''} from ${sample.ip}`;
  const overflow =
    d.overflow === 'budget'
      ? ' (beyond the number of distinct records kept per interval: counted, without key or route)'
      : d.overflow === 'organisations'
        ? ' (beyond the number of organisations tracked per interval)'
        : '';
  return `Refused (${sample.status}) ${times}${from}: ${reason}${where}${overflow}; e.g. ${example}`;
}

/** A key by its name, linked to its page; a key not found (deleted) stays its id. */
function KeyRef({ id, directory }: { id: string; directory: Directory | undefined }) {
  const key = directory?.key(id);
  return (
    <Link to={`/keys/${encodeURIComponent(id)}`} title={id}>
      {key ? key.name : <code>{id}</code>}
    </Link>
  );
}

/** Who acted: a user by name and email (linked to Users), a key by its name, else the id. */
export function ActorRef({ id, directory }: { id: string; directory: Directory | undefined }) {
  if (id.startsWith('key_')) return <KeyRef id={id} directory={directory} />;
  const user = directory?.user(id);
  if (!user)
    return id.startsWith('usr_') ? (
      <Link to="/users" title={id}>
        <code>{id}</code>
      </Link>
    ) : (
      <code>{id}</code>
    );
  return (
    <Link to="/users" title={id} className="actor">
      <span>{user.name}</span> <span className="muted">{user.email}</span>
    </Link>
  );
}

function Details({ event }: { event: AuditEvent }) {
  const changes = event.type === 'key.updated' ? fieldChanges(event.data) : undefined;
  return changes ? <KeyChanges changes={changes} /> : <>{describeEvent(event)}</>;
}

export function AuditTable({
  events,
  caption,
  directory,
  explainable = false,
}: {
  events: readonly AuditEvent[];
  caption: string;
  /** Names for ids; without it ids are shown as ids. */
  directory?: Directory;
  /** Whether the reader may open a refusal's explanation (ADR 0023): refusals link to it then. */
  explainable?: boolean;
}) {
  return (
    <table className="audit-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Event</th>
          <th scope="col">Key</th>
          <th scope="col">Actor</th>
          <th scope="col">Outcome</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id}>
            <td className="when">
              <time dateTime={event.occurred_at}>{formatDateTime(event.occurred_at)}</time>
            </td>
            <td>
              <code>{event.type}</code>
            </td>
            <td>{event.key_id ? <KeyRef id={event.key_id} directory={directory} /> : '—'}</td>
            <td>{event.actor_id ? <ActorRef id={event.actor_id} directory={directory} /> : '—'}</td>
            <td>{event.outcome ?? '—'}</td>
            <td>
              <Details event={event} />
              {explainable &&
                event.type === 'auth.denied' &&
                typeof event.data['decision_id'] === 'string' && (
                  <>
                    {' '}
                    <Link to={`/decisions/${encodeURIComponent(event.data['decision_id'])}`}>Explain</Link>
                  </>
                )}
            </td>
          </tr>
        ))}
        {events.length === 0 && (
          <tr>
            <td colSpan={6}>No events.</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
