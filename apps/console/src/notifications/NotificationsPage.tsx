import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { toast } from 'sonner';
import { NOTIFICATION_EVENT_TYPES, type NotificationEventType } from '@latchkey/contracts';
import type { IssuedNotificationEndpoint, NotificationDelivery, NotificationEndpoint } from '../api/types';
import { can } from '../session/abilities';
import { useApi, useSession } from '../session/session';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { CopyButton } from '../ui/CopyButton';
import { ErrorNotice } from '../ui/ErrorNotice';
import { FormErrorSummary, useFieldErrors } from '../ui/form-errors';
import { TextField } from '../ui/TextField';
import { formatDateTime } from '../ui/format';
import { usePageTitle } from '../ui/page-title';

const LABELS = { url: 'URL', event_types: 'Event types', description: 'Description' } as const;

/** What each event type means, next to its checkbox. */
const EVENT_TYPE_HINTS: Record<NotificationEventType, string> = {
  'key.expiring': 'a key expires soon',
  'key.dormant': 'a key has not been used for a long time',
  'key.leaked': 'a key’s secret was found in public',
  'key.canary_tripped': 'a canary key was used',
  'keys.bulk_revoked': 'many keys were revoked at once',
  'policy.updated': 'the issuance policy changed',
};

/** The signing secret, shown this once with a copy button. */
function SigningSecret({ endpoint, onDone }: { endpoint: IssuedNotificationEndpoint; onDone(): void }) {
  return (
    <div className="card" role="status" aria-labelledby="signing-secret-title">
      <h2 id="signing-secret-title">Signing secret of {endpoint.url}</h2>
      <p>
        Shown this once. The receiver verifies each delivery’s <code>webhook-signature</code> with it
        (Standard Webhooks).
      </p>
      <code data-testid="signing-secret">{endpoint.secret}</code>{' '}
      <CopyButton value={endpoint.secret} label="Copy secret" />
      <p>
        <button type="button" onClick={onDone}>
          I have stored it
        </button>
      </p>
    </div>
  );
}

function lastAnswer(delivery: NotificationDelivery): string {
  const last = delivery.attempts[delivery.attempts.length - 1];
  if (!last) return 'not tried yet';
  return last.status_code !== null ? `HTTP ${last.status_code}` : (last.error ?? 'failed');
}

