import type {
  AuthDeniedData,
  LegacyAuthDeniedData,
  KeyCreatedData,
  KeyExpiredData,
  KeyRevokedData,
  KeyRotatedData,
  KeyUpdatedData,
  KeyUsedData,
  UserCreatedData,
  UserRoleChangedData,
  UserStatusChangedData,
} from '@latchkey/contracts';
import type { AuditEvent } from '../api/types';
import { formatDateTime } from '../ui/format';

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
      const d = event.data as unknown as KeyUpdatedData;
      return `Changed ${d.changes.join(', ').replace(/_/g, ' ')}; scopes now ${d.scopes.join(', ')}`;
    }
    case 'key.expired':
      return `Expired at ${formatDateTime((event.data as unknown as KeyExpiredData).expired_at)}`;
    case 'key.deleted':
      return 'Deleted (revoked and hidden)';
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

export function AuditTable({ events, caption }: { events: readonly AuditEvent[]; caption: string }) {
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
            <td>{formatDateTime(event.occurred_at)}</td>
            <td>
              <code>{event.type}</code>
            </td>
            <td>{event.key_id ? <code>{event.key_id}</code> : '—'}</td>
            <td>{event.actor_id ?? '—'}</td>
            <td>{event.outcome ?? '—'}</td>
            <td>{describeEvent(event)}</td>
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
