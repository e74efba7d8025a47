import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { useQuery } from '@tanstack/react-query';
import { sessionFromToken, useApi, useSession } from './session';
import { SignInPage } from './SignInPage';
import { fakeGateway, renderWithProviders, userToken } from '../test/render';

function Gate() {
  const { session, signOut } = useSession();
  return session ? (
    <p>
      Signed in as {session.email} ({session.role})
      <button type="button" onClick={() => signOut()}>
        Sign out
      </button>
    </p>
  ) : (
    <SignInPage />
  );
}

describe('SignInPage', () => {
  it('signs in with email and password and keeps the session for the tab', async () => {
    const user = userEvent.setup();
    const token = userToken({ role: 'admin' });
    const gateway = fakeGateway(() => ({
      status: 200,
      body: { access_token: token, token_type: 'Bearer', expires_in: 3600 },
    }));
    renderWithProviders(<Gate />, gateway.fetchImpl);

    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByText('Signed in as ada@example.com (admin)')).toBeInTheDocument();
    expect(gateway.calls).toEqual([
      {
        method: 'POST',
        path: '/auth/login',
        body: { email: 'ada@example.com', password: 'correct horse' },
        authorization: null,
      },
    ]);
    expect(JSON.parse(sessionStorage.getItem('latchkey.console.session') ?? '{}')).toMatchObject({
      token,
      role: 'admin',
    });

    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(screen.getByRole('status')).toHaveTextContent('You are signed out.');
    expect(sessionStorage.getItem('latchkey.console.session')).toBeNull();
  });

  it('explains a refused sign-in in words and shows the request id', async () => {
    const user = userEvent.setup();
    const gateway = fakeGateway(() => ({
      status: 401,
      body: {
        type: 'x',
        title: 'Invalid email or password',
        status: 401,
        code: 'invalid_credentials',
        request_id: 'req-9',
      },
    }));
    renderWithProviders(<Gate />, gateway.fetchImpl);
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The email or password is not right.');
    expect(alert).toHaveTextContent('Request id: req-9');
  });

  it('ends the session when the token expires and says so', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
      const token = userToken({ exp: Math.floor(Date.now() / 1000) + 60 });
      const gateway = fakeGateway(() => ({
        status: 200,
        body: { access_token: token, token_type: 'Bearer', expires_in: 60 },
      }));
      renderWithProviders(<Gate />, gateway.fetchImpl);
      await user.type(screen.getByLabelText('Email'), 'ada@example.com');
      await user.type(screen.getByLabelText('Password'), 'pw');
      await user.click(screen.getByRole('button', { name: 'Sign in' }));
      expect(await screen.findByText(/Signed in as/)).toBeInTheDocument();

      await act(async () => {
        vi.advanceTimersByTime(61_000);
      });
      expect(screen.getByRole('status')).toHaveTextContent('Your session expired. Please sign in again.');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('an expired session', () => {
  it('opens a reloaded tab on the sign-in page saying the session expired, and forgets the token', () => {
    const token = userToken({ exp: Math.floor(Date.now() / 1000) - 5 });
    sessionStorage.setItem(
      'latchkey.console.session',
      JSON.stringify(sessionFromToken(token, 'ada@example.com')),
    );
    renderWithProviders(<Gate />, fakeGateway(() => ({ status: 500 })).fetchImpl);
    expect(screen.getByRole('status')).toHaveTextContent('Your session expired. Please sign in again.');
    expect(sessionStorage.getItem('latchkey.console.session')).toBeNull();
  });
});

describe('a refused session', () => {
  it('ends when the gateway refuses its token, after asking the session once more', async () => {
    const token = userToken({ role: 'admin' });
    sessionStorage.setItem(
      'latchkey.console.session',
      JSON.stringify(sessionFromToken(token, 'ada@example.com')),
    );
    const gateway = fakeGateway(() => ({
      status: 401,
      body: { type: 'x', title: 'Invalid token', status: 401, code: 'invalid_token' },
    }));
    function Probe() {
      const api = useApi();
      const policy = useQuery({ queryKey: ['policy'], queryFn: api.policy.get });
      return policy.isError ? <p>Refused</p> : null;
    }
    renderWithProviders(
      <>
        <Gate />
        <Probe />
      </>,
      gateway.fetchImpl,
    );
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Your session expired. Please sign in again.',
    );
    // The session's provider gave the same token again: no second try with it.
    expect(gateway.calls).toEqual([
      { method: 'GET', path: '/admin/policy', body: undefined, authorization: `Bearer ${token}` },
    ]);
  });
});
