/** `tds-bridge orders`: a tenant's open TD SYNNEX orders (not yet accepted, rejected or written back), state and age. */
import type { OrderView } from '../../server/orders/view.ts';
import type { Api } from '../lib/api.ts';
import { type Out, paint, table } from '../lib/output.ts';
import { resolveTenant } from '../lib/tenant.ts';

const OPEN = 'requested,awaiting_approval,validated,submitting,unknown';

function age(fromIso: string, now: Date): string {
  const s = Math.max(0, (now.getTime() - Date.parse(fromIso)) / 1000);
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} d`;
}

export async function ordersCommand(
  api: Api,
  out: Out,
  opts: { tenant?: string; json: boolean; now?: Date },
): Promise<number> {
  const tenant = await resolveTenant(api, opts.tenant);
  const base = `/tenants/${encodeURIComponent(tenant)}/orders`;
  const [open, recent] = await Promise.all([
    api.get<{ items: OrderView[] }>(`${base}?state=${OPEN}&limit=500`),
    api.get<{ items: OrderView[] }>(`${base}?limit=500`),
  ]);
  const pendingWriteback = recent.items.filter((o) => o.writeback === 'pending' && !OPEN.includes(o.state));
  const items = [...open.items, ...pendingWriteback];
  if (opts.json) {
    out.write(JSON.stringify({ tenant, open: items }, null, 2));
    return 0;
  }
  if (items.length === 0) {
    out.write(`No open orders for ${tenant}. (${recent.items.length} order(s) in total.)`);
    return 0;
  }
  const now = opts.now ?? new Date();
  const rows = [['PO', 'TDS PO NUMBER', 'STATE', 'AGE', 'VIA', 'ORDER NUMBERS', 'NOTE']];
  for (const o of items) {
    rows.push([
      o.cwPoNumber,
      o.tdsPoNumber,
      paint(
        out,
        o.state === 'unknown' ? 'yellow' : 'bold',
        o.state + (o.writeback === 'pending' ? ' (writing to PO)' : ''),
      ),
      age(o.createdAt, now),
      o.requestedVia,
      o.tdsOrderNumbers.join(', ') || '—',
      o.testMode ? 'TEST MODE' : (o.lastError?.message ?? ''),
    ]);
  }
  out.write(table(rows));
  return 0;
}
