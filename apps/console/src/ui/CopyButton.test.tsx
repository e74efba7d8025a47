import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CopyButton } from './CopyButton';

afterEach(() => vi.unstubAllGlobals());

describe('CopyButton', () => {
  it('copies through the Clipboard API in a secure context and says so', async () => {
    const user = userEvent.setup();
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    vi.stubGlobal('isSecureContext', true);
    render(<CopyButton value="lk_live_abc" label="Copy secret" />);
    await user.click(screen.getByRole('button', { name: 'Copy secret' }));
    expect(writeText).toHaveBeenCalledWith('lk_live_abc');
    expect(screen.getByRole('status')).toHaveTextContent('Copied');
  });

  it('falls back to a selection copy over plain http, and says when even that fails', async () => {
    const user = userEvent.setup();
    vi.stubGlobal('isSecureContext', false);
    const execCommand = vi.fn(() => false);
    Object.defineProperty(document, 'execCommand', { value: execCommand, configurable: true });
    render(<CopyButton value="lk_live_abc" label="Copy secret" />);
    await user.click(screen.getByRole('button', { name: 'Copy secret' }));
    expect(execCommand).toHaveBeenCalledWith('copy');
    expect(screen.getByRole('status')).toHaveTextContent('Copy failed: select the text and copy it by hand');

    execCommand.mockReturnValue(true);
    await user.click(screen.getByRole('button', { name: 'Copy secret' }));
    expect(screen.getByRole('status')).toHaveTextContent('Copied');
  });
});
