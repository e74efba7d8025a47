import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ChainVerification } from '../api/types';
import { ChainVerdict } from './ChainVerdict';

const report: ChainVerification = {
  org_id: 'org_1',
  ok: true,
  checked: 42,
  checkpoints_checked: 1,
  legacy_signatures: 0,
  from_chain_seq: 1,
  head: { chain_seq: 42, hash: 'h42' },
  first_broken: null,
  latest_checkpoint: null,
};

describe('the hash chain verdict', () => {
  it('says a good chain calmly, as a status', () => {
    render(<ChainVerdict result={report} />);
    expect(screen.getByRole('status').textContent).toBe('The chain verifies: 42 events checked.');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('raises a broken chain as an alert in the danger style, naming the link and what it means', () => {
    render(
      <ChainVerdict
        result={{
          ...report,
          ok: false,
          first_broken: {
            chain_seq: 17,
            id: 'evt_17',
            reason: 'hash_mismatch',
            expected: 'a',
            stored: 'b',
          } as ChainVerification['first_broken'],
        }}
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert.className).toContain('error');
    expect(alert.textContent).toContain('The hash chain is broken.');
    expect(alert.textContent).toContain(
      'At link 17 (event evt_17): the event was changed after it was stored.',
    );
    expect(screen.queryByRole('status')).toBeNull();
  });
});
