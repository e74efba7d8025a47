import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Environment } from '../api/types';
import { canManage, useApi, useSession } from '../session/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatDate, formatDateTime } from '../ui/format';
import { displayStatus, StatusBadge } from '../ui/StatusBadge';
import { usePageTitle } from '../ui/page-title';

type StatusFilter = '' | 'active' | 'expiring_soon' | 'expired' | 'revoked';

export function KeysPage() {
  usePageTitle('API keys');
  const api = useApi();
  const { session } = useSession();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<StatusFilter>('');
  const [environment, setEnvironment] = useState<Environment | ''>('');

  const query = {
    q: search.trim() || undefined,
    status: status || undefined,
    environment: environment || undefined,
  };
  const keys = useInfiniteQuery({
    queryKey: ['keys', query],
    queryFn: ({ pageParam }) => api.keys.list({ ...query, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const rows = keys.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <section aria-labelledby="keys-title">
      <div className="page-header">
        <h1 id="keys-title">API keys</h1>
        {canManage(session?.role) && (
          <Link className="button primary" to="/keys/new">
            Create key
          </Link>
        )}
      </div>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="filter">
          <label htmlFor="key-search">Search</label>
          <input
            id="key-search"
            type="search"
            placeholder="Name or prefix"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <div className="filter">
          <label htmlFor="key-status">Status</label>
          <select id="key-status" value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
            <option value="">Any</option>
            <option value="active">Active</option>
            <option value="expiring_soon">Expiring soon</option>
            <option value="expired">Expired</option>
            <option value="revoked">Revoked</option>
          </select>
        </div>
        <div className="filter">
          <label htmlFor="key-environment-filter">Environment</label>
          <select
            id="key-environment-filter"
            value={environment}
            onChange={(e) => setEnvironment(e.target.value as Environment | '')}
          >
            <option value="">Any</option>
            <option value="live">Live</option>
            <option value="test">Test</option>
          </select>
        </div>
      </form>
      <ErrorNotice error={keys.error} />
      <table>
        <caption className="visually-hidden">API keys of your organisation</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Prefix</th>
            <th scope="col">Environment</th>
            <th scope="col">Scopes</th>
            <th scope="col">Status</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((key) => (
            <tr key={key.id}>
              <td>
                <Link to={`/keys/${key.id}`}>{key.name}</Link>
              </td>
              <td>
                <code>{key.prefix}…</code>
              </td>
              <td>{key.environment}</td>
              <td className="scopes">{key.scopes.join(', ')}</td>
              <td>
                <StatusBadge status={displayStatus(key)} />
              </td>
              <td>{formatDate(key.expires_at, 'Never')}</td>
              <td>{formatDateTime(key.last_used_at, 'Never')}</td>
            </tr>
          ))}
          {!keys.isPending && rows.length === 0 && (
            <tr>
              <td colSpan={7}>No keys match.</td>
            </tr>
          )}
        </tbody>
      </table>
      {keys.isPending && <p role="status">Loading keys…</p>}
      {keys.hasNextPage && (
        <button type="button" onClick={() => keys.fetchNextPage()} disabled={keys.isFetchingNextPage}>
          Load more
        </button>
      )}
    </section>
  );
}
