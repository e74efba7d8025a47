import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { BrowserRouter, Navigate, Outlet, Route, Routes, useLocation } from 'react-router';
import { Toaster } from 'sonner';
import type { FetchLike } from '@latchkey/sdk';
import { AuditPage } from '../audit/AuditPage';
import { DecisionPage } from '../decisions/DecisionPage';
import { CreateKeyPage } from '../keys/CreateKeyPage';
import { KeyDetailPage } from '../keys/KeyDetailPage';
import { KeysPage } from '../keys/KeysPage';
import { PolicyPage } from '../policy/PolicyPage';
import { AccountPage } from '../session/AccountPage';
import { can, SessionProvider, useSession, type Ability } from '../session/session';
import { SignInPage } from '../session/SignInPage';
import { useTheme, type Theme } from '../ui/theme';
import { UsersPage } from '../users/UsersPage';
import { NotificationsPage } from '../notifications/NotificationsPage';
import { WebhooksPage } from '../webhooks/WebhooksPage';
import { landingFor } from './pages';
import { TopBar } from './TopBar';

/** A page the role may not use sends it to its own landing page instead of a refusal. */
function Allowed({ ability, children }: { ability: Ability; children: ReactElement }) {
  const { session } = useSession();
  return can(session?.role, ability) ? children : <Navigate to={landingFor(session?.role)} replace />;
}

function Layout({ theme, setTheme }: { theme: Theme; setTheme(theme: Theme): void }) {
  const { pathname } = useLocation();
  const { begunHere } = useSession();
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  // After a link is followed, start reading (and tabbing) at the new page's content, as a full page
  // load would. Right after signing in too: the sign-in form is gone, focus must not fall to <body>.
  // A page loaded signed in starts at the top, where the skip link is.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      if (!begunHere) return;
    }
    main.current?.focus();
  }, [pathname, begunHere]);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <TopBar theme={theme} setTheme={setTheme} />
      <main id="main" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
    </>
  );
}

function Routed({ theme, setTheme }: { theme: Theme; setTheme(theme: Theme): void }) {
  const { session } = useSession();
  if (!session) return <SignInPage />;
  const only = (ability: Ability, page: ReactElement) => <Allowed ability={ability}>{page}</Allowed>;
  return (
    <Routes>
      <Route element={<Layout theme={theme} setTheme={setTheme} />}>
        <Route index element={<Navigate to={landingFor(session.role)} replace />} />
        <Route path="keys" element={only('keys:read', <KeysPage />)} />
        <Route path="keys/new" element={only('keys:manage', <CreateKeyPage />)} />
        <Route path="keys/:id" element={only('keys:read', <KeyDetailPage />)} />
        <Route path="users" element={only('users:read', <UsersPage />)} />
        <Route path="webhooks" element={only('webhooks:read', <WebhooksPage />)} />
        <Route path="notifications" element={only('notifications:read', <NotificationsPage />)} />
        <Route path="policy" element={only('policy:read', <PolicyPage />)} />
        <Route path="audit" element={only('audit:read', <AuditPage />)} />
        <Route path="decisions/:id" element={only('decisions:read', <DecisionPage />)} />
        <Route path="account" element={<AccountPage />} />
        <Route path="*" element={<p>There is no such page.</p>} />
      </Route>
    </Routes>
  );
}

export function App({ fetchImpl }: { fetchImpl?: FetchLike }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            // The SDK already retries what is safe to retry (a network blip, a 502–504, a 429 with
            // a short Retry-After); a refusal will not change on retry.
            retry: false,
            refetchOnWindowFocus: false,
          },
        },
      }),
  );
  const { theme, setTheme } = useTheme();
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider {...(fetchImpl ? { fetchImpl } : {})}>
        <BrowserRouter basename="/console">
          <Routed theme={theme} setTheme={setTheme} />
        </BrowserRouter>
      </SessionProvider>
      {/* Every page's `toast(...)` shows here, announced politely, in the console's theme. */}
      <Toaster theme={theme} position="bottom-right" closeButton containerAriaLabel="Notifications" />
    </QueryClientProvider>
  );
}
