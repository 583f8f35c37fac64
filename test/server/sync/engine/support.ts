/** Test helpers for the sync engine: a fake clock, a migrated libSQL database, tenants and an in-test template. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import * as z from 'zod';
import type { Db } from '../../../../db/client.ts';
import { openNodeDb } from '../../../../db/migrate.ts';
import { tenants } from '../../../../db/schema/index.ts';
import { defineTemplate, type StepContext, type Template } from '../../../../server/sync/engine/index.ts';

export interface FakeClock {
  now(): Date;
  advance(ms: number): void;
  set(iso: string): void;
}

export function fakeClock(start = '2026-03-02T12:00:00.000Z'): FakeClock {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
    set: (iso) => {
      t = Date.parse(iso);
    },
  };
}

export function memoryDb(): Promise<Db> {
  return openNodeDb(':memory:');
}

/** A file database in a temp dir (for two engines, i.e. two connections, on one database). */
export async function fileDb(): Promise<{ url: string; open(): Promise<Db>; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'sync-engine-'));
  const url = `file:${join(dir, 'engine.db')}`;
  return { url, open: () => openNodeDb(url), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Two connections to one database file, as two processes would have, with a tenant in it. Call inside a
 * describe: it registers its own beforeEach/afterEach and hands back the live connections.
 */
export function twoProcessesOnOneFile(): { a(): Db; b(): Db } {
  let files: Awaited<ReturnType<typeof fileDb>>;
  let dbA: Db;
  let dbB: Db;
  beforeEach(async () => {
    files = await fileDb();
    dbA = await files.open();
    dbB = await files.open();
    await addTenant(dbA);
  });
  afterEach(() => {
    dbA.$client.close();
    dbB.$client.close();
    files.cleanup();
  });
  return { a: () => dbA, b: () => dbB };
}

export async function addTenant(db: Db, id = 'acme', timeZone = 'America/New_York'): Promise<string> {
  await db.insert(tenants).values({
    id,
    name: `${id} MSP`,
    cwSite: `https://${id}.example`,
    cwCompanyId: id,
    podOrigins: [],
    timeZone,
  });
  return id;
}

export interface PagedCalls {
  /** Every step call in order: which page it got and whether it was a full resync. */
  calls: Array<{ page: number; full: boolean; step: number; runId: number }>;
}

export interface PagedOptions {
  id?: string;
  title?: string;
  pages?: number;
  defaultSchedule?: string;
  settingsSchema?: z.ZodType;
  autoStart?: boolean;
  maxAttempts?: number;
  /** Runs inside each step before the page is "written"; may throw, hang or advance the clock. */
  onStep?: (ctx: StepContext, page: number) => Promise<void> | void;
  warnings?: string[];
}

/**
 * An in-test template: pages 1..n, one page per step; each page adds 10 items (page 1 also updates 2)
 * and records the call so tests can see which pages ran.
 */
export function pagedTemplate(opts: PagedOptions = {}): Template & PagedCalls {
  const calls: PagedCalls['calls'] = [];
  const pages = opts.pages ?? 3;
  const template = defineTemplate({
    id: opts.id ?? 'paged-sync',
    title: opts.title ?? 'Paged Sync',
    description: 'Test template: one page per step.',
    defaultSchedule: opts.defaultSchedule ?? '0 2 * * *',
    settingsSchema: opts.settingsSchema ?? z.object({ label: z.string().default('default') }),
    checkpointSchema: z.object({ page: z.number().int().min(1) }),
    autoStart: opts.autoStart,
    maxAttempts: opts.maxAttempts,
    async run(ctx) {
      const page = ctx.checkpoint?.page ?? 1;
      calls.push({ page, full: ctx.full, step: ctx.step, runId: ctx.runId });
      await opts.onStep?.(ctx as StepContext, page);
      ctx.counts.add('added', 10);
      if (page === 1) ctx.counts.add('updated', 2);
      ctx.progress(page, pages, 'pages');
      ctx.upstreamCall('GET catalog', 200, 5);
      ctx.log.debug({ code: 'page_done', message: `page ${page} done`, entity: { type: 'page', id: String(page) } });
      if (page >= pages) return { done: true, warnings: opts.warnings };
      return { done: false, checkpoint: { page: page + 1 } };
    },
  });
  return Object.assign(template, { calls });
}

/** A promise you resolve or reject from outside (a step that hangs until the test says so). */
export function gate<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}
