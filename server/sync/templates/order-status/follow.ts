/**
 * Follows one PO: asks TD SYNNEX for the status of each of its PO numbers (and the invoices once it says
 * invoiced), writes what changed onto the ConnectWise PO and lines, records the timeline, and notes new
 * shipments and invoices on the linked ticket. The tracking row is saved (conditionally on its version) before
 * the ticket note is written, so two runs never both write the note; a failed note is un-claimed and retried.
 */
import type { OrderTrackingRow, TrackedLine } from '../../../../db/schema/order-tracking.ts';
import type { CwSetupIds } from '../../../activation/cw-setup-ids.ts';
import type { CwClient } from '../../../connectors/cw/index.ts';
import type { TdsClient, TdsInvoice } from '../../../connectors/tds/types.ts';
import type { Deps } from '../../../deps.ts';
import { AppError } from '../../../errors.ts';
import { addEvents, type NewOrderEvent, saveTracking } from '../../../orders/tracking-repo.ts';
import type { ActivityLogger } from '../../engine/index.ts';
import {
  decideStatus,
  invoicesFrom,
  linesFrom,
  newInvoices,
  newShipments,
  shipmentKey,
  shipmentSentence,
} from './merge.ts';
import type { OrderStatusSettings } from './settings.ts';
import { addTicketNote, findTicketFor } from './ticket-note.ts';
import { matchLines, writeBack } from './write-back.ts';

export interface FollowInput {
  deps: Deps;
  cw: CwClient;
  tds: TdsClient;
  ids: CwSetupIds;
  settings: OrderStatusSettings;
  row: OrderTrackingRow;
  now: Date;
  log: ActivityLogger;
  /** Answer variants already logged in this step (each is logged once). */
  variantsSeen: Set<string>;
}

export interface FollowResult {
  changed: boolean;
  patched: number;
  notes: { ok: number; failed: number };
}

/** Prefix of `notified` keys whose ticket note failed and is owed. */
const NOTE_RETRY = 'note-retry:';

/** Same TD SYNNEX lines (the ConnectWise line ids are ours, not TD SYNNEX's news). */
function sameLines(a: TrackedLine[], b: TrackedLine[]): boolean {
  const plain = (lines: TrackedLine[]) => JSON.stringify(lines.map(({ cwLineId: _id, ...l }) => l));
  return plain(a) === plain(b);
}

const entityOf = (row: OrderTrackingRow) => ({ type: 'purchase_order', id: String(row.cwPoId) });

