export { UsageModule } from './usage.module';
export { usageRollups, type UsageRollupDelta, type UsageSource } from './usage-rollup';
