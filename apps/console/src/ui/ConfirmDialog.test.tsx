import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ConfirmDialog } from './ConfirmDialog';

function Opener({ onConfirm = () => undefined }: { onConfirm?(): void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Revoke Payments
      </button>
      <ConfirmDialog
        open={open}
        title="Revoke “Payments”?"
        consequence="Its requests will be refused from now on."
        confirmLabel="Revoke connection"
        danger
        onConfirm={onConfirm}
        onCancel={() => setOpen(false)}
      />
    </>
  );
}

describe('ConfirmDialog', () => {
  it('states the consequence, starts on Cancel, and gives focus back to the trigger after Cancel', async () => {
    const user = userEvent.setup();
    const confirm = vi.fn();
    render(<Opener onConfirm={confirm} />);
    const opener = screen.getByRole('button', { name: 'Revoke Payments' });
    await user.click(opener);
    const dialog = await screen.findByRole('alertdialog', { name: 'Revoke “Payments”?' });
    expect(dialog).toHaveAccessibleDescription('Its requests will be refused from now on.');
    const cancel = within(dialog).getByRole('button', { name: 'Cancel' });
    expect(cancel).toHaveFocus();
    await user.click(cancel);
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    // Radix gives focus back on the next task after the dialog unmounts.
    await waitFor(() => expect(opener).toHaveFocus());
    expect(confirm).not.toHaveBeenCalled();
  });

  it('cancels on Escape and gives focus back to the trigger', async () => {
    const user = userEvent.setup();
    render(<Opener />);
    const opener = screen.getByRole('button', { name: 'Revoke Payments' });
    opener.focus();
    await user.keyboard('{Enter}');
    await screen.findByRole('alertdialog');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    await waitFor(() => expect(opener).toHaveFocus());
  });

  it('keeps focus inside while open (Tab cycles between its buttons)', async () => {
    const user = userEvent.setup();
    render(<Opener />);
    await user.click(screen.getByRole('button', { name: 'Revoke Payments' }));
    const dialog = await screen.findByRole('alertdialog');
    await user.tab();
    expect(within(dialog).getByRole('button', { name: 'Revoke connection' })).toHaveFocus();
    await user.tab();
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
  });

  it('gives focus to the page’s content when the change took the opener away', async () => {
    function Vanishing() {
      const [open, setOpen] = useState(false);
      const [gone, setGone] = useState(false);
      return (
        <main id="main" tabIndex={-1}>
          {!gone && (
            <button type="button" onClick={() => setOpen(true)}>
              Revoke
            </button>
          )}
          <ConfirmDialog
            open={open}
            title="Revoke the key?"
            consequence="Requests with it are refused."
            confirmLabel="Revoke key"
            onConfirm={() => {
              setGone(true);
              setOpen(false);
            }}
            onCancel={() => setOpen(false)}
          />
        </main>
      );
    }
    const user = userEvent.setup();
    render(<Vanishing />);
    await user.click(screen.getByRole('button', { name: 'Revoke' }));
    await user.click(await screen.findByRole('button', { name: 'Revoke key' }));
    await waitFor(() => expect(screen.getByRole('main')).toHaveFocus());
  });
});
