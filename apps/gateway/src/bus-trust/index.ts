export { BusTrustModule, GATEWAY_ID, GATEWAY_RING, IDENTITY_RING } from './bus-trust.module';
