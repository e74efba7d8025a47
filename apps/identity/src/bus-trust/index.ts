/** Identity's keys on the bus (ADR 0015): signing its replies and announcements, verifying gateways'. */
export { attested } from './attested-reply';
export { IdentityBusKeys } from './identity-bus-keys';
