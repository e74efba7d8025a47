import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../ui/ErrorNotice';
import { sessionFromToken, useSession } from './session';
import { usePageTitle } from '../ui/page-title';

export function SignInPage() {
  usePageTitle('Sign in');
  const { api, signIn, endedBecause } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // A session that just ended took the focused control with it: start again at this form's heading.
  useEffect(() => {
    if (endedBecause) heading.current?.focus();
  }, [endedBecause]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api.login(email.trim(), password);
      const session = sessionFromToken(answer.access_token, email.trim());
      if (!session) throw new Error('The sign-in answer could not be read.');
      signIn(session);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form onSubmit={submit} className="card" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title" tabIndex={-1} ref={heading}>
          Sign in to Latchkey
        </h1>
        {endedBecause === 'expired' && (
          <p role="status" className="notice">
            Your session expired. Please sign in again.
          </p>
        )}
        {endedBecause === 'signed_out' && (
          <p role="status" className="notice">
            You are signed out.
          </p>
        )}
        {endedBecause === 'signed_out_elsewhere' && (
          <p role="status" className="notice">
            You signed out in another tab.
          </p>
        )}
        <label htmlFor="email">Email</label>
        <input
          id="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <ErrorNotice error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
