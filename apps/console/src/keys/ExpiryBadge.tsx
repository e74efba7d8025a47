import { formatDateTime } from '../ui/format';
import { expiryState } from './expiry';

/** How soon a key stops working: amber under 7 days, red under 1 day; the date in its title. */
export function ExpiryBadge({ expiresAt, now }: { expiresAt: string | null; now?: number }) {
  const state = expiryState(expiresAt, now);
  return (
    <span className={`expiry-badge expiry-${state.tone}`} title={formatDateTime(expiresAt, 'Never')}>
      {state.label}
    </span>
  );
}
