import { useState } from 'react';
import type { KeyCreateRequest } from '../api/types';

const LIFETIMES = [7, 30, 60, 90] as const;

/**
 * A canary key (ADR 0024): a name and a lifetime, nothing else — it grants nothing. Plant its secret
 * where a leak would surface; its use raises key.canary_tripped, the user of it sees an unknown key.
 */
export function CanaryForm({ onSubmit, busy }: { onSubmit(body: KeyCreateRequest): void; busy: boolean }) {
  const [name, setName] = useState('');
  const [days, setDays] = useState<(typeof LIFETIMES)[number]>(90);
  return (
    <form
      className="key-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim()) onSubmit({ name: name.trim(), canary: true, expires_in_days: days });
      }}
    >
      <p>
        A canary key grants nothing. Anyone who uses it is answered exactly as if the key did not exist, and
        the audit trail records <code>key.canary_tripped</code> with the address, user agent and path. Put its
        secret where a leak would be found (a repository, a CI variable) and watch for the event.
      </p>
      <label htmlFor="canary-name">Name</label>
      <input id="canary-name" required value={name} onChange={(e) => setName(e.target.value)} />
      <label htmlFor="canary-lifetime">Lifetime</label>
      <select
        id="canary-lifetime"
        value={days}
        onChange={(e) => setDays(Number(e.target.value) as (typeof LIFETIMES)[number])}
      >
        {LIFETIMES.map((d) => (
          <option key={d} value={d}>
            {d} days
          </option>
        ))}
      </select>
      <button type="submit" className="primary" disabled={busy || !name.trim()}>
        Create canary key
      </button>
    </form>
  );
}
