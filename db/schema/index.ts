/** Every table of tds-bridge; drizzle-kit diffs this module to generate migrations. */

export * from './activation.ts';
export * from './activity.ts';
export * from './audit.ts';
export * from './catalog.ts';
export * from './connections.ts';
export * from './metrics.ts';
export * from './order-tracking.ts';
export * from './orders.ts';
export * from './pricing.ts';
export * from './runs.ts';
export * from './schedules.ts';
export * from './tenants.ts';
