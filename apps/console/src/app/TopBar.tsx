import { DropdownMenu } from 'radix-ui';
import { useRef } from 'react';
import { NavLink, useLocation } from 'react-router';
import { useSession } from '../session/session';
import type { Theme } from '../ui/theme';
import { pagesFor } from './pages';

/**
 * The navigation: links in a row on wide windows; below 900 px (styles.css) a menu button whose
 * Radix menu opens with Enter, Space or the arrow keys and lists the same pages.
 */
function Navigation() {
  const { session } = useSession();
  const { pathname } = useLocation();
  const pages = pagesFor(session?.role);
  // A followed link moves focus to the new page's content (App); the closing menu must not take it back.
  const followed = useRef(false);
  const trigger = useRef<HTMLButtonElement>(null);
  return (
    <nav aria-label="Main">
      <DropdownMenu.Root modal={false}>
        <DropdownMenu.Trigger className="menu-button" ref={trigger}>
          Menu
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            className="nav-menu"
            align="start"
            sideOffset={6}
            onCloseAutoFocus={(event) => {
              // Closed without following a link (Escape, a click outside): back to the menu button,
              // never to <body>.
              // A followed link: the new page's content, as the route change already asked.
              event.preventDefault();
              if (followed.current) document.getElementById('main')?.focus();
              else trigger.current?.focus();
              followed.current = false;
            }}
          >
            {pages.map((page) => (
              <DropdownMenu.Item key={page.to} asChild onSelect={() => (followed.current = true)}>
                <NavLink to={page.to} aria-current={pathname.startsWith(page.to) ? 'page' : undefined}>
                  {page.label}
                </NavLink>
              </DropdownMenu.Item>
            ))}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
      <ul className="nav-links">
        {pages.map((page) => (
          <li key={page.to}>
            <NavLink to={page.to}>{page.label}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function TopBar({ theme, setTheme }: { theme: Theme; setTheme(theme: Theme): void }) {
  const { session, signOut } = useSession();
  return (
    <header className="top-bar">
      <span className="brand">Latchkey</span>
      <Navigation />
      <span className="who">
        <span className="who-email" title={session?.email}>
          {session?.email}
        </span>{' '}
        <span className="who-role">({session?.role})</span>
      </span>
      <button
        type="button"
        className="theme-toggle"
        aria-pressed={theme === 'dark'}
        onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
      >
        Dark mode
      </button>
      <button type="button" className="sign-out" onClick={() => signOut()}>
        Sign out
      </button>
    </header>
  );
}