export async function followOrder(input: FollowInput): Promise<FollowResult> {
  const { deps, cw, tds, row, settings, log, now } = input;
  const at = now.toISOString();
  const key = { tenantId: row.tenantId, cwPoId: row.cwPoId };
  const answers = [];
  for (const tdsPoNumber of row.tdsPoNumbers) {
    const status = await tds.orderStatus(tdsPoNumber);
    noteVariants(input, status.variants, row);
    if (status.found) answers.push({ tdsPoNumber, status });
  }
  if (answers.length === 0) {
    if (row.tdsStatus !== 'not found') {
      log.warn({
        code: 'tds_order_not_found',
        message: `TD SYNNEX does not (yet) know PO ${row.tdsPoNumbers.join(', ')}; tds-bridge keeps asking. "Not found" does not prove the order was cancelled.`,
        entity: entityOf(row),
      });
    }
    await saveTracking(
      deps.db,
      { ...key, version: row.version },
      { tdsStatus: 'not found', lastCheckedAt: at, updatedAt: at },
    );
    return { changed: false, patched: 0, notes: { ok: 0, failed: 0 } };
  }

  const tracked = linesFrom(answers);
  let invoices = row.invoices;
  if (tracked.some((l) => l.code === 'invoiced' || l.code === 'closed')) {
    const read: TdsInvoice[] = [];
    for (const tdsPoNumber of row.tdsPoNumbers) read.push(...(await tds.invoices({ poNumber: tdsPoNumber })));
    for (const inv of read) noteVariants(input, inv.variants, row);
    if (read.length) invoices = invoicesFrom(read);
  }
  // Nothing new at TD SYNNEX since the last look (and no note owed): ConnectWise is neither read nor written.
  const owed = row.notified.some((k) => k.startsWith(NOTE_RETRY));
  if (
    row.cwStatus &&
    !owed &&
    sameLines(tracked, row.lines) &&
    JSON.stringify(invoices) === JSON.stringify(row.invoices)
  ) {
    await saveTracking(
      deps.db,
      { ...key, version: row.version },
      { tdsStatus: answers[0]?.status.status ?? null, lastCheckedAt: at, updatedAt: at },
    );
    return { changed: false, patched: 0, notes: { ok: 0, failed: 0 } };
  }

  const po = (await cw.get('procurement/purchaseorders', row.cwPoId)) as Record<string, unknown> & { id: number };
  const cwLines = (await cw.list('procurement/purchaseorders/{parentId}/lineitems', {
    parentId: row.cwPoId,
    pageSize: 1000,
  })) as Array<Record<string, unknown> & { id: number }>;
  const { lines, views } = matchLines(tracked, cwLines);
  const decision = decideStatus(lines, {
    current: row.cwStatus,
    closeWhenInvoiced: settings.closeWhenInvoiced,
    invoices,
  });
  const events: NewOrderEvent[] = [];
  const notified = new Set(row.notified);
  for (const code of decision.unknownCodes) {
    if (notified.has(`unknown:${code}`)) continue;
    notified.add(`unknown:${code}`);
    const message = `TD SYNNEX reported status "${code}", which tds-bridge does not know; the PO status was left as it is.`;
    log.warn({ code: 'tds_unknown_status_code', message, entity: entityOf(row), details: { code } });
    events.push({ ...key, kind: 'unknown_code', code, message, at });
  }
  const statusId = decision.target ? input.ids.poStatus(decision.target) : undefined;
  if (decision.target && statusId === undefined) {
    log.warn({
      code: 'po_status_missing',
      message: `The purchase-order status "${decision.target}" is not set up in ConnectWise; run activation (tds-bridge activate).`,
      entity: entityOf(row),
    });
  }
  const written = await writeBack({
    cw,
    po,
    cwLines,
    views,
    invoices,
    statusId,
    receive: settings.receiveShippedLines,
  });
  if (decision.target && statusId !== undefined) {
    const partial = decision.partialLines.length ? ` (${decision.partialLines.length} line(s) partly shipped)` : '';
    events.push({ ...key, kind: 'status', code: decision.target, message: `Status ${decision.target}${partial}.`, at });
  }
  const shipments = newShipments(lines, row.notified);
  for (const s of shipments) {
    notified.add(s.key);
    events.push({
      ...key,
      kind: 'shipment',
      code: s.line.orderNumber,
      message: shipmentSentence(s.line),
      upstreamAt: s.line.shipDate,
      details: {
        sku: s.line.sku,
        carrier: s.line.carrier,
        trackingNumbers: s.line.trackingNumbers,
        serialNumbers: s.line.serialNumbers,
      },
      at,
    });
  }
  const billed = newInvoices(invoices, row.notified);
  for (const inv of billed) {
    notified.add(`invoiced:${inv.invoiceNumber}`);
    events.push({
      ...key,
      kind: 'invoice',
      code: inv.invoiceNumber,
      message: `TD SYNNEX invoice ${inv.invoiceNumber} of ${inv.invoiceDate}: total ${inv.total ?? '?'}, freight ${inv.freight ?? 0}, tax ${inv.salesTax ?? 0}.`,
      upstreamAt: inv.invoiceDate,
      at,
    });
  }
  if (written.received.length) {
    events.push({
      ...key,
      kind: 'received',
      message: `Received ${written.received.length} fully shipped line(s) in ConnectWise.`,
      at,
    });
  }
  const ticketId = row.ticketId ?? (await findTicketFor(cw, String(po.poNumber ?? row.cwPoNumber)));
  // Notes that failed last time are tried again with this run's news (their timeline entries already exist).
  const retry = new Set(row.notified.filter((k) => k.startsWith(NOTE_RETRY)).map((k) => k.slice(NOTE_RETRY.length)));
  for (const k of retry) notified.delete(`${NOTE_RETRY}${k}`);
  const noteLines = [...shipments.map((s) => s.line), ...lines.filter((l) => retry.has(shipmentKey(l)))];
  const noteInvoices = [...billed, ...invoices.filter((i) => retry.has(`invoiced:${i.invoiceNumber}`))];
  const changed =
    written.patched.length > 0 || events.length > 0 || JSON.stringify(lines) !== JSON.stringify(row.lines);
  const saved = await saveTracking(
    deps.db,
    { ...key, version: row.version },
    {
      tdsStatus: answers[0]?.status.status ?? null,
      ...(decision.target && statusId !== undefined ? { cwStatus: decision.target } : {}),
      lines,
      invoices,
      notified: [...notified],
      ticketId: ticketId ?? null,
      done: decision.everyLineInvoiced && invoices.length > 0,
      ...(written.received.length ? { receivedAt: at } : {}),
      lastCheckedAt: at,
      ...(changed ? { lastChangedAt: at } : {}),
      updatedAt: at,
    },
  );
  if (!saved) return { changed: false, patched: written.patched.length, notes: { ok: 0, failed: 0 } };
  await addEvents(deps.db, events);
  if (written.patched.length) {
    log.info({
      code: 'po_updated',
      message: `PO ${row.cwPoNumber}: ${written.patched.length} field(s) updated from TD SYNNEX (${written.patched.slice(0, 6).join(', ')}${written.patched.length > 6 ? ', …' : ''}).`,
      entity: entityOf(row),
    });
  }
  const notes = await noteTicket({ input, saved, ticketId, shipments: noteLines, billed: noteInvoices });
  return { changed, patched: written.patched.length, notes };
}

