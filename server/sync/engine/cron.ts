/**
 * Cron expressions for schedules, read in the tenant's time zone (croner: no dependencies, runs on
 * Workers). Only five-field expressions are accepted so what an admin types means one thing.
 */
import { Cron } from 'croner';
import { badRequest } from '../../errors.ts';

const EXAMPLES = '"0 2 * * *" (every day at 02:00), "*/30 * * * *" (every 30 minutes), "0 */4 * * *" (every 4 hours)';

function compile(expression: string, timeZone?: string): Cron {
  // No callback: croner only evaluates the pattern and never starts a timer.
  return new Cron(expression.trim(), { mode: '5-part', timezone: timeZone, paused: true });
}

/** Throws `invalid_cron` (400) with an example of what works. */
export function assertCron(expression: string): void {
  let cron: Cron;
  try {
    cron = compile(expression);
  } catch (error) {
    throw badRequest(
      'invalid_cron',
      `"${expression}" is not a valid schedule: ${(error as Error).message.replace(/^CronPattern: /, '')}. ` +
        `Use five fields, minute hour day-of-month month day-of-week, e.g. ${EXAMPLES}.`,
      { cron: expression },
    );
  }
  if (!cron.nextRun(new Date('2000-01-01T00:00:00Z')))
    throw badRequest('invalid_cron', `"${expression}" never runs. Use e.g. ${EXAMPLES}.`, { cron: expression });
}

/** A time zone the runtime knows, else UTC (a bad tenant setting must not stop every schedule). */
export function safeTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** The next time strictly after `after`, or null if the expression never fires again. */
export function nextRunAfter(expression: string, timeZone: string, after: Date): Date | null {
  return compile(expression, safeTimeZone(timeZone)).nextRun(after);
}

export function nextRuns(expression: string, timeZone: string, after: Date, count: number): Date[] {
  return compile(expression, safeTimeZone(timeZone)).nextRuns(count, after);
}
