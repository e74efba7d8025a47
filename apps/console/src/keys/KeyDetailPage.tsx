import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { toast } from 'sonner';
import type { ApiKey, RotatedKey } from '../api/types';
import { AuditTable } from '../audit/AuditTable';
import { useAuditEvents } from '../audit/AuditPage';
import { useDirectory } from '../audit/directory';
import { canManage, useApi, useCan, useSession } from '../session/session';
import { CopyButton } from '../ui/CopyButton';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatDateTime } from '../ui/format';
import { displayStatus, StatusBadge } from '../ui/StatusBadge';
import { DeleteDialog, EnableDialog, RevokeDialog, RotateDialog } from './KeyActions';
import { keyFormFrom } from './key-form';
import { KeyForm } from './KeyForm';
import { LeakBadge, LeakBanner } from './LeakBanner';
import { LeastPrivilegePanel } from './LeastPrivilegePanel';
import { SecretReveal } from './SecretReveal';
import { SimulateForm } from './SimulateForm';
import { UsageChart } from './UsageChart';
import { usePageTitle } from '../ui/page-title';
import './keys.css';

/** The usage chart's span: one bar per day. */
const USAGE_DAYS = 30;

type OpenDialog = 'rotate' | 'regenerate' | 'revoke' | 'delete' | 'enable' | undefined;

function list(items: readonly string[], empty: string) {
  return items.length ? items.map((i) => <code key={i}>{i}</code>) : <span>{empty}</span>;
}

function KeySettings({ apiKey }: { apiKey: ApiKey }) {
  return (
    <dl className="settings">
      <dt>Status</dt>
      <dd>
        <StatusBadge status={displayStatus(apiKey)} />
        <LeakBadge apiKey={apiKey} />
        {apiKey.revoked_reason && <span> — {apiKey.revoked_reason}</span>}
        {apiKey.canary && (
          <span className="badge badge-canary" title="Grants nothing; any use raises key.canary_tripped">
            canary
          </span>
        )}
      </dd>
      <dt>Prefix</dt>
      <dd>
        <code>{apiKey.prefix}…</code>
      </dd>
      <dt>Public id</dt>
      <dd className="copy-row">
        <code>{apiKey.public_id}</code>
        <CopyButton value={apiKey.public_id} label="Copy public id" />
      </dd>
      <dt>Key id</dt>
      <dd className="copy-row">
        <code>{apiKey.id}</code>
        <CopyButton value={apiKey.id} label="Copy key id" />
      </dd>
      <dt>Environment</dt>
      <dd>{apiKey.environment}</dd>
      <dt>Description</dt>
      <dd>{apiKey.description ?? '—'}</dd>
      <dt>Scopes</dt>
      <dd className="code-list">{list(apiKey.scopes, 'none')}</dd>
      <dt>Allowed paths</dt>
      <dd className="code-list">{list(apiKey.allowed_paths, 'any path')}</dd>
      <dt>Allowed IPs</dt>
      <dd className="code-list">{list(apiKey.allowed_ips, 'any address')}</dd>
      <dt>Rate limit</dt>
      <dd>
        {apiKey.rate_limit.limit} requests per {apiKey.rate_limit.window_seconds} s
      </dd>
      <dt>Created</dt>
      <dd>{formatDateTime(apiKey.created_at)}</dd>
      <dt>Expires</dt>
      <dd>{formatDateTime(apiKey.expires_at, 'Never')}</dd>
      <dt>Last used</dt>
      <dd>{formatDateTime(apiKey.last_used_at, 'Never')}</dd>
    </dl>
  );
}

function KeyUsage({ keyId }: { keyId: string }) {
  const api = useApi();
  const usage = useQuery({
    queryKey: ['usage', keyId],
    queryFn: () =>
      api.audit.usage(keyId, {
        period: 'day',
        since: new Date(Date.now() - USAGE_DAYS * 86_400_000).toISOString(),
      }),
    refetchInterval: 10_000,
  });
  return (
    <section aria-labelledby="usage-title">
      <h2 id="usage-title">Usage per day</h2>
      <ErrorNotice error={usage.error} />
      {usage.data && (
        <>
          <p>
            <span data-testid="total-requests">{usage.data.total_requests}</span> request
            {usage.data.total_requests === 1 ? '' : 's'} in the last {USAGE_DAYS} days
            {usage.data.last_client_ip && <> · last from {usage.data.last_client_ip}</>}
          </p>
          <UsageChart buckets={usage.data.buckets} days={USAGE_DAYS} />
        </>
      )}
    </section>
  );
}

/**
 * The key's audit events, with people and keys by name as on the Audit page (the same directory and
 * table): an actor as name and email, a key by its name; an id no longer found stays shown.
 */
export function KeyTrail({ keyId }: { keyId: string }) {
  const events = useAuditEvents({ key_id: keyId });
  const directory = useDirectory();
  const can = useCan();
  const rows = events.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <section aria-labelledby="trail-title">
      <div className="page-header">
        <h2 id="trail-title">Audit trail</h2>
        <button type="button" onClick={() => events.refetch()}>
          Refresh
        </button>
      </div>
      <ErrorNotice error={events.error} />
      <AuditTable
        events={rows}
        directory={directory}
        caption="This key's audit events, newest first"
        explainable={can('decisions:read')}
      />
      {events.hasNextPage && (
        <button type="button" onClick={() => events.fetchNextPage()}>
          Load older events
        </button>
      )}
    </section>
  );
}

