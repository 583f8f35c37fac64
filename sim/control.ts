/**
 * `/_sim/*` control and observation endpoints, identical for both simulators:
 * stats, faults, reset and clock. Documented in sim/README.md.
 */
import { Hono } from 'hono';
import * as z from 'zod';
import { parseDuration, type SimClock } from './clock.ts';
import { FaultConfigSchema, type FaultInjector } from './faults.ts';
import type { SimStats } from './stats.ts';

export interface ControlTarget {
  stats: SimStats;
  faults: FaultInjector;
  clock: SimClock;
  /** Drops the simulator's state and re-seeds it. */
  reset(): Promise<void>;
}

const ClockBody = z.union([
  z.object({ advance: z.union([z.string(), z.number()]) }),
  z.object({ set: z.iso.datetime({ offset: true }) }),
]);

export function controlRoutes(target: ControlTarget): Hono {
  const app = new Hono();
  app.get('/stats', (c) => c.json(target.stats.snapshot()));
  app.delete('/stats', (c) => {
    target.stats.reset();
    return c.body(null, 204);
  });
  app.get('/faults', (c) => c.json(target.faults.config));
  app.post('/faults', async (c) => {
    const body = await c.req.json().catch(() => undefined);
    const parsed = FaultConfigSchema.safeParse(body ?? {});
    if (!parsed.success) {
      return c.json(
        {
          error: {
            code: 'invalid_fault_config',
            message: 'The fault configuration is invalid.',
            details: parsed.error.issues,
          },
        },
        400,
      );
    }
    return c.json(target.faults.configure(parsed.data));
  });
  app.delete('/faults', (c) => {
    target.faults.clear();
    return c.body(null, 204);
  });
  app.post('/reset', async (c) => {
    await target.reset();
    target.stats.reset();
    target.faults.clear();
    return c.json({ reset: true, now: target.clock.now().toISOString() });
  });
  app.get('/clock', (c) => c.json({ now: target.clock.now().toISOString() }));
  app.post('/clock', async (c) => {
    const parsed = ClockBody.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) {
      return c.json(
        {
          error: {
            code: 'invalid_clock',
            message: 'Send {"advance":"2h"} (or milliseconds) or {"set":"2026-12-01T09:00:00Z"}.',
          },
        },
        400,
      );
    }
    try {
      const now =
        'advance' in parsed.data
          ? target.clock.advance(parseDuration(parsed.data.advance))
          : target.clock.set(new Date(parsed.data.set));
      return c.json({ now: now.toISOString() });
    } catch (error) {
      return c.json({ error: { code: 'invalid_clock', message: (error as Error).message } }, 400);
    }
  });
  return app;
}
