const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How soon a key stops working, as the list's badge shows it. */
export interface ExpiryState {
  /**
   * never: no expiry; ok: more than 30 days; notice: within the 30-day warning (key.expiring);
   * soon: under 7 days (amber); imminent: under 1 day (red).
   */
  tone: 'never' | 'ok' | 'notice' | 'soon' | 'imminent' | 'expired';
  label: string;
}

/** The badge for an expiry: amber under 7 days, red under 1 day, "Expired" once it has passed. */
export function expiryState(expiresAt: string | null, now = Date.now()): ExpiryState {
  if (expiresAt === null) return { tone: 'never', label: 'Never expires' };
  const left = Date.parse(expiresAt) - now;
  if (left <= 0) return { tone: 'expired', label: 'Expired' };
  if (left < DAY) {
    const hours = Math.max(1, Math.floor(left / HOUR));
    return { tone: 'imminent', label: `Expires in ${hours} hour${hours === 1 ? '' : 's'}` };
  }
  const days = Math.floor(left / DAY);
  const tone = left < 7 * DAY ? 'soon' : left <= 30 * DAY ? 'notice' : 'ok';
  return { tone, label: `Expires in ${days} day${days === 1 ? '' : 's'}` };
}

/** A duration until a moment, in words that tick down: "2 h 05 min 09 s", or undefined once passed. */
export function countdown(until: string, now = Date.now()): string | undefined {
  const left = Math.floor((Date.parse(until) - now) / 1000);
  if (!(left > 0)) return undefined;
  const days = Math.floor(left / 86_400);
  const hours = Math.floor((left % 86_400) / 3600);
  const minutes = Math.floor((left % 3600) / 60);
  const seconds = left % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (days > 0) return `${days} d ${hours} h ${pad(minutes)} min`;
  if (hours > 0) return `${hours} h ${pad(minutes)} min ${pad(seconds)} s`;
  return `${minutes} min ${pad(seconds)} s`;
}
