import type { IssuancePolicy } from '../api/types';
import { allowedExpiry, type ExpiryChoice } from './key-form';

/** Expiry presets 7/30/60/90 days, a custom date, or never, as the organisation's policy allows. */
export function ExpiryPicker({
  value,
  onChange,
  policy,
  allowUnchanged = false,
  error,
}: {
  value: ExpiryChoice;
  onChange(next: ExpiryChoice): void;
  policy: IssuancePolicy | undefined;
  allowUnchanged?: boolean;
  error?: string | undefined;
}) {
  const allowed = allowedExpiry(policy);
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
      {error && (
        <p id="expiry-error" className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
