import { scopesForRole } from '@latchkey/api-routes/table';
import { usePageTitle } from '../ui/page-title';
import { ABILITIES, type Ability } from './abilities';
import { ChangePasswordForm } from './ChangePasswordForm';
import { useCan, useSession } from './session';

const WORDS: Record<Ability, string> = {
  'keys:read': 'See the organisation’s API keys, their usage and trails',
  'keys:manage': 'Create, edit, rotate, revoke and delete API keys',
  'users:read': 'See the organisation’s members and their roles',
  'users:manage': 'Add members and change their roles',
  'webhooks:read': 'See webhook connections',
  'webhooks:manage': 'Create, regenerate and revoke webhook connections',
  'notifications:read': 'See notification endpoints and their deliveries',
  'notifications:manage': 'Create and delete notification endpoints, renew their secrets, redeliver',
  'policy:read': 'See the key issuance policy',
  'policy:manage': 'Change the key issuance policy',
  'audit:read': 'Read and verify the audit trail',
  'decisions:read': 'Read why a request was refused (the rule and the key’s state then)',
  'account:read': 'See your own account',
};

/** Who is signed in and what their role lets them do: every role's page. */
export function AccountPage() {
  usePageTitle('Your account');
  const { session } = useSession();
  const can = useCan();
  if (!session) return null;
  const dataScopes = scopesForRole(session.role).filter((scope) => scope !== '*');
  return (
    <>
      <h1>Your account</h1>
      <dl className="settings">
        <dt>Email</dt>
        <dd>{session.email}</dd>
        <dt>Role</dt>
        <dd>{session.role}</dd>
        <dt>Organisation</dt>
        <dd>
          <code>{session.orgId}</code>
        </dd>
        <dt>Signed in until</dt>
        <dd>
          <time dateTime={new Date(session.expiresAt * 1000).toISOString()}>
            {new Date(session.expiresAt * 1000).toLocaleString()}
          </time>
        </dd>
      </dl>
      <h2>What your role can do here</h2>
      <ul>
        {ABILITIES.filter(can).map((ability) => (
          <li key={ability}>{WORDS[ability]}</li>
        ))}
      </ul>
      {dataScopes.length > 0 && (
        <>
          <h2>Through the API</h2>
          <p>
            Your sign-in reads the organisation’s data through the API with these scopes:{' '}
            <span className="code-list">
              {dataScopes.map((scope) => (
                <code key={scope}>{scope}</code>
              ))}
            </span>
          </p>
          <p className="hint">
            Keys, members, webhooks, the policy and the audit trail are for owners and admins.
          </p>
        </>
      )}
      <ChangePasswordForm />
    </>
  );
}
