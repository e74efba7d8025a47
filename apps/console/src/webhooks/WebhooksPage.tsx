import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { toast } from 'sonner';
import type { Environment, IssuedWebhookConnection, UserRole, WebhookConnection } from '../api/types';
import { SecretReveal } from '../keys/SecretReveal';
import { can, useApi, useSession } from '../session/session';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { FormErrorSummary, useFieldErrors } from '../ui/form-errors';
import { TextField } from '../ui/TextField';
import { formatDateTime } from '../ui/format';
import { StatusBadge } from '../ui/StatusBadge';
import { usePageTitle } from '../ui/page-title';
import './webhooks.css';

/** Who may create, regenerate and revoke connections: the shell's abilities (members and viewers only look). */
export function mayManageWebhooks(role: UserRole | undefined): boolean {
  return can(role, 'webhooks:manage');
}

const WEBHOOK_LABELS = { name: 'Name', environment: 'Environment' } as const;

/** A change to a connection the person asked for, confirmed before it is made. */
type Asked = { action: 'regenerate' | 'revoke'; connection: WebhookConnection };

/** Each webhook connection has its own key, restricted to the connection's ingest path. */
export function WebhooksPage() {
  usePageTitle('Webhook connections');
  const api = useApi();
  const manage = mayManageWebhooks(useSession().session?.role);
  const [asked, setAsked] = useState<Asked>();
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
    onSuccess: (c) => {
      setName('');
      toast.success(`Connection “${c.name}” created. Store its secret now.`);
      return reveal(c);
    },
  });
  const fieldErrors = useFieldErrors(create.error, WEBHOOK_LABELS);
  const change = useMutation({
    // Regenerating answers the new secret; revoking answers nothing the page keeps.
    mutationFn: async ({ action, connection }: Asked) =>
      action === 'regenerate'
        ? api.webhooks.regenerate(connection.id)
        : void (await api.webhooks.revoke(connection.id)),
    onSuccess: async (issued, { connection }) => {
      setAsked(undefined);
      if (issued) {
        toast.success(`New secret for “${connection.name}”. The old one no longer works.`);
        await reveal(issued);
      } else {
        toast.success(`“${connection.name}” was revoked.`);
        await changed();
      }
    },
  });
  const cancel = () => {
    setAsked(undefined);
    change.reset();
  };

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
      <ErrorNotice error={connections.error} />
      <div className="webhooks-table">
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
                  {manage && c.status === 'active' && (
                    <>
                      <button
                        type="button"
                        onClick={() => setAsked({ action: 'regenerate', connection: c })}
                        disabled={change.isPending}
                      >
                        Regenerate secret for {c.name}
                      </button>
                      <button
                        type="button"
                        className="danger"
                        onClick={() => setAsked({ action: 'revoke', connection: c })}
                        disabled={change.isPending}
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
      </div>
      <ConfirmDialog
        open={asked !== undefined}
        title={
          asked?.action === 'revoke'
            ? `Revoke “${asked.connection.name}”?`
            : `Regenerate the secret of “${asked?.connection.name ?? ''}”?`
        }
        consequence={
          asked?.action === 'revoke'
            ? 'Its sender’s requests will be refused from now on. This cannot be undone.'
            : 'The current secret stops working at once; the sender needs the new one.'
        }
        confirmLabel={asked?.action === 'revoke' ? 'Revoke connection' : 'Regenerate secret'}
        danger
        pending={change.isPending}
        error={change.error}
        onConfirm={() => asked && change.mutate(asked)}
        onCancel={cancel}
      />
      {manage && (
        <form
          className="card inline-form"
          aria-labelledby="new-webhook-title"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <h2 id="new-webhook-title">New connection</h2>
          <TextField
            id="webhook-name"
            label="Name"
            required
            value={name}
            onChange={setName}
            error={fieldErrors.of('name')}
          />
          <label htmlFor="webhook-environment">Environment</label>
          <select
            id="webhook-environment"
            value={environment}
            onChange={(e) => setEnvironment(e.target.value as Environment)}
          >
            <option value="live">Live</option>
            <option value="test">Test</option>
          </select>
          <FormErrorSummary errors={fieldErrors} />
          <button type="submit" className="primary" disabled={create.isPending}>
            Create connection
          </button>
        </form>
      )}
    </section>
  );
}
