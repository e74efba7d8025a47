import { useState } from 'react';
import type { IssuancePolicy } from '../api/types';
import { FieldError } from '../ui/FieldError';
import { formatDateTime } from '../ui/format';
import { allowedExpiry, type ExpiryChoice } from './key-form';

/** YYYY-MM-DD in the person's own time zone, as `<input type="date">` takes it. */
function localDate(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** Expiry presets 7/30/60/90 days, a custom date, or never, as the organisation's policy allows. */
export function ExpiryPicker({
  value,
  onChange,
  policy,
  allowUnchanged = false,
  current,
  error,
}: {
  value: ExpiryChoice;
  onChange(next: ExpiryChoice): void;
  policy: IssuancePolicy | undefined;
  allowUnchanged?: boolean;
  /** The key's expiry now (null: never), named next to "Keep the current expiry". */
  current?: string | null;
  error?: string | undefined;
}) {
  const allowed = allowedExpiry(policy);
  const [today] = useState(() => new Date());
  const customDate = value.kind === 'custom' ? value.date : '';
  return (
    <fieldset className="expiry-picker" aria-describedby={error ? 'expiry-error' : undefined}>
      <legend>Expires</legend>
      {allowUnchanged && (
        <label className="radio">
          <input
            type="radio"
            name="expiry"
            checked={value.kind === 'unchanged'}
            onChange={() => onChange({ kind: 'unchanged' })}
          />
          Keep the current expiry
          {current !== undefined && ` (${current === null ? 'never expires' : formatDateTime(current)})`}
        </label>
      )}
      {allowed.presets.map((days) => (
        <label key={days} className="radio">
          <input
            type="radio"
            name="expiry"
            checked={value.kind === 'preset' && value.days === days}
            onChange={() => onChange({ kind: 'preset', days })}
          />
          In {days} days
        </label>
      ))}
      <label className="radio">
        <input
          type="radio"
          name="expiry"
          checked={value.kind === 'custom'}
          onChange={() => onChange({ kind: 'custom', date: customDate })}
        />
        On a date
      </label>
      {value.kind === 'custom' && (
        <span className="inline-field">
          <label htmlFor="expiry-date">Expiry date</label>
          <input
            id="expiry-date"
            type="date"
            min={localDate(today)}
            max={
              allowed.maxDays === null
                ? undefined
                : localDate(new Date(today.getTime() + allowed.maxDays * 86_400_000))
            }
            value={customDate}
            onChange={(e) => onChange({ kind: 'custom', date: e.target.value })}
          />
        </span>
      )}
      <label className="radio">
        <input
          type="radio"
          name="expiry"
          disabled={!allowed.never}
          checked={value.kind === 'never'}
          onChange={() => onChange({ kind: 'never' })}
        />
        Never {allowed.never ? '' : '(not allowed by your organisation’s policy)'}
      </label>
      <FieldError id="expiry-error" message={error} />
    </fieldset>
  );
}
