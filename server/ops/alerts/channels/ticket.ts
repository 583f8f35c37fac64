/**
 * ConnectWise ticket channel: the alert opens a service ticket on the MSP's own board (through the tenant's
 * connection); escalation and recovery add notes to that ticket. It cannot report that ConnectWise itself is
 * down, which is why setup recommends a second channel (webhook or email).
 */
import * as z from 'zod';
import { isUpstreamError } from '../../../connectors/upstream-error.ts';
import { cwClientFor } from '../../../tenants/cw-clients.ts';
import { bodyOf, ChannelError, type ChannelMessage, type ChannelResult, subjectOf } from './channel.ts';

/** ConnectWise answers that retrying the same ticket cannot change. */
const PERMANENT = new Set(['cw_invalid_object', 'cw_bad_request', 'cw_not_found']);

export const TicketConfig = z.strictObject({
  /** Service board name, e.g. "Service Desk". */
  board: z.string().min(1).max(50),
  /** The MSP's own company identifier in ConnectWise (the Owner company), e.g. "DemoMSP". */
  company: z.string().min(1).max(30),
  /** Priority name; ConnectWise's default when left out. */
  priority: z.string().min(1).max(50).optional(),
});

export async function sendTicket(msg: ChannelMessage): Promise<ChannelResult> {
  const config = TicketConfig.parse(msg.config);
  const at = msg.deps.now().toISOString();
  try {
    const cw = await cwClientFor(msg.deps, msg.tenantId, { retry: false, timeoutMs: 15_000 });
    if (msg.event !== 'opened' && msg.openedRef) {
      const ticketId = Number(msg.openedRef);
      await cw.create(
        'service/tickets/{parentId}/notes',
        {
          text: bodyOf(msg.alert, msg.event, at),
          detailDescriptionFlag: true,
          resolutionFlag: msg.event === 'resolved',
        },
        { parentId: ticketId },
      );
      return { externalRef: String(ticketId) };
    }
    const ticket = await cw.create('service/tickets', {
      summary: subjectOf(msg.alert, msg.event).slice(0, 100),
      initialDescription: bodyOf(msg.alert, msg.event, at),
      board: { name: config.board },
      company: { identifier: config.company },
      ...(config.priority ? { priority: { name: config.priority } } : {}),
    });
    return { externalRef: String(ticket.id) };
  } catch (error) {
    if (isUpstreamError(error)) {
      // Refused keys get fixed (that may be what the alert is about): keep trying. A ticket ConnectWise calls
      // malformed (no such board or company) will never pass: give up and say why.
      const permanent = PERMANENT.has(error.code);
      throw new ChannelError(`ConnectWise did not take the ticket: ${error.message}`, !permanent);
    }
    throw new ChannelError(`The ConnectWise ticket could not be written: ${(error as Error).message}`, true);
  }
}
