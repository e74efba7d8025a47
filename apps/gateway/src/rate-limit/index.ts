export { AUTH_FAILURES, RateLimitModule } from './rate-limit.module';
export { SharedRateLimiter } from './shared-rate-limiter';
