import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { countsByClass, dailySeries, UsageChart } from './UsageChart';

describe('usage chart', () => {
  it('fills days without requests so the chart shows a continuous calendar', () => {
    const now = new Date('2026-12-10T15:00:00Z');
    const series = dailySeries(
      [{ bucket_start: '2026-12-08T00:00:00.000Z', requests: 5, by_status: { '200': 5 } }],
      3,
      now,
    );
    expect(series.map((b) => [b.bucket_start.slice(0, 10), b.requests])).toEqual([
      ['2026-12-08', 5],
      ['2026-12-09', 0],
      ['2026-12-10', 0],
    ]);
  });

  it('groups statuses into success, refused, rate limited and server error', () => {
    expect(
      countsByClass({
        bucket_start: '',
        requests: 9,
        by_status: { '200': 4, '304': 1, '403': 1, '429': 2, '502': 1 },
      }),
    ).toEqual([5, 1, 2, 1]);
  });

  it('offers the recorded figures as a table', async () => {
    const today = new Date();
    const start = new Date(
      Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()),
    ).toISOString();
    render(
      <UsageChart buckets={[{ bucket_start: start, requests: 3, by_status: { '200': 2, '429': 1 } }]} />,
    );
    expect(screen.getByRole('img')).toHaveAccessibleName(
      /Requests per day over the last 30 days, at most 3 a day/,
    );
    await userEvent.click(screen.getByText('Show as a table'));
    const rows = within(screen.getByRole('table')).getAllByRole('row');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('Day'),
      expect.stringMatching(/3\s*2\s*0\s*1\s*0$/),
    ]);
  });
});
