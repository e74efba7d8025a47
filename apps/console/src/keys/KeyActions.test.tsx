import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ApiKey, IssuedKey, RevokeResult } from '../api/types';
import { fakeGateway, renderWithProviders } from '../test/render';
import { RevokeDialog, RotateDialog } from './KeyActions';
import { testKey } from './test-key';

const KEY: ApiKey = testKey();
const { fetchImpl } = fakeGateway(() => ({ status: 500 }));

describe('RevokeDialog', () => {
  it('needs a reason and a confirmation, then reports the replicas that confirmed', async () => {
    const user = userEvent.setup();
    const revoke = vi.fn(async (): Promise<RevokeResult> => ({
      ...KEY,
      status: 'revoked',
      replicas_confirmed: 3,
      replicas_known: 3,
    }));
    renderWithProviders(
      <RevokeDialog apiKey={KEY} open onClose={() => undefined} revoke={revoke} />,
      fetchImpl,
    );

    const button = screen.getByRole('button', { name: 'Revoke key' });
    expect(button).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: /integrations using lk_live_AbCd/ }));
    await user.click(button);
    expect(revoke).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Reason')).toHaveAccessibleDescription(/Say why the key is revoked/);

    await user.type(screen.getByLabelText('Reason'), 'leaked in a log');
    await user.click(button);
    expect(revoke).toHaveBeenCalledWith('leaked in a log');
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Revoked. 3 of 3 gateway replicas confirmed they refuse the key.',
    );
  });
});

describe('RotateDialog', () => {
  const issued: IssuedKey = { ...KEY, secret: 'lk_live_new' };

  it('rotates with the chosen grace window and keeps the expiry unless asked', async () => {
    const user = userEvent.setup();
    const rotate = vi.fn(async () => issued);
    renderWithProviders(
      <RotateDialog
        apiKey={KEY}
        mode="rotate"
        open
        policy={undefined}
        onClose={() => undefined}
        rotate={rotate}
      />,
      fetchImpl,
    );
    await user.selectOptions(screen.getByLabelText('Grace window for the current secret'), '1 hour');
    await user.click(screen.getByRole('button', { name: 'Rotate' }));
    expect(rotate).toHaveBeenCalledWith({ grace_seconds: 3600 });
  });

  it('regenerates with no grace and a new expiry', async () => {
    const user = userEvent.setup();
    const rotate = vi.fn(async () => issued);
    renderWithProviders(
      <RotateDialog
        apiKey={KEY}
        mode="regenerate"
        open
        policy={undefined}
        onClose={() => undefined}
        rotate={rotate}
      />,
      fetchImpl,
    );
    expect(screen.queryByLabelText('Grace window for the current secret')).not.toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'In 90 days' }));
    await user.click(screen.getByRole('button', { name: 'Regenerate now' }));
    expect(rotate).toHaveBeenCalledWith({ grace_seconds: 0, expires_in_days: 90 });
  });

  it('regenerates a key that never expires without giving it an expiry, and says so', async () => {
    const user = userEvent.setup();
    const rotate = vi.fn(async () => issued);
    renderWithProviders(
      <RotateDialog
        apiKey={KEY}
        mode="regenerate"
        open
        policy={undefined}
        onClose={() => undefined}
        rotate={rotate}
      />,
      fetchImpl,
    );
    expect(screen.getByRole('radio', { name: /Keep the current expiry \(never expires\)/ })).toBeChecked();
    expect(screen.getByText('The key keeps its expiry: it never expires.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Regenerate now' }));
    expect(rotate).toHaveBeenCalledWith({ grace_seconds: 0 });
  });

  it('asks an expired key for a new expiry: keeping the old one would leave it dead', () => {
    renderWithProviders(
      <RotateDialog
        apiKey={{ ...KEY, status: 'expired', expires_at: '2026-01-01T00:00:00Z' }}
        mode="regenerate"
        open
        policy={undefined}
        onClose={() => undefined}
        rotate={vi.fn()}
      />,
      fetchImpl,
    );
    expect(screen.queryByRole('radio', { name: /Keep the current expiry/ })).not.toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'In 30 days' })).toBeChecked();
  });
});
