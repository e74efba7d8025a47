import { z } from 'zod';
import { EVENT_TYPES, isoDateTime, text } from '@latchkey/contracts';

/** The filters every read of the trail accepts (query, export, live tail). */
export const eventFilterFields = {
  key_id: text().max(64).optional(),
  actor: text().max(64).optional(),
  type: z.enum(EVENT_TYPES as [string, ...string[]]).optional(),
  /** `denied` (any denial) or `denied:<reason>`. */
  outcome: text()
    .regex(/^denied(:[a-z_]+)?$/, 'denied or denied:<reason>')
    .optional(),
  since: isoDateTime().optional(),
  until: isoDateTime().optional(),
};
export type EventFilters = z.infer<z.ZodObject<typeof eventFilterFields>>;
