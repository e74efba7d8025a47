import { register } from 'prom-client';
import { recordPropagation } from './propagation-metrics';

async function value(name: string, labels: Record<string, string>): Promise<number> {
  const metric = await register.getSingleMetric(name)?.get();
  const found = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return found?.value ?? 0;
}

describe('invalidation propagation metrics', () => {
  it('an announcement some known replica did not confirm is counted as incomplete, with how many are missing', async () => {
    recordPropagation('key', { replicas_confirmed: 3, replicas_known: 3 });
    recordPropagation('key', { replicas_confirmed: 1, replicas_known: 3 });
    recordPropagation('user', { replicas_confirmed: 0, replicas_known: 2 });

    expect(
      await value('latchkey_invalidation_announcements_total', { kind: 'key', outcome: 'complete' }),
    ).toBe(1);
    expect(
      await value('latchkey_invalidation_announcements_total', { kind: 'key', outcome: 'incomplete' }),
    ).toBe(1);
    expect(await value('latchkey_invalidation_confirmations_missing_total', { kind: 'key' })).toBe(2);
    expect(await value('latchkey_invalidation_confirmations_missing_total', { kind: 'user' })).toBe(2);
  });

  it('no replica known at all is counted apart, never as complete: nobody may have applied it', async () => {
    const before = await value('latchkey_invalidation_confirmations_missing_total', { kind: 'user' });
    recordPropagation('user', { replicas_confirmed: 0, replicas_known: 0 });
    expect(await value('latchkey_invalidation_confirmations_missing_total', { kind: 'user' })).toBe(before);
    expect(
      await value('latchkey_invalidation_announcements_total', { kind: 'user', outcome: 'none_known' }),
    ).toBe(1);
    expect(
      await value('latchkey_invalidation_announcements_total', { kind: 'user', outcome: 'complete' }),
    ).toBe(0);
  });
});
