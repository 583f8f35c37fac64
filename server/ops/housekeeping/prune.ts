/**
 * What housekeeping deletes, table by table: rows older than the tenant's retention, in bounded batches so no
 * delete holds SQLite's write lock long enough to make another process wait (a batch is one short statement).
 * Never deleted: unfinished runs, and each template's last finished and last successful run (the status
 * lights, "overdue" and Product Sync's delta read them); open alerts and their deliveries.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';

/** Rows per delete statement: small enough that one statement takes milliseconds on a loaded machine. */
export const PRUNE_BATCH = 2_000;

export interface PruneTarget {
  /** Stable name, shown in the run's counts and the activity log. */
  name: string;
  /** One batch: deletes at most PRUNE_BATCH rows older than `before`; returns how many it deleted. */
  batch(db: Db, input: { tenantId: string; before: string }): Promise<number>;
}

const SUCCEEDED = ['succeeded', 'succeeded_with_warnings'];
const FINISHED = [...SUCCEEDED, 'failed', 'cancelled'];
const inList = (values: readonly (string | number)[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );
const affected = (result: { rowsAffected?: number }) => Number(result.rowsAffected ?? 0);

/** A table whose rows expire by their `at` alone. */
function byAge(opts: { name: string; table: 'sync_activity' | 'upstream_calls' | 'audit_log' }): PruneTarget {
  const table = sql.identifier(opts.table);
  return {
    name: opts.name,
    async batch(db, { tenantId, before }) {
      return affected(
        await db.run(sql`delete from ${table} where id in (
          select id from ${table} where tenant_id = ${tenantId} and at < ${before} limit ${PRUNE_BATCH})`),
      );
    },
  };
}

export const PRUNE_TARGETS = {
  activity: byAge({ name: 'activity log entries', table: 'sync_activity' }),
  runs: {
    name: 'finished runs',
    async batch(db, { tenantId, before }) {
      // The runs the product still reads, found once per batch (one grouped query), not per candidate row.
      const kept = await db.all<{ lastFinished: number | null; lastSucceeded: number | null }>(sql`
        select max(id) as lastFinished,
               max(case when state in (${inList(SUCCEEDED)}) then id end) as lastSucceeded
        from sync_runs where tenant_id = ${tenantId} and state in (${inList(FINISHED)})
        group by template_id`);
      const keep = kept.flatMap((k) => [k.lastFinished, k.lastSucceeded]).filter((id): id is number => id !== null);
      return affected(
        await db.run(sql`delete from sync_runs where id in (
          select id from sync_runs
          where tenant_id = ${tenantId}
            and state in (${inList(FINISHED)})
            and coalesce(finished_at, updated_at) < ${before}
            ${keep.length ? sql`and id not in (${inList(keep)})` : sql``}
          limit ${PRUNE_BATCH})`),
      );
    },
  },
  upstreamCalls: byAge({ name: 'upstream call records', table: 'upstream_calls' }),
  alerts: {
    name: 'resolved alerts',
    async batch(db, { tenantId, before }) {
      // Deliveries first: the foreign key's cascade is not relied on (SQLite enforces it per connection).
      const old = sql`select id from alerts
        where tenant_id = ${tenantId} and resolved_at is not null and resolved_at < ${before} limit ${PRUNE_BATCH}`;
      await db.run(sql`delete from alert_deliveries where alert_id in (${old})`);
      return affected(await db.run(sql`delete from alerts where id in (${old})`));
    },
  },
  audit: byAge({ name: 'audit entries', table: 'audit_log' }),
} satisfies Record<string, PruneTarget>;

/** Sign-in links and console sessions past their expiry (every tenant's: they are few, and carry no history). */
export async function pruneExpiredSessions(db: Db, now: Date): Promise<number> {
  const at = now.toISOString();
  const links = await db.run(sql`delete from console_sign_in_links where expires_at < ${at}`);
  const sessions = await db.run(sql`delete from console_sessions where expires_at < ${at}`);
  return affected(links) + affected(sessions);
}
