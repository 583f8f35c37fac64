/**
 * Step 4: callbacks (`system/callbacks`) for purchase orders and opportunities, pointing at this server's
 * receiver. Self-suppressed, so tds-bridge's own writes (a price update, a status change) do not call it
 * back in a loop. A registration of ours at an old address (the server moved) is repointed, not duplicated.
 */
import type { CwClient, CwPatchOp } from '../connectors/cw/client.ts';
import { TDS_CALLBACK_TYPES } from './names.ts';
import { lower, type PlannedStep } from './step.ts';

export async function planCallbacks(cw: CwClient, url: string, tenantId: string): Promise<PlannedStep[]> {
  const entries = await cw.list('system/callbacks', { pageSize: 1000 });
  const ourPath = new URL(url).pathname;
  return TDS_CALLBACK_TYPES.map((type): PlannedStep => {
    const base = { id: `callback:${type}`, kind: 'callback' as const, key: type, name: `Callback for ${type} changes` };
    const ofType = entries.filter((e) => lower(e.type) === lower(type) && lower(e.level) === 'owner');
    const exact = ofType.find((e) => e.url === url);
    const moved = exact ? undefined : ofType.find((e) => safePath(e.url) === ourPath);
    const found = exact ?? moved;
    if (found) {
      const ops: CwPatchOp[] = [];
      if (!exact) ops.push({ op: 'replace', path: 'url', value: url });
      if (found.inactiveFlag) ops.push({ op: 'replace', path: 'inactiveFlag', value: false });
      if (ops.length === 0)
        return { ...base, action: 'exists', cwId: found.id, detail: `Callback #${found.id} → ${url}.` };
      const why = [
        !exact ? `now at ${found.url}` : '',
        found.inactiveFlag ? 'inactive (ConnectWise disables callbacks after 3 days of failures)' : '',
      ]
        .filter(Boolean)
        .join('; ');
      return {
        ...base,
        action: 'update',
        cwId: found.id,
        detail: `Callback #${found.id} (${why}) → ${url}.`,
        apply: async () => (await cw.patch('system/callbacks', found.id, ops)).id,
      };
    }
    return {
      ...base,
      action: 'create',
      detail: `Register ${url} for every ${type} change.`,
      apply: async () =>
        (
          await cw.create('system/callbacks', {
            description: `tds-bridge ${type} (${tenantId})`.slice(0, 100),
            url,
            objectId: 1,
            type,
            level: 'Owner',
            inactiveFlag: false,
            isSelfSuppressedFlag: true,
          })
        ).id,
    };
  });
}

function safePath(url: unknown): string | undefined {
  try {
    return new URL(String(url)).pathname;
  } catch {
    return undefined;
  }
}
