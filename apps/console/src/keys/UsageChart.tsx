import type { UsageBucket } from '../api/types';
import { formatDate } from '../ui/format';

export const STATUS_CLASSES = [
  { name: 'Success', match: (s: number) => s < 400, colour: '#1a7f37' },
  { name: 'Refused', match: (s: number) => s >= 400 && s < 500 && s !== 429, colour: '#9a6700' },
  { name: 'Rate limited', match: (s: number) => s === 429, colour: '#8250df' },
  { name: 'Server error', match: (s: number) => s >= 500, colour: '#cf222e' },
] as const;

/** Requests of one bucket per status class, in STATUS_CLASSES order. */
export function countsByClass(bucket: UsageBucket): number[] {
  return STATUS_CLASSES.map((cls) =>
    Object.entries(bucket.by_status).reduce((sum, [status, n]) => (cls.match(Number(status)) ? sum + n : sum), 0),
  );
}

/** Requests per day, stacked by status class; the same figures as a table for screen readers. */
export function UsageChart({ buckets }: { buckets: readonly UsageBucket[] }) {
  if (buckets.length === 0) return <p>No requests recorded yet.</p>;
  const height = 120;
  const barWidth = 18;
  const gap = 6;
  const max = Math.max(...buckets.map((b) => b.requests), 1);
  const width = buckets.length * (barWidth + gap);
  return (
    <figure className="usage-chart">
      <svg role="img" aria-label={`Requests per day over ${buckets.length} days`} width={width} height={height + 20} viewBox={`0 0 ${width} ${height + 20}`}>
        {buckets.map((bucket, i) => {
          let y = height;
          return (
            <g key={bucket.bucket_start} transform={`translate(${i * (barWidth + gap)},0)`}>
              <title>{`${formatDate(bucket.bucket_start)}: ${bucket.requests} requests`}</title>
              {countsByClass(bucket).map((n, c) => {
                const h = (n / max) * height;
                y -= h;
                return n > 0 ? <rect key={c} x={0} y={y} width={barWidth} height={h} fill={STATUS_CLASSES[c]?.colour} /> : null;
              })}
            </g>
          );
        })}
      </svg>
      <figcaption>
        {STATUS_CLASSES.map((cls) => (
          <span key={cls.name} className="legend">
            <span className="swatch" style={{ background: cls.colour }} aria-hidden="true" /> {cls.name}
          </span>
        ))}
      </figcaption>
      <details>
        <summary>Show as a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Requests</th>
              {STATUS_CLASSES.map((cls) => (
                <th key={cls.name} scope="col">
                  {cls.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {buckets.map((bucket) => (
              <tr key={bucket.bucket_start}>
                <td>{formatDate(bucket.bucket_start)}</td>
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
