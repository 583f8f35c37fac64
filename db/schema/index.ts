/** Every table of tds-bridge; drizzle-kit diffs this module to generate migrations. */
export * from './audit.ts';
export * from './connections.ts';
export * from './tenants.ts';
export * from './metrics.ts';
