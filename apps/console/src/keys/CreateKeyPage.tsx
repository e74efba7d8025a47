import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { toast } from 'sonner';
import type { IssuedKey, KeyCreateRequest } from '../api/types';
import { canManage, useApi, useSession } from '../session/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { usePageTitle } from '../ui/page-title';
import { emptyKeyForm } from './key-form';
import { KeyForm } from './KeyForm';
import { CanaryForm } from './CanaryForm';
import { KeySummary } from './KeySummary';
import { SecretReveal } from './SecretReveal';
import './keys.css';

/**
 * Create a key in two steps: the form (checked as the person goes), then a summary of the key as it
 * will be created, then "Create key" and the secret, shown once.
 */
export function CreateKeyPage() {
  usePageTitle('Create an API key');
  const api = useApi();
  const { session } = useSession();
  const queryClient = useQueryClient();
  const manager = canManage(session?.role);
  const policy = useQuery({ queryKey: ['policy'], queryFn: api.policy.get, enabled: manager });
  const navigate = useNavigate();
  const [review, setReview] = useState<KeyCreateRequest>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [issued, setIssued] = useState<IssuedKey>();
  const [kind, setKind] = useState<'regular' | 'canary'>('regular');

  if (!manager) {
    return (
      <section aria-labelledby="create-title">
        <h1 id="create-title">Create an API key</h1>
        <p>Only owners and admins of your organisation create keys.</p>
        <Link to="/keys">Back to all keys</Link>
      </section>
    );
  }

  if (issued) {
    return (
      <section aria-labelledby="created-title">
        <h1 id="created-title">Key “{issued.name}” created</h1>
        <SecretReveal secret={issued.secret} grant={issued} onDone={() => navigate(`/keys/${issued.id}`)} />
        <p>
          <Link to={`/keys/${issued.id}`}>Open the key’s page</Link> ·{' '}
          <Link to="/keys">Back to all keys</Link>
        </p>
      </section>
    );
  }

  async function create(body: KeyCreateRequest) {
    setBusy(true);
    setFailure(undefined);
    try {
      const created = await api.keys.create(body);
      await queryClient.invalidateQueries({ queryKey: ['keys'] });
      toast.success(`Key “${created.name}” created.`);
      setIssued(created);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="create-title">
      <h1 id="create-title">Create an API key</h1>
      {policy.error && (
        <>
          <p className="warning">
            Your organisation’s issuance policy could not be loaded; the API still enforces it when you create
            the key.
          </p>
          <ErrorNotice error={policy.error} />
        </>
      )}
      <fieldset className="key-kind">
        <legend>Kind of key</legend>
        <label>
          <input
            type="radio"
            name="key-kind"
            checked={kind === 'regular'}
            onChange={() => setKind('regular')}
          />{' '}
          Regular: grants the scopes you choose
        </label>
        <label>
          <input
            type="radio"
            name="key-kind"
            checked={kind === 'canary'}
            onChange={() => setKind('canary')}
          />{' '}
          Canary: grants nothing, raises an alarm when used
        </label>
      </fieldset>
      {kind === 'canary' && (
        <>
          <ErrorNotice error={failure} />
          <CanaryForm busy={busy} onSubmit={(body) => void create(body)} />
        </>
      )}
      {kind === 'regular' && review && (
        <KeySummary
          body={review}
          busy={busy}
          error={failure}
          onBack={() => {
            setReview(undefined);
            setFailure(undefined);
            // Back where the person left: the form's first field.
            setTimeout(() => document.getElementById('key-name')?.focus(), 0);
          }}
          onCreate={() => void create(review)}
        />
      )}
      {kind === 'canary' ? null : policy.isPending ? (
        <p role="status">Loading your organisation’s policy…</p>
      ) : (
        // Hidden, not unmounted, while reviewing: "Back to the form" finds every value as it was.
        <div hidden={review !== undefined}>
          <KeyForm
            mode="create"
            initial={emptyKeyForm(policy.data)}
            policy={policy.data}
            submitLabel="Review key"
            onSubmit={async (body) => setReview(body)}
          />
        </div>
      )}
    </section>
  );
}
