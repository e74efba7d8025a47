import type { UserRole } from '../api/types';
import { can, type Ability } from '../session/abilities';

/** The console's pages in navigation order, each with the ability a role needs to use it. */
export const PAGES: readonly { to: string; label: string; ability: Ability }[] = [
  { to: '/keys', label: 'API keys', ability: 'keys:read' },
  { to: '/users', label: 'Users', ability: 'users:read' },
  { to: '/webhooks', label: 'Webhooks', ability: 'webhooks:read' },
  { to: '/policy', label: 'Policy', ability: 'policy:read' },
  { to: '/notifications', label: 'Notifications', ability: 'notifications:read' },
  { to: '/audit', label: 'Audit trail', ability: 'audit:read' },
  { to: '/account', label: 'Your account', ability: 'account:read' },
];

export function pagesFor(role: UserRole | undefined) {
  return PAGES.filter((page) => can(role, page.ability));
}

/** Where a role starts: the first page it may use (every role may see its account). */
export function landingFor(role: UserRole | undefined): string {
  return pagesFor(role)[0]?.to ?? '/account';
}