/** One endpoint's deliveries, each with its attempts; a dead one can be sent again. */
function Deliveries({ endpoint, manage }: { endpoint: NotificationEndpoint; manage: boolean }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const key = ['notification-deliveries', endpoint.id];
  const deliveries = useQuery({ queryKey: key, queryFn: () => api.notifications.deliveries(endpoint.id) });
  const redeliver = useMutation({
    mutationFn: (delivery: string) => api.notifications.redeliver(delivery),
    onSuccess: async () => {
      toast.success('Sent again.');
      await queryClient.invalidateQueries({ queryKey: key });
    },
  });
  return (
    <section aria-label={`Deliveries to ${endpoint.url}`}>
      <ErrorNotice error={deliveries.error ?? redeliver.error} />
      <table>
        <caption>Deliveries to {endpoint.url}</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last answer</th>
            <th scope="col">Next attempt</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {deliveries.data?.data.map((d) => (
            <tr key={d.id}>
              <td>
                <code>{d.event_type}</code> {formatDateTime(d.created_at)}
              </td>
              <td>{d.status}</td>
              <td>
                <details>
                  <summary>{d.attempts.length}</summary>
                  <ol>
                    {d.attempts.map((a) => (
                      <li key={a.attempt}>
                        {formatDateTime(a.attempted_at)}: {a.status_code ?? '—'} in {a.latency_ms} ms
                        {a.error ? ` (${a.error})` : ''}
                      </li>
                    ))}
                  </ol>
                </details>
              </td>
              <td>{lastAnswer(d)}</td>
              <td>{d.next_attempt_at ? formatDateTime(d.next_attempt_at) : '—'}</td>
              <td>
                {manage && d.status === 'dead' && (
                  <button type="button" onClick={() => redeliver.mutate(d.id)} disabled={redeliver.isPending}>
                    Redeliver {d.event_type}
                  </button>
                )}
              </td>
            </tr>
          ))}
          {deliveries.data?.data.length === 0 && (
            <tr>
              <td colSpan={6}>No deliveries yet.</td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

/** Organisation endpoints that receive signed events, and what was delivered to each. */
export function NotificationsPage() {
  usePageTitle('Notifications');
  const api = useApi();
  const manage = can(useSession().session?.role, 'notifications:manage');
  const queryClient = useQueryClient();
  const endpoints = useQuery({ queryKey: ['notification-endpoints'], queryFn: api.notifications.list });
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [types, setTypes] = useState<NotificationEventType[]>([]);
  const [issued, setIssued] = useState<IssuedNotificationEndpoint>();
  const [open, setOpen] = useState<string>();
  const [deleting, setDeleting] = useState<NotificationEndpoint>();
  const changed = () => queryClient.invalidateQueries({ queryKey: ['notification-endpoints'] });
  const create = useMutation({
    mutationFn: () =>
      api.notifications.create({ url: url.trim(), event_types: types, description: description.trim() }),
    onSuccess: async (endpoint) => {
      setUrl('');
      setDescription('');
      setTypes([]);
      setIssued(endpoint);
      toast.success('Endpoint created. Store its signing secret now.');
      await changed();
    },
  });
  const fieldErrors = useFieldErrors(create.error, LABELS);
  const rotate = useMutation({
    mutationFn: (endpoint: string) => api.notifications.rotateSecret(endpoint),
    onSuccess: (endpoint) => {
      setIssued(endpoint);
      toast.success('New signing secret. Deliveries from now on are signed with it.');
    },
  });
  const remove = useMutation({
    mutationFn: (endpoint: NotificationEndpoint) => api.notifications.remove(endpoint.id),
    onSuccess: async () => {
      setDeleting(undefined);
      toast.success('Endpoint deleted.');
      await changed();
    },
  });
  const toggle = (type: NotificationEventType) =>
    setTypes((now) => (now.includes(type) ? now.filter((t) => t !== type) : [...now, type]));

  return (
    <section aria-labelledby="notifications-title">
      <h1 id="notifications-title">Notifications</h1>
      <p>
        HTTPS endpoints of your own receive signed events: a leaked or expiring key, a tripped canary, a
        policy change. Failed deliveries are retried with back-off up to 8 times.
      </p>
      {issued && <SigningSecret endpoint={issued} onDone={() => setIssued(undefined)} />}
      <ErrorNotice error={endpoints.error ?? rotate.error} />
      <table>
        <caption className="visually-hidden">Notification endpoints</caption>
        <thead>
          <tr>
            <th scope="col">URL</th>
            <th scope="col">Event types</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {endpoints.data?.data.map((e) => (
            <tr key={e.id}>
              <td>
                <code>{e.url}</code>
                {e.description && <div>{e.description}</div>}
              </td>
              <td>{e.event_types.join(', ')}</td>
              <td>{formatDateTime(e.created_at)}</td>
              <td className="actions">
                <button type="button" onClick={() => setOpen(open === e.id ? undefined : e.id)}>
                  Deliveries to {e.url}
                </button>
                {manage && (
                  <>
                    <button type="button" onClick={() => rotate.mutate(e.id)} disabled={rotate.isPending}>
                      New secret for {e.url}
                    </button>
                    <button type="button" className="danger" onClick={() => setDeleting(e)}>
                      Delete {e.url}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
          {endpoints.data?.data.length === 0 && (
            <tr>
              <td colSpan={4}>No notification endpoints yet.</td>
            </tr>
          )}
        </tbody>
      </table>
      {open && endpoints.data?.data.find((e) => e.id === open) && (
        <Deliveries
          endpoint={endpoints.data.data.find((e) => e.id === open) as NotificationEndpoint}
          manage={manage}
        />
      )}
      <ConfirmDialog
        open={deleting !== undefined}
        title={`Delete ${deleting?.url ?? ''}?`}
        consequence="Nothing more is sent to it, and its delivery log is deleted with it."
        confirmLabel="Delete endpoint"
        danger
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onCancel={() => {
          setDeleting(undefined);
          remove.reset();
        }}
      />
      {manage && (
        <form
          className="card inline-form"
          aria-labelledby="new-endpoint-title"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <h2 id="new-endpoint-title">New endpoint</h2>
          <TextField
            id="endpoint-url"
            label="URL"
            required
            value={url}
            onChange={setUrl}
            error={fieldErrors.of('url')}
          />
          <TextField
            id="endpoint-description"
            label="Description"
            value={description}
            onChange={setDescription}
            error={fieldErrors.of('description')}
          />
          <fieldset>
            <legend>Event types</legend>
            {NOTIFICATION_EVENT_TYPES.map((type) => (
              <label key={type}>
                <input type="checkbox" checked={types.includes(type)} onChange={() => toggle(type)} />{' '}
                <code>{type}</code>: {EVENT_TYPE_HINTS[type]}
              </label>
            ))}
          </fieldset>
          <FormErrorSummary errors={fieldErrors} />
          <button type="submit" className="primary" disabled={create.isPending || types.length === 0}>
            Create endpoint
          </button>
        </form>
      )}
    </section>
  );
}
