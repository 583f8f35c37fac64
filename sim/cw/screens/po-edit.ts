/**
 * The editable part of the simulated purchase-order screen: the status and the "Send to TDS" checkbox, saved
 * the way a member's Save in ConnectWise saves them (the API write pipeline, so callbacks fire). Only these two
 * fields: they are what a buyer changes to hand a PO to tds-bridge; everything else is edited through the API.
 */
import type { Context } from 'hono';
import type { CwSimulator } from '../index.ts';

type Row = Record<string, unknown>;

export interface PoEditView {
  statuses: Array<{ id: number; name: string; selected: boolean }>;
  /** Present once activation created the "Send to TDS" custom field. */
  sendToTds?: { fieldId: number; checked: boolean };
  /** Outcome of the last save (from the redirect). */
  notice?: string;
}

const SEND_TO_TDS = 'send to tds';

function sendToTdsField(cw: CwSimulator, po: Row): { fieldId: number; checked: boolean } | undefined {
  const defs = cw
    .list('system/userDefinedFields')
    .filter((f) => String(f.screenId ?? '').toLowerCase() === 'purchaseorder' && !f.inactiveFlag);
  const def = defs.find((f) => String(f.caption ?? '').toLowerCase() === SEND_TO_TDS);
  if (!def) return undefined;
  const current = (Array.isArray(po.customFields) ? (po.customFields as Row[]) : []).find(
    (f) => Number(f.id) === Number(def.id),
  );
  return { fieldId: Number(def.id), checked: current?.value === true || current?.value === 'true' };
}

export function poEditView(cw: CwSimulator, po: Row, notice?: string): PoEditView {
  const statusId = Number((po.status as Row | undefined)?.id);
  const statuses = cw
    .list('procurement/purchaseorderstatuses')
    .filter((s) => !s.inactiveFlag || Number(s.id) === statusId)
    .map((s) => ({ id: Number(s.id), name: String(s.name), selected: Number(s.id) === statusId }));
  return { statuses, sendToTds: sendToTdsField(cw, po), notice };
}

/** Applies the form as the signed-in member; answers the redirect back to the screen with the outcome. */
export async function savePoEdit(c: Context, cw: CwSimulator, id: number): Promise<Response> {
  const member = c.req.query('member') ?? 'jsmith';
  const po = cw.get('procurement/purchaseorders', id);
  if (!po) return c.text(`ConnectWise (simulated) has no Purchase Order #${id}.`, 404);
  const form = await c.req.parseBody();
  const ops: Row[] = [];
  const statusId = Number(form.status);
  if (Number.isInteger(statusId) && statusId !== Number((po.status as Row | undefined)?.id)) {
    ops.push({ op: 'replace', path: 'status', value: { id: statusId } });
  }
  const field = sendToTdsField(cw, po);
  const ticked = form.sendToTds === 'on';
  if (field && ticked !== field.checked) {
    // ConnectWise replaces the whole array: keep every other field's value.
    const current = Array.isArray(po.customFields) ? (po.customFields as Row[]) : [];
    const others = current.filter((f) => Number(f.id) !== field.fieldId && f.value !== null && f.value !== undefined);
    const value = [...others.map((f) => ({ id: f.id, value: f.value })), { id: field.fieldId, value: ticked }];
    ops.push({ op: 'replace', path: 'customFields', value });
  }
  let notice = ops.length ? 'Saved' : 'Nothing changed';
  if (ops.length) {
    try {
      cw.patchAsMember('procurement/purchaseorders', id, ops, member);
    } catch (error) {
      notice = `Not saved: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const back = new URL(c.req.url);
  back.searchParams.set('notice', notice);
  return c.redirect(`${back.pathname}${back.search}`, 303);
}
