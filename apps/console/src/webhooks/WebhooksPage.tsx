import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Environment, IssuedWebhookConnection, WebhookConnection } from '../api/types';
import { SecretReveal } from '../keys/SecretReveal';
import { useApi } from '../session/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatDateTime } from '../ui/format';
import { StatusBadge } from '../ui/StatusBadge';
import { usePageTitle } from '../ui/page-title';

/** Each webhook connection has its own key, restricted to the connection's ingest path. */
export function WebhooksPage() {
  usePageTitle('Webhook connections');
  const api = useApi();
  const queryClient = useQueryClient();
  const connections = useQuery({ queryKey: ['webhooks'], queryFn: api.webhooks.list });
  const [name, setName] = useState('');
  const [environment, setEnvironment] = useState<Environment>('live');
  const [issued, setIssued] = useState<IssuedWebhookConnection>();
  const changed = () => queryClient.invalidateQueries({ queryKey: ['webhooks'] });
  const reveal = async (connection: IssuedWebhookConnection) => {
    setIssued(connection);
    await changed();
  };
  const create = useMutation({
    mutationFn: () => api.webhooks.create({ name: name.trim(), environment }),
    onSuccess: (c) => (setName(''), reveal(c)),
  });
  const regenerate = useMutation({
    mutationFn: (c: WebhookConnection) => api.webhooks.regenerate(c.id),
    onSuccess: reveal,
  });
  const revoke = useMutation({
    mutationFn: (c: WebhookConnection) => api.webhooks.revoke(c.id),
    onSuccess: changed,
  });

  return (
    <section aria-labelledby="webhooks-title">
      <h1 id="webhooks-title">Webhook connections</h1>
      <p>A sender (a payment provider, say) gets its own key that may only post to its connection’s path.</p>
      {issued && (
        <SecretReveal
          secret={issued.secret}
          request={{ method: 'POST', path: issued.ingest_path }}
          onDone={() => setIssued(undefined)}
        />
      )}
      <ErrorNotice error={connections.error ?? regenerate.error ?? revoke.error} />
      <table>
        <caption className="visually-hidden">Webhook connections</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Ingest path</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {connections.data?.data.map((c) => (
            <tr key={c.id}>
              <td>{c.name}</td>
              <td>
                <code>POST {c.ingest_path}</code>
              </td>
              <td>
                <StatusBadge status={c.status} />
              </td>
              <td>{formatDateTime(c.created_at)}</td>
              <td className="actions">
                {c.status === 'active' && (
                  <>
                    <button
                      type="button"
                      onClick={() =>
                        window.confirm(
                          `Regenerate the secret of “${c.name}”? The current one stops working at once; the sender needs the new one.`,
                        ) && regenerate.mutate(c)
                      }
                      disabled={regenerate.isPending}
                    >
                      Regenerate secret for {c.name}
                    </button>
                    <button
                      type="button"
                      className="danger"
                      onClick={() =>
                        window.confirm(`Revoke “${c.name}”? Its sender's requests will be refused.`) &&
                        revoke.mutate(c)
                      }
                    >
                      Revoke {c.name}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
          {connections.data?.data.length === 0 && (
            <tr>
              <td colSpan={5}>No webhook connections yet.</td>
            </tr>
          )}
        </tbody>
      </table>
      <form
        className="card inline-form"
        aria-labelledby="new-webhook-title"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <h2 id="new-webhook-title">New connection</h2>
        <label htmlFor="webhook-name">Name</label>
        <input id="webhook-name" required value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor="webhook-environment">Environment</label>
        <select
          id="webhook-environment"
          value={environment}
          onChange={(e) => setEnvironment(e.target.value as Environment)}
        >
          <option value="live">Live</option>
          <option value="test">Test</option>
        </select>
        <ErrorNotice error={create.error} />
        <button type="submit" className="primary" disabled={create.isPending}>
          Create connection
        </button>
      </form>
    </section>
  );
}
