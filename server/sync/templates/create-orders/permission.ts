/**
 * Who may send orders to TD SYNNEX: the tenant's Create Orders setting names ConnectWise security roles; a
 * member's role is read from ConnectWise. Used by the PO pod (before the button asks) and by validation (for a
 * status or field saved in ConnectWise, which has no pod).
 */
import type { CwClient } from '../../../connectors/cw/client.ts';
import type { CreateOrdersSettings } from './settings.ts';

export interface Permission {
  allowed: boolean;
  role: string | null;
  reason?: string;
}

export async function memberPermission(
  cw: CwClient,
  memberIdentifier: string,
  settings: CreateOrdersSettings,
): Promise<Permission> {
  const [member] = await cw.list('system/members', {
    conditions: `identifier="${memberIdentifier.replace(/"/g, '')}"`,
    fields: 'id,identifier,securityRole,inactiveFlag',
    pageSize: 1,
  });
  const role = (member as { securityRole?: { name?: string } } | undefined)?.securityRole?.name ?? null;
  if (settings.allowedRoles.length === 0) return { allowed: true, role };
  const allowed = !!role && settings.allowedRoles.some((r) => r.toLowerCase() === role.toLowerCase());
  return allowed
    ? { allowed, role }
    : {
        allowed,
        role,
        reason: `Your ConnectWise security role (${role ?? 'none'}) may not send orders to TD SYNNEX; allowed: ${settings.allowedRoles.join(', ')}.`,
      };
}
