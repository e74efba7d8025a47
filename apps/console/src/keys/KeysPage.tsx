import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import type { RowSelectionState, SortingState } from '@tanstack/react-table';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Environment } from '../api/types';
import { canManage, useApi, useSession } from '../session/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { usePageTitle } from '../ui/page-title';
import { BulkRevokeDialog } from './BulkRevokeDialog';
import { FindKeyBySecret } from './FindKeyBySecret';
import { KeysTable } from './KeysTable';
import './keys.css';

type StatusFilter = '' | 'active' | 'expiring_soon' | 'expired' | 'revoked';

export function KeysPage() {
  usePageTitle('API keys');
  const api = useApi();
  const queryClient = useQueryClient();
  const { session } = useSession();
  const manager = canManage(session?.role);
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<StatusFilter>('');
  const [environment, setEnvironment] = useState<Environment | ''>('');
  const [sorting, setSorting] = useState<SortingState>([]);
  const [selection, setSelection] = useState<RowSelectionState>({});

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
  // Only keys still shown and not yet revoked count as selected (selection is kept by id).
  const selected = rows.filter((key) => selection[key.id] && key.status !== 'revoked');

  return (
    <section aria-labelledby="keys-title" className="keys-page">
      <div className="page-header">
        <h1 id="keys-title">API keys</h1>
        {manager && (
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
      {manager && (
        <div className="bulk-bar" role="group" aria-label="Selected keys">
          <span aria-live="polite">
            {selected.length === 0 ? 'Select keys to revoke several at once.' : `${selected.length} selected`}
          </span>
          <BulkRevokeDialog
            keys={selected.map(({ id, name }) => ({ id, name }))}
            revoke={(id, reason) => api.keys.revoke(id, reason)}
            onFinished={(outcomes) => {
              setSelection((current) => {
                const next = { ...current };
                for (const outcome of outcomes) if (outcome.ok) delete next[outcome.key.id];
                return next;
              });
              void queryClient.invalidateQueries({ queryKey: ['keys'] });
            }}
          />
        </div>
      )}
      <ErrorNotice error={keys.error} />
      <KeysTable
        keys={rows}
        selectable={manager}
        sorting={sorting}
        onSortingChange={setSorting}
        selection={selection}
        onSelectionChange={setSelection}
        emptyText={!keys.isPending && rows.length === 0 ? 'No keys match.' : undefined}
      />
      {keys.isPending && <p role="status">Loading keys…</p>}
      {keys.hasNextPage && (
        <button type="button" onClick={() => keys.fetchNextPage()} disabled={keys.isFetchingNextPage}>
          Load more
        </button>
      )}
      <FindKeyBySecret />
    </section>
  );
}
