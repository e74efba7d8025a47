import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { FetchLike } from '@latchkey/sdk';
import { USER_ROLES } from '@latchkey/contracts';
import { scopesForRole } from '@latchkey/api-routes/table';
import { createApi, type Api } from '../api/client';
import type { UserRole } from '../api/types';

/** What the console keeps of a sign-in: the user token and what it says about its holder. */
export interface Session {
  token: string;
  email: string;
  userId: string;
  orgId: string;
  role: UserRole;
  /** Seconds since the epoch. */
  expiresAt: number;
}

export type SignOutReason = 'signed_out' | 'expired';

const STORAGE_KEY = 'latchkey.console.session';

/** Reads the claims of a user token (the gateway verifies it; the console only needs its contents). */
export function sessionFromToken(token: string, email: string): Session | undefined {
  try {
    const payload = token.split('.')[1];
    if (!payload) return undefined;
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as Record<string, unknown>;
    if (typeof claims['sub'] !== 'string' || typeof claims['exp'] !== 'number') return undefined;
    return {
      token,
      email,
      userId: claims['sub'],
      orgId: String(claims['org_id'] ?? ''),
      // A role the console does not know reads as the least powerful (the gateway decides anyway).
      role: USER_ROLES.find((role) => role === claims['role']) ?? 'viewer',
      expiresAt: claims['exp'],
    };
  } catch {
    return undefined;
  }
}

function loadSession(): Session | undefined {
  try {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    if (!stored) return undefined;
    const session = JSON.parse(stored) as Session;
    return session.expiresAt * 1000 > Date.now() ? session : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The tab's session as the API client reads it, outside React's render: a call made right after
 * signing in or out already carries (or lacks) the new token.
 */
class CurrentSession {
  constructor(private session: Session | undefined) {}
  get(): Session | undefined {
    return this.session;
  }
  set(session: Session | undefined): void {
    this.session = session;
  }
}

interface SessionContextValue {
  session: Session | undefined;
  /** Why the last session ended, for the sign-in page to explain. */
  endedBecause: SignOutReason | undefined;
  signIn(session: Session): void;
  signOut(reason?: SignOutReason): void;
  api: Api;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

export function SessionProvider({ children, fetchImpl }: { children: ReactNode; fetchImpl?: FetchLike }) {
  // What the API client's credential reads on every call: set as soon as a session begins or ends.
  const [current] = useState(() => new CurrentSession(loadSession()));
  const [session, setSession] = useState<Session | undefined>(() => current.get());
  const [endedBecause, setEndedBecause] = useState<SignOutReason>();
  const queryClient = useQueryClient();

  // Nothing one person loaded may be shown to the next one who signs in on this tab.
  const signOut = useCallback(
    (reason: SignOutReason = 'signed_out') => {
      queryClient.clear();
      sessionStorage.removeItem(STORAGE_KEY);
      current.set(undefined);
      setSession(undefined);
      setEndedBecause(reason);
    },
    [current, queryClient],
  );

  const signIn = useCallback(
    (next: Session) => {
      queryClient.clear();
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      current.set(next);
      setEndedBecause(undefined);
      setSession(next);
    },
    [current, queryClient],
  );

  // The token carries its own expiry: end the session when it passes, not on the next failed call.
  useEffect(() => {
    if (!session) return;
    const remaining = session.expiresAt * 1000 - Date.now();
    const timer = setTimeout(() => signOut('expired'), Math.max(0, Math.min(remaining, 2 ** 31 - 1)));
    return () => clearTimeout(timer);
  }, [session, signOut]);

  // One client for the tab: its credential is a provider that reads the session on every call.
  const api = useMemo(
    () =>
      createApi(
        {
          token: () => current.get()?.token,
          onSessionEnded: (refused) => {
            if (current.get()?.token === refused) signOut('expired');
          },
        },
        fetchImpl,
      ),
    [current, signOut, fetchImpl],
  );

  const value = useMemo(
    () => ({ session, endedBecause, signIn, signOut, api }),
    [session, endedBecause, signIn, signOut, api],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

export function useApi(): Api {
  return useSession().api;
}

/** Owners and admins govern keys; members and viewers may look (the rule is in contracts). */
export { canManage } from '@latchkey/contracts';

/** The audit trail is for owners and admins: the gateway's scopes for the role say so. */
export function canReadAuditTrail(role: UserRole | undefined): boolean {
  return role !== undefined && scopesForRole(role).some((s) => s === '*' || s.startsWith('audit:'));
}
