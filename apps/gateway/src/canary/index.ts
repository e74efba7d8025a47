export { CanaryModule } from './canary.module';
export { CanaryTripwire } from './canary-tripwire';
export { CanaryTrips, type Trip, type TripRequest } from './canary-trips';
