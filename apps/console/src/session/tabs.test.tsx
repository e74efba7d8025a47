import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeGateway, renderWithProviders, userToken } from '../test/render';
import { sessionFromToken, useSession } from './session';
import { SignInPage } from './SignInPage';

function Gate({ tab }: { tab: string }) {
  const { session, signOut } = useSession();
  return (
    <section aria-label={tab}>
      {session ? (
        <>
          <p>Signed in as {session.email}</p>
          <button type="button" onClick={() => signOut()}>
            Sign out in {tab}
          </button>
        </>
      ) : (
        <p>Signed out</p>
      )}
    </section>
  );
}

/**
 * Two tabs of one browser: two session providers in one page, talking over the real
 * BroadcastChannel. sessionStorage is shared in the test's one window, so the second tab is
 * opened with it emptied, as a new tab's is.
 */
describe('the session across tabs', () => {
  it('hands a signed-in tab’s session to a new tab, and a sign-out in one tab ends both', async () => {
    const user = userEvent.setup();
    const token = userToken({ role: 'admin' });
    sessionStorage.setItem(
      'latchkey.console.session',
      JSON.stringify(sessionFromToken(token, 'ada@example.com')),
    );
    const gateway = fakeGateway(() => ({ status: 200, body: {} }));
    renderWithProviders(<Gate tab="first" />, gateway.fetchImpl);
    expect(screen.getByRole('region', { name: 'first' })).toHaveTextContent('Signed in as ada@example.com');

    sessionStorage.clear();
    renderWithProviders(<Gate tab="second" />, gateway.fetchImpl);
    await waitFor(() =>
      expect(screen.getByRole('region', { name: 'second' })).toHaveTextContent(
        'Signed in as ada@example.com',
      ),
    );
    // The token went tab to tab, never through the gateway or a URL.
    expect(gateway.calls).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Sign out in second' }));
    await waitFor(() =>
      expect(screen.getByRole('region', { name: 'first' })).toHaveTextContent('Signed out'),
    );
    expect(screen.getByRole('region', { name: 'second' })).toHaveTextContent('Signed out');
  });

  it('tells a tab signed out from another tab why', async () => {
    const token = userToken({ role: 'viewer' });
    sessionStorage.setItem(
      'latchkey.console.session',
      JSON.stringify(sessionFromToken(token, 'vic@example.com')),
    );
    const gateway = fakeGateway(() => ({ status: 200, body: {} }));
    function SignedInOrPage() {
      const { session } = useSession();
      return session ? <p>In</p> : <SignInPage />;
    }
    renderWithProviders(<SignedInOrPage />, gateway.fetchImpl);
    const other = new BroadcastChannel('latchkey.console.session');
    other.postMessage({ type: 'signed_out' });
    expect(await screen.findByRole('status')).toHaveTextContent('You signed out in another tab.');
    other.close();
  });
});
