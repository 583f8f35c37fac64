/**
 * The note on the ticket a PO was raised for, when its order ships or is invoiced. ConnectWise ties them by
 * the ticket's PO number; the note goes in the discussion (detailDescriptionFlag) and, where the tenant enables
 * it, with `processNotifications` so ConnectWise's own notification rules can tell the ticket's contact.
 */
import type { CwClient } from '../../../connectors/cw/index.ts';

const TICKETS = 'service/tickets';

/** Quotes a value for a ConnectWise condition. */
const quoted = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export async function findTicketFor(cw: CwClient, poNumber: string): Promise<number | undefined> {
  if (!poNumber) return undefined;
  const tickets = await cw.list(TICKETS, {
    conditions: `poNumber=${quoted(poNumber)}`,
    fields: 'id',
    orderBy: 'id desc',
    pageSize: 1,
  });
  return tickets[0]?.id;
}

export async function addTicketNote(
  cw: CwClient,
  note: { ticketId: number; text: string; notifyContact: boolean },
): Promise<number> {
  const created = await cw.create(
    `${TICKETS}/{parentId}/notes`,
    {
      text: note.text.slice(0, 4000),
      detailDescriptionFlag: true,
      internalAnalysisFlag: false,
      resolutionFlag: false,
      processNotifications: note.notifyContact,
    },
    { parentId: note.ticketId },
  );
  return created.id;
}
