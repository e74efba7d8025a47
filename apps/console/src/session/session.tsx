import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { FetchLike } from '@latchkey/sdk';
import { USER_ROLES } from '@latchkey/contracts';
import { can, type Ability } from './abilities';
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

export type SignOutReason = 'signed_out' | 'signed_out_elsewhere' | 'expired';

const STORAGE_KEY = 'latchkey.console.session';
/**
 * The tabs of this console talk over one BroadcastChannel (same origin only): a new tab asks for
 * the session instead of signing in again, and a sign-out in one tab ends it in all of them. The
 * token itself stays in each tab's sessionStorage, so it dies with the last tab that holds it.
 */
const CHANNEL = 'latchkey.console.session';
type TabMessage =
  | { type: 'ask' }
  | { type: 'handoff'; session: Session }
  | { type: 'signed_in'; session: Session }
  | { type: 'signed_out' };

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

const live = (session: Session | undefined): session is Session =>
  session !== undefined && session.expiresAt * 1000 > Date.now();

function loadSession(): Session | undefined {
  try {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    if (!stored) return undefined;
    const session = JSON.parse(stored) as Session;
    return live(session) ? session : undefined;
  } catch {
    return undefined;
  }
}

/** A session this tab held has expired since (a reload after its token's exp): say so once. */
function expiredInStorage(): boolean {
  try {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    if (!stored || live(JSON.parse(stored) as Session)) return false;
  } catch {
    return false;
  }
  sessionStorage.removeItem(STORAGE_KEY);
  return true;
}

/** A message another tab sent that has the shape this console sends (anything else is ignored). */
function tabMessage(data: unknown): TabMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const message = data as Partial<TabMessage> & { session?: Partial<Session> };
  if (message.type === 'ask' || message.type === 'signed_out') return message as TabMessage;
  if (
    (message.type === 'handoff' || message.type === 'signed_in') &&
    typeof message.session?.token === 'string' &&
    typeof message.session.expiresAt === 'number'
  ) {
    return message as TabMessage;
  }
  return undefined;
}

function openChannel(): BroadcastChannel | undefined {
  return typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : undefined;
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

/** Where this tab talks to the others (nowhere when the browser has no BroadcastChannel). */
class OtherTabs {
  private channel: BroadcastChannel | undefined;
  post(message: TabMessage): void {
    this.channel?.postMessage(message);
  }
  /** Hears the other tabs until the returned function is called; `ask` asks them for a session. */
  listen(receive: (message: TabMessage) => void, ask: boolean): () => void {
    const channel = openChannel();
    if (!channel) return () => undefined;
    channel.onmessage = (event: MessageEvent) => {
      const message = tabMessage(event.data);
      if (message) receive(message);
    };
    this.channel = channel;
    if (ask) channel.postMessage({ type: 'ask' });
    return () => {
      channel.close();
      if (this.channel === channel) this.channel = undefined;
    };
  }
}

interface SessionContextValue {
  session: Session | undefined;
  /** The session began on this page (not loaded with it): its first screen takes the focus. */
  begunHere: boolean;
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
  const [endedBecause, setEndedBecause] = useState<SignOutReason | undefined>(() =>
    !current.get() && expiredInStorage() ? 'expired' : undefined,
  );
  // Whether this page saw the session begin (a sign-in or another tab's handoff), not loaded it.
  const [begunHere, setBegunHere] = useState(false);
  const queryClient = useQueryClient();
  const [tabs] = useState(() => new OtherTabs());

  // Nothing one person loaded may be shown to the next one who signs in on this tab.
  const end = useCallback(
    (reason: SignOutReason) => {
      queryClient.clear();
      sessionStorage.removeItem(STORAGE_KEY);
      current.set(undefined);
      setSession(undefined);
      setEndedBecause(reason);
    },
    [current, queryClient],
  );

  const begin = useCallback(
    (next: Session) => {
      queryClient.clear();
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      current.set(next);
      setEndedBecause(undefined);
      setBegunHere(true);
      setSession(next);
    },
    [current, queryClient],
  );

  // A person who signs out means every tab; an expired token ends in each tab on its own clock.
  const signOut = useCallback(
    (reason: SignOutReason = 'signed_out') => {
      end(reason);
      if (reason === 'signed_out') tabs.post({ type: 'signed_out' });
    },
    [end, tabs],
  );

  const signIn = useCallback(
    (next: Session) => {
      begin(next);
      tabs.post({ type: 'signed_in', session: next });
    },
    [begin, tabs],
  );

  // Answer other tabs, and ask them for a session when this tab opens without one.
  useEffect(() => {
    return tabs.listen((message) => {
      const mine = current.get();
      switch (message.type) {
        case 'ask':
          if (live(mine)) tabs.post({ type: 'handoff', session: mine });
          break;
        case 'handoff':
        case 'signed_in':
          // A tab that is signed in keeps its own session; a signed-out one joins.
          if (!mine && live(message.session)) begin(message.session);
          break;
        case 'signed_out':
          if (mine) end('signed_out_elsewhere');
          break;
      }
    }, !current.get());
  }, [current, tabs, begin, end]);

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
    () => ({ session, begunHere, endedBecause, signIn, signOut, api }),
    [session, begunHere, endedBecause, signIn, signOut, api],
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

/** Owners and admins govern keys; members and viewers may look (the rule is in contracts, ADR 0019). */
export { canManage } from '@latchkey/contracts';

/** Whether the role reads the audit trail (every role, ADR 0019): the gateway's scopes for the role say so. */
export function canReadAuditTrail(role: UserRole | undefined): boolean {
  return can(role, 'audit:read');
}

/** What the signed-in person may do, for pages to hide what their role would be refused. */
export function useCan(): (ability: Ability) => boolean {
  const role = useSession().session?.role;
  return useCallback((ability: Ability) => can(role, ability), [role]);
}

export { can, type Ability } from './abilities';
