/** Every table of tds-bridge; drizzle-kit diffs this module to generate migrations. */

export * from './activation.ts';
export * from './activation-options.ts';
export * from './activity.ts';
export * from './audit.ts';
export * from './catalog.ts';
export * from './claims.ts';
export * from './connections.ts';
export * from './console.ts';
export * from './intake.ts';
export * from './metrics.ts';
export * from './ops.ts';
export * from './order-tracking.ts';
export * from './orders.ts';
export * from './price-file-uploads.ts';
export * from './pricing.ts';
export * from './runs.ts';
export * from './schedules.ts';
export * from './security.ts';
export * from './tenants.ts';
