import type { UserRole } from '@latchkey/contracts';

/** The signed-in user of an admin request, as the bearer strategy (credentials/) verified it. */
export interface AuthenticatedUser {
  id: string;
  orgId: string;
  role: UserRole;
}
