import { KNOWN_SCOPES } from './routes';
import type { UserRole } from './principal';

/**
 * What a signed-in user may do through the gateway, by role. Owners and admins hold every scope
 * of their organisation; members read everything; viewers read business data but not the audit trail.
 */
export function scopesForRole(role: UserRole): string[] {
  switch (role) {
    case 'owner':
    case 'admin':
      return ['*'];
    case 'member':
      return KNOWN_SCOPES.filter((s) => s.endsWith(':read'));
    case 'viewer':
      return KNOWN_SCOPES.filter((s) => s.endsWith(':read') && !s.startsWith('audit:'));
  }
}
