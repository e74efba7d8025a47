import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { IssuedKey } from '../api/types';
import { useApi } from '../session/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { emptyKeyForm } from './key-form';
import { KeyForm } from './KeyForm';
import { SecretReveal } from './SecretReveal';
import { usePageTitle } from '../ui/page-title';

export function CreateKeyPage() {
  usePageTitle('Create an API key');
  const api = useApi();
  const queryClient = useQueryClient();
  const policy = useQuery({ queryKey: ['policy'], queryFn: api.policy.get });
  const navigate = useNavigate();
  const [issued, setIssued] = useState<IssuedKey>();

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
      {policy.isPending ? (
        <p role="status">Loading your organisation’s policy…</p>
      ) : (
        <KeyForm
          mode="create"
          initial={emptyKeyForm(policy.data)}
          policy={policy.data}
          submitLabel="Create key"
          onSubmit={async (body) => {
            const created = await api.keys.create(body);
            await queryClient.invalidateQueries({ queryKey: ['keys'] });
            setIssued(created);
          }}
        />
      )}
    </section>
  );
}
