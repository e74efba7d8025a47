import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LeakBadge, LeakBanner } from './LeakBanner';
import { testKey } from './test-key';

const leaked = (action: 'revoke' | 'quarantine' | 'report', extra = {}) =>
  testKey({
    leaked_at: '2026-12-04T10:00:00Z',
    leak: {
      url: 'https://github.com/octo/app/blob/3f2a/.env',
      source: 'content',
      type: 'latchkey_secret',
      action,
    },
    ...extra,
  });

describe('LeakBanner', () => {
  it('shows where a leaked key was found and that it was revoked, as an alert', () => {
    render(<LeakBanner apiKey={leaked('revoke', { status: 'revoked' })} />);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('This key was found in public');
    expect(alert).toHaveTextContent('in content');
    expect(screen.getByRole('link', { name: 'https://github.com/octo/app/blob/3f2a/.env' })).toHaveAttribute(
      'rel',
      'noreferrer noopener',
    );
    expect(alert).toHaveTextContent('revoked at once');
  });

  it('says a quarantined key may only read, and a report-only key must be revoked by hand', () => {
    const { unmount } = render(<LeakBanner apiKey={leaked('quarantine', { quarantined: true })} />);
    expect(screen.getByRole('alert')).toHaveTextContent('quarantined: it may still read (GET)');
    unmount();
    render(<LeakBanner apiKey={leaked('report')} />);
    expect(screen.getByRole('alert')).toHaveTextContent('revoke or rotate it now');
  });

  it('a location that is not a web address is shown as text, never as a link', () => {
    render(
      <LeakBanner
        apiKey={leaked('report', {
          leak: { url: 'javascript:alert(1)', source: '', type: 't', action: 'report' },
        })}
      />,
    );
    expect(screen.queryByRole('link')).toBeNull();
    expect(screen.getByRole('alert')).toHaveTextContent('javascript:alert(1)');
  });

  it('shows nothing for a key never reported', () => {
    const { container } = render(<LeakBanner apiKey={testKey()} />);
    expect(container).toBeEmptyDOMElement();
  });
});

describe('LeakBadge', () => {
  it('marks a quarantined key "Quarantined", another leaked key "Leaked", others not at all', () => {
    const { rerender, container } = render(
      <LeakBadge apiKey={leaked('quarantine', { quarantined: true })} />,
    );
    expect(screen.getByText('Quarantined')).toBeInTheDocument();
    rerender(<LeakBadge apiKey={leaked('revoke', { status: 'revoked' })} />);
    expect(screen.getByText('Leaked')).toBeInTheDocument();
    rerender(<LeakBadge apiKey={testKey()} />);
    expect(container).toBeEmptyDOMElement();
  });
});