function noteVariants(input: FollowInput, variants: string[], row: OrderTrackingRow): void {
  for (const v of variants) {
    if (input.variantsSeen.has(v)) continue;
    input.variantsSeen.add(v);
    input.log.info({
      code: 'tds_answer_variant',
      message: `TD SYNNEX answered with ${v} (first met on PO ${row.cwPoNumber}); tds-bridge reads every known variant.`,
      entity: entityOf(row),
      details: { variant: v },
    });
  }
}

async function noteTicket(args: {
  input: FollowInput;
  saved: OrderTrackingRow;
  ticketId: number | undefined;
  shipments: Array<Parameters<typeof shipmentSentence>[0]>;
  billed: Array<{ invoiceNumber: string; invoiceDate: string; total: number | null }>;
}): Promise<{ ok: number; failed: number }> {
  const { input, saved, ticketId, shipments, billed } = args;
  if (!input.settings.ticketNotes || !ticketId || (shipments.length === 0 && billed.length === 0))
    return { ok: 0, failed: 0 };
  const at = input.now.toISOString();
  const key = { tenantId: saved.tenantId, cwPoId: saved.cwPoId };
  const text = [
    `Purchase order ${saved.cwPoNumber} (TD SYNNEX):`,
    ...shipments.map(shipmentSentence),
    ...billed.map((i) => `TD SYNNEX invoiced it: invoice ${i.invoiceNumber} of ${i.invoiceDate}.`),
  ].join('\n');
  try {
    const noteId = await addTicketNote(input.cw, { ticketId, text, notifyContact: input.settings.notifyContact });
    await addEvents(input.deps.db, [
      {
        ...key,
        kind: 'ticket_note',
        ok: true,
        code: String(ticketId),
        message: `Note added to ticket #${ticketId}${input.settings.notifyContact ? ' (flagged for ConnectWise to notify the contact)' : ''}.`,
        details: { noteId, notifyContact: input.settings.notifyContact },
        at,
      },
    ]);
    return { ok: 1, failed: 0 };
  } catch (error) {
    const message = error instanceof AppError ? error.message : String(error);
    // Owed for the next run (the timeline already has these events; only the note is missing). Not done while
    // a note is owed, so the next run comes back for it.
    const retry = [
      ...shipments.map((l) => `${NOTE_RETRY}${shipmentKey(l)}`),
      ...billed.map((i) => `${NOTE_RETRY}invoiced:${i.invoiceNumber}`),
    ];
    await saveTracking(
      input.deps.db,
      { ...key, version: saved.version },
      { notified: [...new Set([...saved.notified, ...retry])], done: false },
    );
    await addEvents(input.deps.db, [
      {
        ...key,
        kind: 'ticket_note',
        ok: false,
        code: String(ticketId),
        message: `The note on ticket #${ticketId} failed: ${message}`,
        at,
      },
    ]);
    input.log.warn({
      code: 'ticket_note_failed',
      message: `Could not add the shipping note to ticket #${ticketId}: ${message} It will be tried again on the next run.`,
      entity: { type: 'ticket', id: String(ticketId) },
    });
    return { ok: 0, failed: 1 };
  }
}
