/** `GET /api/pod/record`: the ConnectWise record a pod sits on, summarised for its header. */
import { Hono } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../app.ts';
import { badRequest } from '../errors.ts';
import { IdSchema } from '../http/input.ts';
import { readRecordSummary } from '../tenants/record-summary.ts';

const Query = z.object({
  screen: z.enum(['opportunity', 'purchaseorder', 'ticket']),
  id: IdSchema,
});

export function podRecordRoutes() {
  return new Hono<AppEnv>().get('/record', async (c) => {
    const parsed = Query.safeParse(c.req.query());
    if (!parsed.success) {
      throw badRequest(
        'invalid_record_query',
        'Give screen (opportunity, purchaseorder or ticket) and the record id; check the pod URL has [cw_screen] and [cw_id].',
        parsed.error.issues,
      );
    }
    return c.json(await readRecordSummary(c.var.deps, c.var.session.tid, parsed.data.screen, parsed.data.id));
  });
}
