import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncActivity } from '../../../db/schema/activity.ts';
import { auditLog } from '../../../db/schema/audit.ts';
import { cwSetupIds, requireCwSetupId } from '../../../server/activation/cw-setup-ids.ts';
import { TDS_CUSTOM_FIELDS, TDS_PO_STATUS, TDS_VENDOR } from '../../../server/activation/names.ts';
import { DEMO, type Json, type SetupHarness, setupHarness, simCwConnection } from '../setup/harness.ts';

const STATUS_NAMES = Object.values(TDS_PO_STATUS);

describe('activation against the ConnectWise simulator', () => {
  let h: SetupHarness;
  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(() => h.close());

  const plan = async () => (await h.admin('GET', `/api/admin/tenants/${DEMO}/activation/plan`)).body as Json;
  const apply = async () => {
    const res = await h.admin('POST', `/api/admin/tenants/${DEMO}/activation/apply`);
    expect(res.status).toBe(200);
    return res.body as Json;
  };
  const step = (body: Json, id: string) => body.steps.find((s: Json) => s.id === id);
  const callbackUrl = () => `${h.url}/api/callbacks/cw/${DEMO}`;

  it('refuses to use ids before activation has found them', async () => {
    await expect(requireCwSetupId(h.server.db, DEMO, 'vendor', TDS_VENDOR.identifier)).rejects.toMatchObject({
      code: 'not_activated',
      status: 409,
    });
  });

  it('previews what exists and what will be created, changing nothing', async () => {
    const p = await plan();
    expect(p.upToDate).toBe(false);
    expect(p.callbackUrl).toBe(callbackUrl());
    expect(step(p, 'vendor:TDSYNNEX').action).toBe('create');
    for (const name of STATUS_NAMES) expect(step(p, `po_status:${name}`).action).toBe('create');
    expect(step(p, 'custom_field:purchaseorder/Send to TDS').action).toBe('create');
    expect(step(p, 'custom_field:opportunity/TDS Sync Price').detail).toContain('Get TDS Price / TDS Price Updated');
    expect(step(p, 'callback:PurchaseOrder').action).toBe('create');
    expect(step(p, 'callback:Opportunity').action).toBe('create');
    // The demo tenant's pods were registered at start-up.
    expect(step(p, 'hosted_setup:opportunity').action).toBe('exists');
    expect(p.counts).toEqual({ create: 14, update: 0, exists: 5, unavailable: 0, blocked: 0 });
    // The CLI posts the plan: same answer.
    const posted = await h.admin('POST', `/api/admin/tenants/${DEMO}/activation/plan`);
    expect(posted.body.counts).toEqual(p.counts);
    expect((await h.cw('GET', 'procurement/purchaseorderstatuses?pageSize=100')).body.map((s: Json) => s.name)).toEqual(
      ['New', 'Open', 'Closed', 'Cancelled'],
    );
  });

  it('creates everything, records each step, keeps the ids, and a second apply changes nothing', async () => {
    const first = await apply();
    expect(first.ok).toBe(true);
    expect(first.changed).toBe(14);
    expect(first.steps.filter((s: Json) => s.status === 'applied')).toHaveLength(14);
    expect(first.steps.filter((s: Json) => s.status === 'unchanged')).toHaveLength(5);

    const second = await apply();
    expect(second.ok).toBe(true);
    expect(second.changed).toBe(0);
    expect(second.summary).toContain('Nothing to do');
    expect(second.steps.every((s: Json) => s.status === 'unchanged')).toBe(true);
    expect((await plan()).upToDate).toBe(true);

    // Exactly one of each in ConnectWise.
    const vendors = (await h.cw('GET', 'company/companies?conditions=identifier%3D%22TDSYNNEX%22')).body;
    expect(vendors).toHaveLength(1);
    expect(vendors[0]).toMatchObject({ name: 'TD SYNNEX', city: 'Clearwater' });
    expect(vendors[0].types.map((t: Json) => t.name)).toEqual(['Vendor']);
    const statuses = (await h.cw('GET', 'procurement/purchaseorderstatuses?pageSize=100')).body as Json[];
    for (const name of STATUS_NAMES)
      expect(
        statuses.filter((s) => s.name === name),
        name,
      ).toHaveLength(1);
    expect(statuses.find((s) => s.name === 'TDS Closed').closedFlag).toBe(true);
    expect(statuses.find((s) => s.name === 'TDS Shipped').closedFlag).toBe(false);
    const fields = (await h.cw('GET', 'system/userDefinedFields?pageSize=100')).body as Json[];
    for (const f of Object.values(TDS_CUSTOM_FIELDS)) {
      expect(
        fields.filter((x) => x.caption === f.caption && x.screenId === f.screen),
        f.caption,
      ).toHaveLength(1);
    }
    const syncPrice = fields.find((x) => x.caption === 'TDS Sync Price');
    expect(syncPrice.entryTypeIdentifier).toBe('List');
    expect(syncPrice.options.map((o: Json) => o.optionValue)).toEqual(['Get TDS Price', 'TDS Price Updated']);
    expect(fields.find((x) => x.caption === 'Send to TDS').fieldTypeIdentifier).toBe('Checkbox');
    const callbacks = (await h.cw('GET', 'system/callbacks?pageSize=100')).body as Json[];
    expect(callbacks.map((c) => [c.type, c.url, c.level, c.isSelfSuppressedFlag]).sort()).toEqual([
      ['Opportunity', callbackUrl(), 'Owner', true],
      ['PurchaseOrder', callbackUrl(), 'Owner', true],
    ]);
    const pods = (await h.cw('GET', 'system/connectwisehostedsetups?pageSize=100')).body as Json[];
    // A pod per screen, and tabs on the opportunity and purchase-order screens.
    expect(pods.map((p: Json) => p.type).sort()).toEqual(['Pod', 'Pod', 'Pod', 'Tab', 'Tab']);

    // Ids for the templates.
    const ids = await cwSetupIds(h.server.db, DEMO);
    expect(ids.vendorId).toBe(vendors[0].id);
    expect(ids.poStatus('TDS Shipped')).toBe(statuses.find((s) => s.name === 'TDS Shipped').id);
    expect(ids.poStatus('tds closed')).toBe(statuses.find((s) => s.name === 'TDS Closed').id);
    expect(ids.customField(TDS_CUSTOM_FIELDS.sendToTds)).toBe(fields.find((x) => x.caption === 'Send to TDS').id);
    expect(ids.callback('PurchaseOrder')).toBe(callbacks.find((c) => c.type === 'PurchaseOrder').id);
    expect(await requireCwSetupId(h.server.db, DEMO, 'vendor', TDS_VENDOR.identifier)).toBe(vendors[0].id);

    // Audit: one row per change, plus one per apply.
    const rows = await h.server.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, DEMO), like(auditLog.action, 'activation.%')));
    expect(rows.filter((r) => r.action === 'activation.create')).toHaveLength(14);
    expect(rows.filter((r) => r.action === 'activation.apply')).toHaveLength(2);
    expect(rows.find((r) => r.target === 'po_status:TDS Closed')?.details).toMatchObject({
      kind: 'po_status',
      cwId: ids.poStatus('TDS Closed'),
    });
    // Progress in the Sync Activity Log, under the "activation" template id.
    const activity = await h.server.db.select().from(syncActivity).where(eq(syncActivity.templateId, 'activation'));
    expect(activity.filter((a) => a.code === 'activation_created')).toHaveLength(14);
    expect(activity.filter((a) => a.code === 'activation_applied')).toHaveLength(2);
  });

  it('repairs what was changed in ConnectWise since: a reopened closed status, a disabled callback, a moved server', async () => {
    const ids = await cwSetupIds(h.server.db, DEMO);
    await h.cw('PATCH', `procurement/purchaseorderstatuses/${ids.poStatus('TDS Closed')}`, {
      body: [{ op: 'replace', path: 'closedFlag', value: false }],
    });
    await h.cw('PATCH', `system/callbacks/${ids.callback('Opportunity')}`, {
      body: [{ op: 'replace', path: 'inactiveFlag', value: true }],
    });
    await h.cw('PATCH', `system/callbacks/${ids.callback('PurchaseOrder')}`, {
      body: [{ op: 'replace', path: 'url', value: `https://old.example.com/api/callbacks/cw/${DEMO}` }],
    });
    const p = await plan();
    expect(p.steps.filter((s: Json) => s.action === 'update').map((s: Json) => s.id)).toEqual([
      'po_status:TDS Closed',
      'callback:PurchaseOrder',
      'callback:Opportunity',
    ]);
    expect(step(p, 'callback:PurchaseOrder').detail).toContain('now at https://old.example.com');
    const applied = await apply();
    expect(applied.changed).toBe(3);
    const callbacks = (await h.cw('GET', 'system/callbacks?pageSize=100')).body as Json[];
    expect(callbacks).toHaveLength(2);
    expect(callbacks.every((c) => c.url === callbackUrl() && c.inactiveFlag === false)).toBe(true);
    expect((await h.cw('GET', `procurement/purchaseorderstatuses/${ids.poStatus('TDS Closed')}`)).body.closedFlag).toBe(
      true,
    );
    expect((await plan()).upToDate).toBe(true);
  });
});

