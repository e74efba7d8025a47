import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import type { RowSelectionState, SortingState } from '@tanstack/react-table';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Environment } from '../api/types';
import { canManage, useApi, useSession } from '../session/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { usePageTitle } from '../ui/page-title';
import { BulkRevokeDialog } from './BulkRevokeDialog';
import { FindKeyBySecret } from './FindKeyBySecret';
import { KeysTable } from './KeysTable';
import { RevokeByFilterDialog } from './RevokeByFilterDialog';
import './keys.css';

const STATUSES = ['active', 'expiring_soon', 'expired', 'revoked', 'dormant'] as const;
type StatusFilter = '' | (typeof STATUSES)[number];
/** The expiry warnings' thresholds (key.expiring): the "expires within" choices. */
export const EXPIRING_WITHIN_DAYS = [30, 7, 1] as const;

/** The list's filters as the URL keeps them: a reload or a shared link shows the same keys. */
export interface KeyFilters {
  q: string;
  status: StatusFilter;
  environment: Environment | '';
  expiringWithin: number | undefined;
  /** Canary keys (ADR 0024) shown (''), hidden ('false') or alone ('true'). */
  canary: '' | 'true' | 'false';
}

export function keyFiltersFromParams(params: URLSearchParams): KeyFilters {
  const status = params.get('status') ?? '';
  const environment = params.get('environment') ?? '';
  const within = Number(params.get('expiring_within_days'));
  const canary = params.get('canary');
  return {
    q: params.get('q') ?? '',
    status: (STATUSES as readonly string[]).includes(status) ? (status as StatusFilter) : '',
    environment: environment === 'live' || environment === 'test' ? environment : '',
    expiringWithin: (EXPIRING_WITHIN_DAYS as readonly number[]).includes(within) ? within : undefined,
    canary: canary === 'true' || canary === 'false' ? canary : '',
  };
}

export function keyFiltersToParams(filters: KeyFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.status) params.set('status', filters.status);
  if (filters.environment) params.set('environment', filters.environment);
  if (filters.expiringWithin !== undefined)
    params.set('expiring_within_days', String(filters.expiringWithin));
  if (filters.canary) params.set('canary', filters.canary);
  return params;
}

export function KeysPage() {
  usePageTitle('API keys');
  const api = useApi();
  const queryClient = useQueryClient();
  const { session } = useSession();
  const manager = canManage(session?.role);
  // The filters live in the URL, like the audit trail's: Back undoes one, a link shares them.
  const [params, setParams] = useSearchParams();
  const filters = keyFiltersFromParams(params);
  const { q: search, status, environment, canary } = filters;
  const setFilter = (change: Partial<KeyFilters>) =>
    // Typing in the search box replaces the entry rather than adding one per keystroke.
    setParams(keyFiltersToParams({ ...filters, ...change }), { replace: 'q' in change });
  const [sorting, setSorting] = useState<SortingState>([]);
  const [selection, setSelection] = useState<RowSelectionState>({});

  const query = {
    q: search.trim() || undefined,
    status: status || undefined,
    environment: environment || undefined,
    expiring_within_days: filters.expiringWithin,
    canary: canary || undefined,
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
            onChange={(e) => setFilter({ q: e.target.value })}
          />
        </div>
        <div className="filter">
          <label htmlFor="key-status">Status</label>
          <select
            id="key-status"
            value={status}
            onChange={(e) => setFilter({ status: e.target.value as StatusFilter })}
          >
            <option value="">Any</option>
            <option value="active">Active</option>
            <option value="expiring_soon">Expiring soon</option>
            <option value="expired">Expired</option>
            <option value="revoked">Revoked</option>
            <option value="dormant">Dormant (disabled as unused)</option>
          </select>
        </div>
        <div className="filter">
          <label htmlFor="key-expiring">Expires within</label>
          <select
            id="key-expiring"
            value={filters.expiringWithin ?? ''}
            onChange={(e) =>
              setFilter({ expiringWithin: e.target.value === '' ? undefined : Number(e.target.value) })
            }
          >
            <option value="">Any time</option>
            {EXPIRING_WITHIN_DAYS.map((days) => (
              <option key={days} value={days}>
                {days === 1 ? '1 day' : `${days} days`}
              </option>
            ))}
          </select>
        </div>
        <div className="filter">
          <label htmlFor="key-environment-filter">Environment</label>
          <select
            id="key-environment-filter"
            value={environment}
            onChange={(e) => setFilter({ environment: e.target.value as Environment | '' })}
          >
            <option value="">Any</option>
            <option value="live">Live</option>
            <option value="test">Test</option>
          </select>
        </div>
        <div className="filter">
          <label htmlFor="key-canary-filter">Canary keys</label>
          <select
            id="key-canary-filter"
            value={canary}
            onChange={(e) => setFilter({ canary: e.target.value as KeyFilters['canary'] })}
          >
            <option value="">Shown</option>
            <option value="false">Hidden</option>
            <option value="true">Only canaries</option>
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
            planRevocation={(ids, reason) => api.keys.planRevocation({ ids }, reason)}
            executeRevocation={(planId) => api.keys.executeRevocation(planId)}
            onFinished={(result) => {
              setSelection((current) => {
                const next = { ...current };
                for (const key of result.revoked) delete next[key.id];
                return next;
              });
              void queryClient.invalidateQueries({ queryKey: ['keys'] });
            }}
          />
          <RevokeByFilterDialog
            planRevocation={(filter, reason) => api.keys.planRevocation(filter, reason)}
            executeRevocation={(planId) => api.keys.executeRevocation(planId)}
            onFinished={() => void queryClient.invalidateQueries({ queryKey: ['keys'] })}
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
