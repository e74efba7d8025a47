export {
  createLatchkeyClient,
  login,
  SDK_VERSION,
  type FetchLike,
  type LatchkeyClient,
  type LatchkeyClientOptions,
} from './client';
export {
  apiKey,
  keyPair,
  tokenExchange,
  userToken,
  type ExchangeableKey,
  type LatchkeyCredentials,
  type TokenAnswer,
} from './credentials';
export type { Page, PageInit, PageItem, PaginatedPath } from './pagination';
export {
  LatchkeyProblemError,
  unwrap,
  type CallResult,
  type FieldError,
  type Problem,
  type ProblemCode,
} from './problem';
export { retryAfterMs, type RetryOptions } from './retry';
export type { components, operations, paths } from './generated/openapi';