describe('activation with a restricted API member', () => {
  let h: SetupHarness;
  beforeAll(async () => {
    h = await setupHarness();
    await h.admin(
      'PUT',
      `/api/admin/tenants/${DEMO}/connections/cw`,
      simCwConnection(h, ['restricted-public-key', 'restricted-private-key']),
    );
  });
  afterAll(() => h.close());

  it('plans what it can read and marks the rest blocked', async () => {
    const p = (await h.admin('GET', `/api/admin/tenants/${DEMO}/activation/plan`)).body as Json;
    const blocked = p.steps.filter((s: Json) => s.action === 'blocked');
    expect(blocked.map((s: Json) => s.id)).toEqual(['callback:*']);
    expect(blocked[0].detail).toContain('System / Callbacks');
    expect(p.upToDate).toBe(false);
    expect(p.steps.find((s: Json) => s.id === 'po_status:TDS Shipped').action).toBe('create');
  });

  it('applies what it may, names each failed step with its fix, and finishes on a later run', async () => {
    const res = await h.admin('POST', `/api/admin/tenants/${DEMO}/activation/apply`);
    expect(res.status).toBe(200);
    const body = res.body as Json;
    expect(body.ok).toBe(false);
    const byId = Object.fromEntries(body.steps.map((s: Json) => [s.id, s]));
    expect(byId['vendor:TDSYNNEX'].status).toBe('applied');
    expect(byId['po_status:Send to TDS']).toMatchObject({ status: 'failed', error: { code: 'cw_forbidden' } });
    expect(byId['po_status:Send to TDS'].fix).toContain('System > Table Setup');
    expect(byId['custom_field:purchaseorder/Send to TDS'].fix).toContain('Failed to create custom fields');
    expect(byId['callback:*']).toMatchObject({ status: 'failed', error: { code: 'cw_forbidden' } });
    expect(byId['callback:*'].fix).toContain('System > Callbacks');
    expect(body.summary).toContain('failed');
    const errors = await h.server.db.select().from(syncActivity).where(eq(syncActivity.code, 'activation_step_failed'));
    expect(errors.length).toBe(body.steps.filter((s: Json) => s.status === 'failed').length);
    expect(errors[0]?.level).toBe('error');

    // Full keys: the rest is created, the vendor is found, not duplicated.
    await h.admin('PUT', `/api/admin/tenants/${DEMO}/connections/cw`, simCwConnection(h));
    const second = (await h.admin('POST', `/api/admin/tenants/${DEMO}/activation/apply`)).body as Json;
    expect(second.ok).toBe(true);
    expect(second.steps.find((s: Json) => s.id === 'vendor:TDSYNNEX').status).toBe('unchanged');
    expect(second.changed).toBe(13);
    expect((await h.cw('GET', 'company/companies?conditions=name%3D%22TD%20SYNNEX%22')).body).toHaveLength(1);
  });

  it('answers with the ConnectWise error when it cannot even read', async () => {
    await h.admin(
      'PUT',
      `/api/admin/tenants/${DEMO}/connections/cw`,
      simCwConnection(h, ['demo-public-key', 'revoked']),
    );
    const res = await h.admin('GET', `/api/admin/tenants/${DEMO}/activation/plan`);
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe('cw_unauthorized');
    await h.admin('PUT', `/api/admin/tenants/${DEMO}/connections/cw`, simCwConnection(h));
  });
});
