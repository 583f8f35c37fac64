/** Every table of tds-bridge; drizzle-kit diffs this module to generate migrations. */
export * from './audit.ts';
export * from './connections.ts';
export * from './tenants.ts';
export * from './metrics.ts';
export * from './runs.ts';
export * from './activity.ts';
export * from './schedules.ts';
export * from './pricing.ts';
export * from './activation.ts';
