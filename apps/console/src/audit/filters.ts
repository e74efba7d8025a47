import type { ApiKey, AuditStreamQuery } from '../api/types';
import type { Directory } from './directory';

/** The trail's filters as kept in the page's URL: ids, and date-times in local time. */
export interface Filters {
  type: string;
  key_id: string;
  actor: string;
  outcome: string;
  since: string;
  until: string;
}

const FIELDS = ['type', 'key_id', 'actor', 'outcome', 'since', 'until'] as const;

export function filtersFromParams(params: URLSearchParams): Filters {
  return Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ''])) as unknown as Filters;
}

/** Only the filters set, so an unfiltered trail has a bare URL. */
export function filtersToParams(filters: Filters): URLSearchParams {
  const params = new URLSearchParams();
  for (const f of FIELDS) if (filters[f]) params.set(f, filters[f]);
  return params;
}

/** The filters as the API takes them: local date-times become instants. */
export function toQuery(f: Filters): AuditStreamQuery {
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

/** What the form shows for applied filters: an email for a user's id, a key's name for its id. */
export function toDraft(f: Filters, directory: Directory): Filters {
  const user = f.actor ? directory.user(f.actor) : undefined;
  const key = f.key_id ? directory.key(f.key_id) : undefined;
  // A name shared by several keys would not say which one: the id stays.
  const keyText = key && directory.keysNamed(key.name).length === 1 ? key.name : f.key_id;
  return { ...f, actor: user ? user.email : f.actor, key_id: keyText };
}

/** Whether resolving the filters needs the directory: an email, or a key given by name. */
export function needsNames(draft: Filters): boolean {
  const keyId = draft.key_id.trim();
  return draft.actor.includes('@') || (keyId !== '' && !/^key_\S+$/.test(keyId));
}

export type Resolution =
  | { ok: true; filters: Filters }
  | { ok: false; errors: { actor?: string; key_id?: string }; keyChoices?: ApiKey[] };

/**
 * The form's text as ids: an Actor given as an email becomes that user's id, a Key given as a name
 * that key's id. Ids (`usr_…`, `key_…`) pass as typed. An unknown email or name is said, not sent
 * (the trail would answer nothing); a name several keys share asks which one.
 */
export function resolveFilters(draft: Filters, directory: Directory): Resolution {
  const errors: { actor?: string; key_id?: string } = {};
  let actor = draft.actor.trim();
  let keyId = draft.key_id.trim();
  let keyChoices: ApiKey[] | undefined;
  if (actor.includes('@')) {
    const user = directory.userByEmail(actor);
    if (user) actor = user.id;
    else
      errors.actor = directory.ready
        ? `No user has the email ${actor}.`
        : 'The users are still loading; try again in a moment.';
  }
  if (keyId && !/^key_\S+$/.test(keyId)) {
    const named = directory.keysNamed(keyId);
    const [only] = named;
    if (only && named.length === 1) keyId = only.id;
    else if (named.length > 1) {
      errors.key_id = `${named.length} keys are named “${keyId}”: choose one below.`;
      keyChoices = named;
    } else
      errors.key_id = directory.ready
        ? `No key is named “${keyId}”.`
        : 'The keys are still loading; try again in a moment.';
  }
  if (errors.actor || errors.key_id) return { ok: false, errors, ...(keyChoices ? { keyChoices } : {}) };
  return { ok: true, filters: { ...draft, actor, key_id: keyId } };
}