export function KeyDetailPage() {
  const { id = '' } = useParams();
  const api = useApi();
  const { session } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const key = useQuery({ queryKey: ['key', id], queryFn: () => api.keys.get(id) });
  usePageTitle(key.data ? `Key “${key.data.name}”` : 'API key');
  const policy = useQuery({
    queryKey: ['policy'],
    queryFn: api.policy.get,
    enabled: canManage(session?.role),
  });
  const [dialog, setDialog] = useState<OpenDialog>();
  const [editing, setEditing] = useState(false);
  const [issued, setIssued] = useState<RotatedKey>();

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['key', id] });
    await queryClient.invalidateQueries({ queryKey: ['keys'] });
    await queryClient.invalidateQueries({ queryKey: ['audit-events'] });
  };

  if (key.error) return <ErrorNotice error={key.error} />;
  if (!key.data) return <p role="status">Loading key…</p>;
  const apiKey = key.data;
  const manageable = canManage(session?.role) && apiKey.status !== 'revoked';

  return (
    <article aria-labelledby="key-title">
      <p>
        <Link to="/keys">← All keys</Link>
      </p>
      <div className="page-header">
        <h1 id="key-title">{apiKey.name}</h1>
        {manageable && (
          <div className="actions">
            {apiKey.status === 'dormant' && (
              <button type="button" className="primary" onClick={() => setDialog('enable')}>
                Enable
              </button>
            )}
            <button type="button" onClick={() => setEditing(true)} disabled={editing}>
              Edit permissions
            </button>
            <button type="button" onClick={() => setDialog('rotate')}>
              Rotate
            </button>
            <button type="button" onClick={() => setDialog('regenerate')}>
              Regenerate
            </button>
            <button type="button" className="danger" onClick={() => setDialog('revoke')}>
              Revoke
            </button>
          </div>
        )}
        {canManage(session?.role) && (
          <button type="button" className="danger" onClick={() => setDialog('delete')}>
            Delete
          </button>
        )}
      </div>

      <LeakBanner apiKey={apiKey} />
      {apiKey.status === 'dormant' && (
        <p className="warning" role="note">
          Dormant: disabled {formatDateTime(apiKey.dormant_at, 'earlier')} because it went unused. Every
          request with it is refused (key_dormant) until an owner or admin enables it.
        </p>
      )}

      {issued && (
        <SecretReveal
          secret={issued.secret}
          grant={issued}
          graceUntil={issued.previous_secret_valid_until}
          onDone={() => setIssued(undefined)}
        />
      )}

      {editing ? (
        <section aria-labelledby="edit-title" className="card">
          <h2 id="edit-title">Edit permissions</h2>
          <KeyForm
            mode="edit"
            initial={keyFormFrom(apiKey)}
            policy={policy.data}
            submitLabel="Save changes"
            onCancel={() => setEditing(false)}
            onSubmit={async (body) => {
              await api.keys.update(apiKey.id, body);
              await refresh();
              setEditing(false);
              toast.success(`Permissions of “${apiKey.name}” saved.`);
            }}
          />
        </section>
      ) : (
        <KeySettings apiKey={apiKey} />
      )}

      {canManage(session?.role) && <SimulateForm keyId={apiKey.id} />}
      <KeyUsage keyId={apiKey.id} />
      {apiKey.status !== 'revoked' && (
        <LeastPrivilegePanel apiKey={apiKey} canNarrow={manageable} onNarrowed={refresh} />
      )}
      <KeyTrail keyId={apiKey.id} />

      {(dialog === 'rotate' || dialog === 'regenerate') && (
        <RotateDialog
          apiKey={apiKey}
          mode={dialog}
          open
          policy={policy.data}
          onClose={() => setDialog(undefined)}
          rotate={async (body) => {
            const rotated = await api.keys.rotate(apiKey.id, body);
            setIssued(rotated);
            setDialog(undefined);
            toast.success(
              dialog === 'rotate'
                ? `“${apiKey.name}” rotated: copy the new secret below.`
                : `“${apiKey.name}” regenerated: the previous secret no longer works.`,
            );
            await refresh();
            return rotated;
          }}
        />
      )}
      {dialog === 'revoke' && (
        <RevokeDialog
          apiKey={apiKey}
          open
          onClose={() => setDialog(undefined)}
          revoke={async (reason) => {
            const result = await api.keys.revoke(apiKey.id, reason);
            toast.success(`“${apiKey.name}” revoked.`);
            // The page shows the key revoked while the outcome is read (its Revoke button gone, so
            // closing the dialog gives focus to the page's content, not to a button about to vanish).
            await refresh();
            return result;
          }}
        />
      )}
      {dialog === 'enable' && (
        <EnableDialog
          apiKey={apiKey}
          open
          onClose={() => {
            setDialog(undefined);
            void refresh();
          }}
          enable={async () => {
            const result = await api.keys.enable(apiKey.id);
            toast.success(`“${apiKey.name}” enabled.`);
            return result;
          }}
        />
      )}
      {dialog === 'delete' && (
        <DeleteDialog
          apiKey={apiKey}
          open
          onClose={() => setDialog(undefined)}
          remove={async () => {
            await api.keys.remove(apiKey.id);
            await queryClient.invalidateQueries({ queryKey: ['keys'] });
            toast.success(`“${apiKey.name}” deleted.`);
            await navigate('/keys');
          }}
        />
      )}
    </article>
  );
}
