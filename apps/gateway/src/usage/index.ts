export { UsageModule } from './usage.module';
export { UsageRecorder } from './usage-recorder';
export { denialRoute, routeLabel } from './denial-route';
export { keyStateOf } from './denial-aggregator';
