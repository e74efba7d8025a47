import { useMutation } from '@tanstack/react-query';
import { LatchkeyProblemError } from '@latchkey/sdk';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useApi } from '../session/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { displayStatus, StatusBadge } from '../ui/StatusBadge';
import { TextField } from '../ui/TextField';

/**
 * "Find the key for a secret" (ADR 0020): a secret found in a log, a ticket or a repository names
 * its key here. The secret is typed into a password field, sent once in a POST body (hashed by the
 * server, never stored or logged) and cleared from the field and from memory as soon as it is sent;
 * the answer is the key's page, never the secret.
 */
export function FindKeyBySecret() {
  const api = useApi();
  const [secret, setSecret] = useState('');
  const find = useMutation({ mutationFn: (presented: string) => api.keys.findBySecret(presented) });
  const notFound = find.error instanceof LatchkeyProblemError && find.error.code === 'not_found';

  function submit(event: FormEvent) {
    event.preventDefault();
    const presented = secret.trim();
    if (!presented) return;
    // Cleared before the answer: the secret stays in the field no longer than it takes to send it.
    setSecret('');
    find.mutate(presented);
  }

  return (
    <section aria-labelledby="find-secret-title" className="card find-secret">
      <h2 id="find-secret-title">Find the key for a secret</h2>
      <form onSubmit={submit}>
        <TextField
          id="find-secret"
          label="Secret (lk_live_… or lk_test_…)"
          type="password"
          autoComplete="off"
          value={secret}
          onChange={setSecret}
        />
        <button type="submit" disabled={find.isPending || secret.trim() === ''}>
          Find key
        </button>
      </form>
      <div aria-live="polite">
        {find.data && (
          <p>
            This secret belongs to <Link to={`/keys/${find.data.id}`}>{find.data.name}</Link>{' '}
            <StatusBadge status={displayStatus(find.data)} />
          </p>
        )}
        {notFound && <p>No key of your organisation has this secret.</p>}
      </div>
      {!notFound && <ErrorNotice error={find.error} />}
    </section>
  );
}
