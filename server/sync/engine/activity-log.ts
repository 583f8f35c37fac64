/**
 * The one way into the Sync Activity Log. Writers buffer entries and insert them in batches (a product
 * sync logs thousands of items); the engine flushes at every step boundary and when a run closes.
 * `queryActivity` serves the console, the admin API and the CLI.
 */
import { and, asc, desc, eq, gt, gte, inArray, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import {
  type ActivityLevel,
  type NewSyncActivity,
  type SyncActivity,
  syncActivity,
} from '../../../db/schema/activity.ts';
import type { ActivityEntryInput, ActivityLogger } from './define.ts';

const BATCH = 100;
const MAX_MESSAGE = 2_000;
const MAX_DETAILS = 8_000;

export interface ActivityScope {
  tenantId: string;
  templateId?: string | null;
  runId?: number | null;
}

export interface ActivityWriter {
  /** Item-level entries (what templates get as `ctx.log`). */
  item: ActivityLogger;
  /** Run-level entries (started, retried, finished…), written by the engine. */
  run(level: ActivityLevel, entry: ActivityEntryInput): void;
  /** Resolves when everything written so far is stored; rethrows a failed background insert. */
  flush(): Promise<void>;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function boundedDetails(details: unknown): unknown {
  if (details === undefined) return undefined;
  const json = JSON.stringify(details);
  return json.length > MAX_DETAILS ? { truncated: true, preview: json.slice(0, MAX_DETAILS) } : details;
}

export function toRow(
  scope: ActivityScope,
  level: ActivityLevel,
  kind: 'run' | 'item',
  entry: ActivityEntryInput,
  at: Date,
): NewSyncActivity {
  return {
    tenantId: scope.tenantId,
    templateId: scope.templateId ?? null,
    runId: scope.runId ?? null,
    at: at.toISOString(),
    level,
    scope: kind,
    code: entry.code,
    message: clip(entry.message, MAX_MESSAGE),
    entityType: entry.entity?.type ?? null,
    entityId: entry.entity?.id ?? null,
    upstreamRoute: entry.upstream?.route ?? null,
    upstreamStatus: entry.upstream?.status ?? null,
    durationMs: entry.upstream?.durationMs === undefined ? null : Math.round(entry.upstream.durationMs),
    counts: entry.counts ?? null,
    details: boundedDetails(entry.details) ?? null,
  };
}

export function createActivityWriter(db: Db, scope: ActivityScope, now: () => Date): ActivityWriter {
  let buffer: NewSyncActivity[] = [];
  let writing: Promise<void> = Promise.resolve();
  let failure: Error | undefined;

  const drain = () => {
    if (buffer.length === 0) return;
    const rows = buffer;
    buffer = [];
    writing = writing
      .then(() => db.insert(syncActivity).values(rows))
      .then(
        () => undefined,
        (error: Error) => {
          failure ??= error;
        },
      );
  };
  const push = (level: ActivityLevel, kind: 'run' | 'item', entry: ActivityEntryInput) => {
    buffer.push(toRow(scope, level, kind, entry, now()));
    if (buffer.length >= BATCH) drain();
  };
  const levels = (kind: 'run' | 'item'): ActivityLogger => ({
    debug: (entry) => push('debug', kind, entry),
    info: (entry) => push('info', kind, entry),
    warn: (entry) => push('warn', kind, entry),
    error: (entry) => push('error', kind, entry),
  });
  const runLevels = levels('run');

  return {
    item: levels('item'),
    run: (level, entry) => runLevels[level](entry),
    async flush() {
      drain();
      await writing;
      if (failure) {
        const error = failure;
        failure = undefined;
        throw error;
      }
    },
  };
}

/** Writes one entry now (for the few entries outside a run's writer). */
export async function writeActivity(
  db: Db,
  scope: ActivityScope,
  level: ActivityLevel,
  entry: ActivityEntryInput,
  at: Date,
): Promise<void> {
  await db.insert(syncActivity).values(toRow(scope, level, 'run', entry, at));
}

export interface ActivityQuery {
  tenantId?: string;
  templateId?: string;
  runId?: number;
  levels?: ActivityLevel[];
  scope?: 'run' | 'item';
  code?: string;
  /** Matches the entity id (a SKU, a PO number…). */
  entityId?: string;
  entityType?: string;
  /** Words found in the message, the code or the entity id (case-insensitive). */
  text?: string;
  /** ISO times, inclusive. */
  from?: string;
  to?: string;
  /** From a previous page's `nextCursor`. */
  cursor?: string;
  limit?: number;
  /** `desc` (newest first, the default) or `asc` (a run's story in order). */
  order?: 'asc' | 'desc';
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function decodeCursor(cursor: string | undefined): number | undefined {
  if (!cursor) return undefined;
  const id = Number(cursor);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

export async function queryActivity(db: Db, query: ActivityQuery): Promise<Page<SyncActivity>> {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
  const order = query.order ?? 'desc';
  const after = decodeCursor(query.cursor);
  const where: SQL[] = [];
  const t = syncActivity;
  if (query.tenantId) where.push(eq(t.tenantId, query.tenantId));
  if (query.templateId) where.push(eq(t.templateId, query.templateId));
  if (query.runId !== undefined) where.push(eq(t.runId, query.runId));
  if (query.levels?.length) where.push(inArray(t.level, query.levels));
  if (query.scope) where.push(eq(t.scope, query.scope));
  if (query.code) where.push(eq(t.code, query.code));
  if (query.entityId) where.push(eq(t.entityId, query.entityId));
  if (query.entityType) where.push(eq(t.entityType, query.entityType));
  if (query.text) {
    // LIKE with the wildcards of the user's text escaped, so "100%" looks for the characters.
    const pattern = `%${query.text.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    where.push(
      sql`(lower(${t.message}) like ${pattern} escape '\\' or lower(${t.code}) like ${pattern} escape '\\' or lower(coalesce(${t.entityId}, '')) like ${pattern} escape '\\')`,
    );
  }
  if (query.from) where.push(gte(t.at, query.from));
  if (query.to) where.push(lte(t.at, query.to));
  if (after !== undefined) where.push(order === 'desc' ? lt(t.id, after) : gt(t.id, after));

  const rows = await db
    .select()
    .from(t)
    .where(and(...where))
    .orderBy(order === 'desc' ? desc(t.id) : asc(t.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? String(last.id) : null };
}
