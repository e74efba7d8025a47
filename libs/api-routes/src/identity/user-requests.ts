import { z } from 'zod';
import { cursorParam, text, USER_ROLES } from '@latchkey/contracts';

/** Every password a user is given or chooses: the same rule at creation, change and reset. */
export const newPassword = text().min(12, 'at least 12 characters').max(1024);

export const createUserRequest = z.strictObject({
  email: z.email().max(320),
  name: text().trim().min(1).max(200),
  role: z.enum(USER_ROLES),
  kind: z.enum(['human', 'service']).default('human'),
  password: newPassword,
});

/** `POST /admin/users/:id/password`: an owner or admin sets a member's password. */
export const resetPasswordRequest = z.strictObject({ new_password: newPassword });

export const updateUserRequest = z
  .strictObject({
    name: text().trim().min(1).max(200),
    role: z.enum(USER_ROLES),
    status: z.enum(['active', 'disabled']),
  })
  .partial()
  .refine((r) => Object.keys(r).length > 0, { message: 'nothing to change' });

export const listUsersQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: cursorParam(),
});
