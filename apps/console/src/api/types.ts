/**
 * The gateway API's shapes the console reads. They are the HTTP contract's own types
 * (`@latchkey/contracts`), which identity and audit also build their answers from, so the console
 * cannot drift from the services.
 */
export type {
  AuditEventView as AuditEvent,
  ChainVerificationView as ChainVerification,
  IssuancePolicyView as IssuancePolicy,
  KeyEnvironment as Environment,
  KeyStatus,
  KeyUsageView as KeyUsage,
  KeyView as ApiKey,
  PageView as Page,
  RateLimitView as RateLimit,
  RevocationView as RevokeResult,
  UsageBucketView as UsageBucket,
  UserView as User,
  WebhookConnectionView as WebhookConnection,
} from '@latchkey/contracts';
import type { IssuedSecret, KeyView, WebhookConnectionView } from '@latchkey/contracts';

export type { UserRole } from '@latchkey/contracts';
export type IssuedKey = KeyView & IssuedSecret;
/** `POST /admin/keys/:id/rotate` also says until when the previous secret works. */
export type RotatedKey = IssuedKey & { previous_secret_valid_until: string };
export type IssuedWebhookConnection = WebhookConnectionView & IssuedSecret;
