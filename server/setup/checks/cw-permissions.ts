/**
 * What the API member's security role allows, probed without changing anything: a read is a one-record
 * list; a write is a POST of an empty object, which ConnectWise refuses as InvalidObject (400) when the
 * role permits adding and as 403 when it does not. This relies on ConnectWise checking the security role
 * before validating the body — true of the simulator, assumed of real ConnectWise (docs/setup-api.md).
 * Should a POST ever succeed, the record is deleted at once and the permission counted as present.
 */
import type { CwClient } from '../../connectors/cw/client.ts';
import { isUpstreamError } from '../../connectors/upstream-error.ts';
import { cwClientFromConnection } from '../../tenants/cw-clients.ts';
import { type Check, check, timed } from './check.ts';
import type { CwCheckContext } from './cw-checks.ts';

interface Probe {
  path: string;
  write: boolean;
}

interface Permission {
  id: string;
  name: string;
  probes: Probe[];
  /** Where it is granted in ConnectWise's security-role screen, and at what level. */
  grant: string;
  neededBy: string;
}

const read = (path: string): Probe => ({ path, write: false });
const write = (path: string): Probe => ({ path, write: true });

export const PERMISSIONS: Permission[] = [
  {
    id: 'cw_perm_catalog_read',
    name: 'Read the product catalog',
    probes: [read('procurement/catalog')],
    grant: 'Procurement > Product Catalog: Inquire Level = All',
    neededBy: 'Product Sync, Price & Availability',
  },
  {
    id: 'cw_perm_catalog_write',
    name: 'Write the product catalog',
    probes: [write('procurement/catalog')],
    grant: 'Procurement > Product Catalog: Add Level and Edit Level = All',
    neededBy: 'Product Sync',
  },
  {
    id: 'cw_perm_opportunities',
    name: 'Read opportunities, update their products',
    probes: [read('sales/opportunities'), read('procurement/products'), write('procurement/products')],
    grant: 'Sales > Opportunity: Inquire Level = All, and Procurement > Products: Add Level and Edit Level = All',
    neededBy: 'Price & Availability',
  },
  {
    id: 'cw_perm_po_read',
    name: 'Read purchase orders',
    probes: [read('procurement/purchaseorders')],
    grant: 'Procurement > Purchasing: Inquire Level = All',
    neededBy: 'Create Orders, Get Order Status',
  },
  {
    id: 'cw_perm_po_write',
    name: 'Update purchase orders',
    probes: [write('procurement/purchaseorders')],
    grant: 'Procurement > Purchasing: Add Level and Edit Level = All',
    neededBy: 'Create Orders, Get Order Status',
  },
  {
    id: 'cw_perm_vendor',
    name: 'Create the TD SYNNEX vendor company',
    probes: [read('company/companies'), write('company/companies')],
    grant: 'Companies > Company Maintenance: Inquire Level and Add Level = All',
    neededBy: 'Activation',
  },
  {
    id: 'cw_perm_callbacks',
    name: 'Register callbacks',
    probes: [read('system/callbacks'), write('system/callbacks')],
    grant: 'System > Callbacks: Inquire Level, Add Level and Edit Level = All',
    neededBy: 'Activation ("Webhook creation failed"), Price & Availability, Create Orders',
  },
  {
    id: 'cw_perm_custom_fields',
    name: 'Create custom fields and PO statuses',
    probes: [
      read('system/userDefinedFields'),
      write('system/userDefinedFields'),
      write('procurement/purchaseorderstatuses'),
    ],
    grant: 'System > Table Setup: Inquire Level, Add Level and Edit Level = All',
    neededBy: 'Activation ("Failed to create custom fields")',
  },
  {
    id: 'cw_perm_hosted_setups',
    name: 'Register the pods (Hosted API)',
    probes: [read('system/connectwisehostedsetups'), write('system/connectwisehostedsetups')],
    grant: 'System > Table Setup (Manage Hosted API): Inquire Level, Add Level and Edit Level = All',
    neededBy: 'Activation (pods on opportunities, purchase orders and tickets)',
  },
];

type Outcome = { permitted: true } | { permitted: false; said: string } | { permitted: 'unknown'; said: string };

async function probe(cw: CwClient, p: Probe): Promise<Outcome> {
  try {
    if (!p.write) {
      await cw.list(p.path, { pageSize: 1, fields: 'id' });
      return { permitted: true };
    }
    const created = await cw.create(p.path, {});
    // ConnectWise accepted an empty record: permitted, and not left behind.
    await cw.delete(p.path, created.id).catch(() => undefined);
    return { permitted: true };
  } catch (error) {
    if (!isUpstreamError(error)) return { permitted: 'unknown', said: String(error) };
    if (p.write && (error.code === 'cw_invalid_object' || error.code === 'cw_bad_request')) return { permitted: true };
    const said = upstreamMessage(error.details) ?? error.message;
    if (error.code === 'cw_forbidden') return { permitted: false, said };
    return { permitted: 'unknown', said: `${error.code}: ${said}` };
  }
}

function upstreamMessage(details: unknown): string | undefined {
  const upstream = (details as { upstream?: { message?: unknown } } | undefined)?.upstream;
  return typeof upstream?.message === 'string' ? upstream.message : undefined;
}

export async function permissionChecks(
  ctx: CwCheckContext & { memberId?: number; memberIdentifier?: string | null },
): Promise<Check[]> {
  const { conn, deps, tenantId, timeoutMs } = ctx;
  const cw = cwClientFromConnection(deps, tenantId, conn, { retry: false, timeoutMs });
  const role = await roleName(cw, ctx.memberId);
  const member = ctx.memberIdentifier ?? 'the API member';
  const whose = role
    ? `security role "${role}" (of API member ${member})`
    : `the security role of API member ${member}`;
  return Promise.all(
    PERMISSIONS.map(async (perm) => {
      const { value: outcomes = [], ms } = await timed(() => Promise.all(perm.probes.map((p) => probe(cw, p))));
      const missing = outcomes.flatMap((o, i) =>
        o.permitted === false ? [{ probe: perm.probes[i]!, said: o.said }] : [],
      );
      const unknown = outcomes.flatMap((o, i) =>
        o.permitted === 'unknown' ? [{ probe: perm.probes[i]!, said: o.said }] : [],
      );
      const fix = `In ConnectWise open System > Security Roles > ${role ? `"${role}"` : "the API member's role"} and set ${perm.grant}. Needed by: ${perm.neededBy}.`;
      if (missing.length) {
        const what = missing.map((m) => `${m.probe.write ? 'write' : 'read'} ${m.probe.path}`).join(', ');
        return check(
          'cw',
          perm.id,
          perm.name,
          'fail',
          `Refused by ${whose}: ${what} ("${missing[0]!.said}").`,
          fix,
          ms,
        );
      }
      if (unknown.length) {
        const what = unknown.map((u) => `${u.probe.path}: ${u.said}`).join('; ');
        return check(
          'cw',
          perm.id,
          perm.name,
          'warn',
          `Could not be confirmed: ${what}.`,
          `Run the test again; if it persists, check ${perm.grant}.`,
          ms,
        );
      }
      return check('cw', perm.id, perm.name, 'pass', `Allowed by ${whose}.`, null, ms);
    }),
  );
}

async function roleName(cw: CwClient, memberId: number | undefined): Promise<string | undefined> {
  if (memberId === undefined) return undefined;
  try {
    const member = await cw.get('system/members', memberId, { fields: 'id,securityRole' });
    return member.securityRole?.name ?? undefined;
  } catch {
    return undefined;
  }
}
