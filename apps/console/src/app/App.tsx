import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { BrowserRouter, Navigate, NavLink, Outlet, Route, Routes, useLocation } from 'react-router';
import { AuditPage } from '../audit/AuditPage';
import { CreateKeyPage } from '../keys/CreateKeyPage';
import { KeyDetailPage } from '../keys/KeyDetailPage';
import { KeysPage } from '../keys/KeysPage';
import { PolicyPage } from '../policy/PolicyPage';
import type { UserRole } from '../api/types';
import type { FetchLike } from '@latchkey/sdk';
import { canReadAuditTrail, SessionProvider, useSession } from '../session/session';
import { SignInPage } from '../session/SignInPage';
import { UsersPage } from '../users/UsersPage';
import { WebhooksPage } from '../webhooks/WebhooksPage';

const PAGES: { to: string; label: string; shownTo?: (role: UserRole | undefined) => boolean }[] = [
  { to: '/keys', label: 'API keys' },
  { to: '/users', label: 'Users' },
  { to: '/webhooks', label: 'Webhooks' },
  { to: '/policy', label: 'Policy' },
  { to: '/audit', label: 'Audit trail', shownTo: canReadAuditTrail },
];

/** Members and viewers may not read the audit trail: the page says so instead of asking for it. */
function AuditRoute() {
  const { session } = useSession();
  if (!canReadAuditTrail(session?.role)) {
    return <p role="alert">The audit trail is for organisation owners and admins.</p>;
  }
  return <AuditPage />;
}

function Layout() {
  const { session, signOut } = useSession();
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  // After a link is followed, start reading (and tabbing) at the new page's content, as a full page load would.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus();
  }, [pathname]);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">Latchkey</span>
        <nav aria-label="Main">
          <ul>
            {PAGES.filter((page) => page.shownTo?.(session?.role) ?? true).map((page) => (
              <li key={page.to}>
                <NavLink to={page.to}>{page.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who">
          {session?.email} ({session?.role})
        </span>
        <button type="button" onClick={() => signOut()}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
    </>
  );
}

function Routed() {
  const { session } = useSession();
  if (!session) return <SignInPage />;
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Navigate to="/keys" replace />} />
        <Route path="keys" element={<KeysPage />} />
        <Route path="keys/new" element={<CreateKeyPage />} />
        <Route path="keys/:id" element={<KeyDetailPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="webhooks" element={<WebhooksPage />} />
        <Route path="policy" element={<PolicyPage />} />
        <Route path="audit" element={<AuditRoute />} />
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
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider {...(fetchImpl ? { fetchImpl } : {})}>
        <BrowserRouter basename="/console">
          <Routed />
        </BrowserRouter>
      </SessionProvider>
    </QueryClientProvider>
  );
}
