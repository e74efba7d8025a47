import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { EVENT_TYPES } from '@latchkey/contracts';
import { useEffect, useState } from 'react';
import type { AuditEvent, AuditEventQuery, AuditStreamQuery } from '../api/types';
import { useApi } from '../session/session';
import { ErrorNotice } from '../ui/ErrorNotice';
import { AuditTable } from './AuditTable';
import { ChainVerdict } from './ChainVerdict';
import { followAuditEvents } from './live-tail';
import { usePageTitle } from '../ui/page-title';

interface Filters {
  type: string;
  key_id: string;
  actor: string;
  outcome: string;
  since: string;
  until: string;
}

const NO_FILTERS: Filters = { type: '', key_id: '', actor: '', outcome: '', since: '', until: '' };

/** The filters as the API takes them: local date-times become instants. */
function toQuery(f: Filters): AuditStreamQuery {
  const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);
  return {
    // The select offers only the contract's event types.
    type: (f.type || undefined) as AuditStreamQuery['type'],
    key_id: f.key_id.trim() || undefined,
    actor: f.actor.trim() || undefined,
    outcome: f.outcome || undefined,
    since: instant(f.since),
    until: instant(f.until),
  };
}

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
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const [live, setLive] = useState(false);
  const [tailed, setTailed] = useState<AuditEvent[]>([]);
  const [tailState, setTailState] = useState<{ state: string; error?: unknown }>({ state: 'off' });
  const query = toQuery(applied);
  const events = useAuditEvents(query);
  const verify = useMutation({ mutationFn: api.audit.verify });
  const set = (field: keyof Filters, value: string) => setDraft((d) => ({ ...d, [field]: value }));

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
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(draft);
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
          <label htmlFor="audit-key">Key id</label>
          <input
            id="audit-key"
            value={draft.key_id}
            onChange={(e) => set('key_id', e.target.value)}
            placeholder="key_…"
          />
        </div>
        <div className="filter">
          <label htmlFor="audit-actor">Actor</label>
          <input
            id="audit-actor"
            value={draft.actor}
            onChange={(e) => set('actor', e.target.value)}
            placeholder="usr_… or key_…"
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
      </form>
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
      <AuditTable events={shown} caption="Audit events, newest first" />
      {events.isPending && <p role="status">Loading events…</p>}
      {events.hasNextPage && (
        <button type="button" onClick={() => events.fetchNextPage()} disabled={events.isFetchingNextPage}>
          Load older events
        </button>
      )}
    </section>
  );
}
