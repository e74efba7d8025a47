/**
 * The string, date and instant types of request schemas live in contracts (zod only), so route
 * declarations (@latchkey/api-routes) use them without Nest; re-exported for the services' own schemas.
 */
export {
  EARLIEST_INSTANT,
  isoDate,
  isoDateTime,
  isWellFormedText,
  LATEST_INSTANT,
  text,
  TEXT_MESSAGE,
} from '@latchkey/contracts';
