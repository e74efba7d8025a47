import { useEffect, useState } from 'react';
import { formatDateTime } from '../ui/format';
import { countdown } from './expiry';

/**
 * After a rotation: how long the previous secret still works, ticking down each second, so
 * whoever swaps the secret in their integrations sees how much time is left.
 */
export function GraceCountdown({ until }: { until: string }) {
  const [now, setNow] = useState(() => Date.now());
  const left = countdown(until, now);
  const ended = left === undefined;
  // Ticks each second until the window ends, then stops.
  useEffect(() => {
    if (ended) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ended]);
  if (left === undefined) return <p className="grace-countdown">The previous secret no longer works.</p>;
  return (
    <p className="grace-countdown">
      The previous secret keeps working for <strong>{left}</strong> (until {formatDateTime(until)}).
    </p>
  );
}
