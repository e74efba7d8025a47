import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { EVENT_TYPES } from '@latchkey/contracts';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { ApiKey, AuditEvent, AuditEventQuery, AuditStreamQuery } from '../api/types';
import { TextField } from '../ui/TextField';
import { useDirectory, type Directory } from './directory';
import { ExportButton } from './ExportButton';
import {
  filtersFromParams,
  filtersToParams,
  needsNames,
  resolveFilters,
  toDraft,
  toQuery,
  type Filters,
} from './filters';
import { useApi, useCan } from '../session/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { AuditTable } from './AuditTable';
import { ChainVerdict } from './ChainVerdict';
import { followAuditEvents } from './live-tail';
import { usePageTitle } from '../ui/page-title';

/** Pages of a key's or the organisation's trail, newest first. */
export function useAuditEvents(query: AuditEventQuery) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: ['audit-events', query],
    queryFn: ({ pageParam }) => api.audit.events({ ...query, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function AuditPage() {
  usePageTitle('Audit trail');
  const api = useApi();
  const directory = useDirectory();
  const can = useCan();
  // The applied filters live in the URL: a reload or a shared link keeps them, Back undoes them.
  const [params, setParams] = useSearchParams();
  const applied = filtersFromParams(params);
  const [live, setLive] = useState(false);
  const [tailed, setTailed] = useState<AuditEvent[]>([]);
  const [tailState, setTailState] = useState<{ state: string; error?: unknown }>({ state: 'off' });
  const query = toQuery(applied);
  const events = useAuditEvents(query);
  const verify = useMutation({ mutationFn: api.audit.verify });

  const queryText = JSON.stringify(query);
  useEffect(() => {
    if (!live) return;
    const stop = followAuditEvents(
      api,
      JSON.parse(queryText) as AuditStreamQuery,
      (event) =>
        setTailed((list) => (list.some((e) => e.id === event.id) ? list : [event, ...list].slice(0, 500))),
      (state, error) => setTailState({ state, error }),
    );
    return () => {
      stop();
      setTailed([]);
      setTailState({ state: 'off' });
    };
  }, [live, api, queryText]);

  const loaded = events.data?.pages.flatMap((p) => p.data) ?? [];
  const shown = [...tailed, ...loaded.filter((e) => !tailed.some((t) => t.id === e.id))];

  return (
    <section aria-labelledby="audit-title">
      <div className="page-header">
        <h1 id="audit-title">Audit trail</h1>
        <button type="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
          Verify the hash chain
        </button>
      </div>
      {verify.data && <ChainVerdict result={verify.data} />}
      <ErrorNotice error={verify.error} />
      <FilterForm
        // A new URL (Back, a link) shows the applied filters afresh.
        key={params.toString()}
        applied={applied}
        directory={directory}
        onApply={(filters) => setParams(filtersToParams(filters))}
      />
      <ExportButton query={query} />
      <label className="checkbox live-toggle">
        <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} />
        Live tail (new events appear at the top as they arrive)
      </label>
      {live && (
        <p role="status" className="tail-state">
          {tailState.state === 'live'
            ? 'Following new events…'
            : tailState.state === 'retrying'
              ? 'Connection lost, reconnecting…'
              : tailState.state === 'stopped'
                ? 'The live tail stopped (see the error below).'
                : 'Connecting…'}
        </p>
      )}
      <ErrorNotice error={events.error ?? tailState.error} />
      <AuditTable
        events={shown}
        caption="Audit events, newest first"
        directory={directory}
        explainable={can('decisions:read')}
      />
      {events.isPending && <p role="status">Loading events…</p>}
      {events.hasNextPage && (
        <button type="button" onClick={() => events.fetchNextPage()} disabled={events.isFetchingNextPage}>
          Load older events
        </button>
      )}
    </section>
  );
}

/** The filter form: an Actor by email and a Key by name are resolved to ids before querying. */
function FilterForm({
  applied,
  directory,
  onApply,
}: {
  applied: Filters;
  directory: Directory;
  onApply: (filters: Filters) => void;
}) {
  // Only what the person typed is state; untouched fields show the applied filters, as emails
  // and key names once the names have arrived.
  const [edits, setEdits] = useState<Filters>();
  const draft = edits ?? toDraft(applied, directory);
  const [waiting, setWaiting] = useState(false);
  const [problem, setProblem] = useState<Exclude<ReturnType<typeof resolveFilters>, { ok: true }>>();
  const errors = problem?.errors ?? {};
  const set = (field: keyof Filters, value: string) => setEdits({ ...draft, [field]: value });
  const apply = async (filters: Filters) => {
    setProblem(undefined);
    // Applied before the names arrived: resolved as soon as they do, not refused.
    let names = directory;
    if (!names.ready && needsNames(filters)) {
      setWaiting(true);
      try {
        names = await directory.load();
      } catch {
        // The lookup failed: resolving against what is known says which name was not found.
      } finally {
        setWaiting(false);
      }
    }
    const resolved = resolveFilters(filters, names);
    if (resolved.ok) onApply(resolved.filters);
    else setProblem(resolved);
  };
  return (
    <form
      className="filters"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void apply(draft);
      }}
    >
      <div className="filter">
        <label htmlFor="audit-type">Event type</label>
        <select id="audit-type" value={draft.type} onChange={(e) => set('type', e.target.value)}>
          <option value="">Any</option>
          {EVENT_TYPES.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <TextField
          id="audit-key"
          label="Key"
          value={draft.key_id}
          onChange={(value) => set('key_id', value)}
          placeholder="name or key_…"
          error={errors.key_id}
        />
        {problem?.keyChoices && (
          <KeyChoices
            keys={problem.keyChoices}
            onChoose={(key) => void apply({ ...draft, key_id: key.id })}
          />
        )}
      </div>
      <div className="filter">
        <TextField
          id="audit-actor"
          label="Actor"
          value={draft.actor}
          onChange={(value) => set('actor', value)}
          placeholder="email, usr_… or key_…"
          error={errors.actor}
        />
      </div>
      <div className="filter">
        <label htmlFor="audit-outcome">Outcome</label>
        <select id="audit-outcome" value={draft.outcome} onChange={(e) => set('outcome', e.target.value)}>
          <option value="">Any</option>
          <option value="denied">Denied</option>
        </select>
      </div>
      <div className="filter">
        <label htmlFor="audit-since">From</label>
        <input
          id="audit-since"
          type="datetime-local"
          value={draft.since}
          onChange={(e) => set('since', e.target.value)}
        />
      </div>
      <div className="filter">
        <label htmlFor="audit-until">Until</label>
        <input
          id="audit-until"
          type="datetime-local"
          value={draft.until}
          onChange={(e) => set('until', e.target.value)}
        />
      </div>
      <button type="submit" className="primary">
        Apply filters
      </button>
      {waiting && (
        <p role="status" className="filters-waiting">
          Looking up names…
        </p>
      )}
    </form>
  );
}

/** Several keys share the name typed: the person picks one (each with what tells them apart). */
function KeyChoices({ keys, onChoose }: { keys: readonly ApiKey[]; onChoose: (key: ApiKey) => void }) {
  return (
    <ul className="key-choices" aria-label="Keys with this name">
      {keys.map((key) => (
        <li key={key.id}>
          <button type="button" onClick={() => onChoose(key)}>
            {key.name} · {key.environment} · <code>{key.id}</code>
          </button>
        </li>
      ))}
    </ul>
  );
}
