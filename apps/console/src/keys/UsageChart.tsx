import type { UsageBucket } from '../api/types';
import { formatUtcDay } from '../ui/format';

export const STATUS_CLASSES = [
  // Colours come from the theme (keys.css: `.usage-<tone>`), so the chart reads in dark mode too.
  { name: 'Success', match: (s: number) => s < 400, tone: 'success' },
  { name: 'Refused', match: (s: number) => s >= 400 && s < 500 && s !== 429, tone: 'refused' },
  { name: 'Rate limited', match: (s: number) => s === 429, tone: 'limited' },
  { name: 'Server error', match: (s: number) => s >= 500, tone: 'error' },
] as const;

/** Requests of one bucket per status class, in STATUS_CLASSES order. */
export function countsByClass(bucket: UsageBucket): number[] {
  return STATUS_CLASSES.map((cls) =>
    Object.entries(bucket.by_status).reduce(
      (sum, [status, n]) => (cls.match(Number(status)) ? sum + n : sum),
      0,
    ),
  );
}

const DAY_MS = 86_400_000;

/** The last `days` UTC days, oldest first, with a zero bucket for each day without requests. */
export function dailySeries(buckets: readonly UsageBucket[], days: number, now = new Date()): UsageBucket[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const byDay = new Map(buckets.map((b) => [new Date(b.bucket_start).getTime(), b]));
  return Array.from({ length: days }, (_, i) => {
    const start = today - (days - 1 - i) * DAY_MS;
    return byDay.get(start) ?? { bucket_start: new Date(start).toISOString(), requests: 0, by_status: {} };
  });
}

/** Requests per day, stacked by status class; the same figures as a table for screen readers. */
export function UsageChart({
  buckets: recorded,
  days = 30,
}: {
  buckets: readonly UsageBucket[];
  days?: number;
}) {
  if (recorded.length === 0) return <p>No requests recorded yet.</p>;
  const buckets = dailySeries(recorded, days);
  const height = 120;
  const barWidth = 14;
  const gap = 4;
  const max = Math.max(...buckets.map((b) => b.requests), 1);
  const width = buckets.length * (barWidth + gap);
  return (
    <figure className="usage-chart">
      <svg
        role="img"
        aria-label={`Requests per day over the last ${days} days, at most ${max} a day`}
        width={width}
        height={height + 20}
        viewBox={`0 0 ${width} ${height + 20}`}
      >
        <line x1={0} x2={width} y1={height + 0.5} y2={height + 0.5} className="usage-axis" />
        <text x={0} y={height + 16} fontSize="11" className="usage-axis-label">
          {formatUtcDay(buckets[0]?.bucket_start)}
        </text>
        <text x={width} y={height + 16} fontSize="11" className="usage-axis-label" textAnchor="end">
          today
        </text>
        {buckets.map((bucket, i) => {
          let y = height;
          return (
            <g key={bucket.bucket_start} transform={`translate(${i * (barWidth + gap)},0)`}>
              <title>{`${formatUtcDay(bucket.bucket_start)}: ${bucket.requests} requests`}</title>
              {countsByClass(bucket).map((n, c) => {
                const h = (n / max) * height;
                y -= h;
                return n > 0 ? (
                  <rect
                    key={c}
                    x={0}
                    y={y}
                    width={barWidth}
                    height={h}
                    className={`usage-${STATUS_CLASSES[c]?.tone}`}
                  />
                ) : null;
              })}
            </g>
          );
        })}
      </svg>
      <figcaption>
        {STATUS_CLASSES.map((cls) => (
          <span key={cls.name} className="legend">
            <span className={`swatch usage-${cls.tone}`} aria-hidden="true" /> {cls.name}
          </span>
        ))}
      </figcaption>
      <details>
        <summary>Show as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col">Requests</th>
              {STATUS_CLASSES.map((cls) => (
                <th key={cls.name} scope="col">
                  {cls.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {recorded.map((bucket) => (
              <tr key={bucket.bucket_start}>
                <td>{formatUtcDay(bucket.bucket_start)}</td>
                <td>{bucket.requests}</td>
                {countsByClass(bucket).map((n, c) => (
                  <td key={c}>{n}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
