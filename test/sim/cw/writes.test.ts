import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSim, type TestSim } from './helpers.ts';

let t: TestSim;
beforeEach(async () => {
  t = await startSim();
});
afterEach(() => t.close());

type Row = Record<string, unknown> & { id: number };
const patch = (path: string, ops: unknown) => t.call(path, { method: 'PATCH', json: ops });

async function firstPo(): Promise<Row> {
  return (await t.json<Row[]>('procurement/purchaseorders?conditions=status/name%3D%22New%22&pageSize=1'))[0]!;
}

describe('creating', () => {
  it('answers POST with 201, the full record, an id and _info stamped by the API member', async () => {
    const res = await t.call('procurement/purchaseorderstatuses', {
      method: 'POST',
      json: { name: 'Send to TDS', sortOrder: 5 },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Row;
    expect(body).toMatchObject({ id: expect.any(Number), name: 'Send to TDS', closedFlag: false });
    expect(body._info).toMatchObject({
      enteredBy: 'tds-api',
      updatedBy: 'tds-api',
      dateEntered: expect.stringMatching(/Z$/),
    });
    expect((await t.call(`procurement/purchaseorderstatuses/${body.id}`)).status).toBe(200);
  });
  it('resolves references given by identifier or name to {id, identifier, name, _info}', async () => {
    const res = await t.call('company/companies', {
      method: 'POST',
      json: {
        identifier: 'TDSYNNEX',
        name: 'TD SYNNEX',
        types: [{ name: 'Vendor' }],
        isVendorFlag: true,
        status: { name: 'Active' },
      },
    });
    expect(res.status).toBe(201);
    const vendor = (await res.json()) as Row;
    expect(vendor.types).toEqual([
      { id: expect.any(Number), name: 'Vendor', _info: { type_href: expect.any(String) } },
    ]);
    const item = await t.call('procurement/catalog', {
      method: 'POST',
      json: {
        identifier: 'X-1',
        description: 'Thing',
        customerDescription: 'Thing',
        subcategory: { name: 'Labor' },
        type: { name: 'Hardware' },
        vendor: { identifier: 'TDSYNNEX' },
        vendorSku: '7426310',
      },
    });
    expect(item.status).toBe(201);
    expect(((await item.json()) as Row).vendor).toMatchObject({
      id: vendor.id,
      identifier: 'TDSYNNEX',
      name: 'TD SYNNEX',
    });
  });
  it('refuses invalid objects with InvalidObject and one error per field', async () => {
    const res = await t.call('procurement/catalog', {
      method: 'POST',
      json: {
        identifier: 'X'.repeat(76),
        description: 'D'.repeat(61),
        productClass: 'Gadget',
        subcategory: { id: 999999 },
      },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string; errors: Row[] };
    expect(body.code).toBe('InvalidObject');
    expect(body.message).toBe('catalogItem object is invalid');
    const byField = Object.fromEntries(body.errors.map((e) => [e.field, e]));
    expect(byField.identifier).toMatchObject({
      code: 'InvalidField',
      resource: 'catalogItem',
      message: expect.stringMatching(/maximum length of 75/),
    });
    expect(byField.description!.message).toMatch(/maximum length of 60/);
    expect(byField.productClass!.message).toMatch(/must be one of/);
    expect(byField.subcategory).toMatchObject({ code: 'NotFound' });
    expect(byField.type).toMatchObject({ code: 'MissingRequiredField', message: 'type is required.' });
    expect(byField.customerDescription).toMatchObject({ code: 'MissingRequiredField' });
  });
  it('refuses a duplicate catalog identifier with ObjectExists', async () => {
    const existing = (await t.json<Row[]>('procurement/catalog?pageSize=1'))[0]!;
    const res = await t.call('procurement/catalog', {
      method: 'POST',
      json: {
        identifier: String(existing.identifier).toLowerCase(),
        description: 'x',
        customerDescription: 'x',
        subcategory: { id: 1 },
        type: { id: 1 },
      },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Row[] }).errors[0]).toMatchObject({
      code: 'ObjectExists',
      field: 'identifier',
    });
  });
});

describe('PATCH', () => {
  it('replaces a whole reference given by id and hydrates it', async () => {
    const po = await firstPo();
    const open = (await t.json<Row[]>('procurement/purchaseorderstatuses?conditions=name%3D%22Open%22'))[0]!;
    const res = await patch(`procurement/purchaseorders/${po.id}`, [
      { op: 'replace', path: 'status', value: { id: open.id } },
      { op: 'replace', path: 'vendorOrderNumber', value: 'SO-9912345' },
    ]);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Row;
    expect(body.status).toEqual({
      id: open.id,
      name: 'Open',
      _info: { status_href: expect.stringContaining(`/purchaseorderstatuses/${open.id}`) },
    });
    expect(body.vendorOrderNumber).toBe('SO-9912345');
    expect((body._info as Row).updatedBy).toBe('tds-api');
  });
  it('gives the documented false 200 for unknown or sub-object paths and leaves the record unchanged', async () => {
    const po = await firstPo();
    const res = await patch(`procurement/purchaseorders/${po.id}`, [
      { op: 'replace', path: 'VendorOrderNumber', value: 'wrong case' },
      { op: 'replace', path: 'vendorCompany/identifier', value: 'Someone' },
    ]);
    expect(res.status).toBe(200);
    const after = await t.json<Row>(`procurement/purchaseorders/${po.id}`);
    expect(after.vendorOrderNumber).toBeUndefined();
    expect(after.vendorCompany).toEqual(po.vendorCompany);
    expect(after._info).toEqual(po._info);
  });
  it('accepts ref/id sub-paths as a whole-reference replace and leading-slash paths', async () => {
    const po = await firstPo();
    const closed = (await t.json<Row[]>('procurement/purchaseorderstatuses?conditions=name%3D%22Closed%22'))[0]!;
    const body = (await (
      await patch(`procurement/purchaseorders/${po.id}`, [{ op: 'replace', path: '/status/id', value: closed.id }])
    ).json()) as Row;
    expect((body.status as Row).name).toBe('Closed');
    expect(body.closedFlag).toBe(true);
  });
  it('removes a field with op remove so it disappears from the response', async () => {
    const po = await firstPo();
    await patch(`procurement/purchaseorders/${po.id}`, [{ op: 'add', path: 'trackingNumber', value: '1Z999' }]);
    const body = (await (
      await patch(`procurement/purchaseorders/${po.id}`, [{ op: 'remove', path: 'trackingNumber' }])
    ).json()) as Row;
    expect('trackingNumber' in body).toBe(false);
  });
  it('replaces custom fields as a whole array: an entry left out is cleared', async () => {
    const udf = await t.call('system/userDefinedFields', {
      method: 'POST',
      json: {
        caption: 'Send to TDS',
        screenId: 'purchaseorder',
        sequenceNumber: 2,
        fieldTypeIdentifier: 'Checkbox',
        entryTypeIdentifier: 'EntryField',
      },
    });
    expect(udf.status).toBe(201);
    const sendToTds = (await udf.json()) as Row;
    const po = (
      await t.json<Row[]>(
        `procurement/purchaseorders?customFieldConditions=${encodeURIComponent('caption="Approved By" AND value != null')}&pageSize=1`,
      )
    )[0]!;
    expect(po.customFields).toContainEqual(
      expect.objectContaining({ id: sendToTds.id, caption: 'Send to TDS', type: 'Checkbox' }),
    );
    const res = await patch(`procurement/purchaseorders/${po.id}`, [
      { op: 'replace', path: 'customFields', value: [{ id: sendToTds.id, value: true }] },
    ]);
    const fields = ((await res.json()) as Row).customFields as Row[];
    expect(fields.find((f) => f.caption === 'Send to TDS')!.value).toBe(true);
    expect('value' in fields.find((f) => f.caption === 'Approved By')!).toBe(false);
    const bad = await patch(`procurement/purchaseorders/${po.id}`, [
      { op: 'replace', path: 'customFields', value: [{ id: sendToTds.id, value: 'yes' }] },
    ]);
    expect(bad.status).toBe(400);
  });
  it('shows "TDS Sync Price" on opportunities once it is defined', async () => {
    const before = (await t.json<Row[]>('sales/opportunities?pageSize=1'))[0]!;
    expect((before.customFields as Row[]).map((f) => f.caption)).toEqual(['Customer Reference']);
    await t.call('system/userDefinedFields', {
      method: 'POST',
      json: { caption: 'TDS Sync Price', podId: 5, sequenceNumber: 2, fieldTypeIdentifier: 'Checkbox' },
    });
    const after = await t.json<Row>(`sales/opportunities/${before.id}`);
    expect((after.customFields as Row[]).map((f) => f.caption)).toEqual(['Customer Reference', 'TDS Sync Price']);
  });
  it('refuses a body that is not a JSON-patch array', async () => {
    const po = await firstPo();
    expect((await patch(`procurement/purchaseorders/${po.id}`, { vendorOrderNumber: 'x' })).status).toBe(400);
  });
});

describe('PUT, DELETE and derived values', () => {
  it('PUT replaces the record: omitted fields are gone, required-on-update fields are enforced', async () => {
    const po = await firstPo();
    const { id, _info, ...rest } = po;
    const { internalNotes, locationId, ...withoutNotes } = rest as Row;
    const missing = await t.call(`procurement/purchaseorders/${id}`, { method: 'PUT', json: withoutNotes });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { errors: Row[] }).errors).toContainEqual(
      expect.objectContaining({ field: 'locationId', code: 'MissingRequiredField' }),
    );
    const res = await t.call(`procurement/purchaseorders/${id}`, {
      method: 'PUT',
      json: { ...withoutNotes, locationId, internalNotes: undefined },
    });
    expect(res.status).toBe(200);
    expect('internalNotes' in ((await res.json()) as Row)).toBe(false);
  });
  it('keeps PO totals in step with line items and pushes shipment info to lines on request', async () => {
    const po = await firstPo();
    const product = (await t.json<Row[]>('procurement/catalog?pageSize=1'))[0]!;
    const line = await t.call(`procurement/purchaseorders/${po.id}/lineitems`, {
      method: 'POST',
      json: {
        description: 'Extra',
        product: { id: product.id },
        unitOfMeasure: { name: 'Each' },
        quantity: 2,
        unitCost: 10.5,
      },
    });
    expect(line.status).toBe(201);
    const after = await t.json<Row>(`procurement/purchaseorders/${po.id}`);
    expect(after.total).toBeCloseTo(Number(po.total) + 21, 2);
    await patch(`procurement/purchaseorders/${po.id}`, [
      { op: 'replace', path: 'trackingNumber', value: '1Z999AA10123456784' },
      { op: 'replace', path: 'updateShipmentInfo', value: true },
    ]);
    const lines = await t.json<Row[]>(`procurement/purchaseorders/${po.id}/lineitems`);
    expect(lines.every((l) => l.trackingNumber === '1Z999AA10123456784')).toBe(true);
  });
  it('deletes with 204 and then answers 404 NotFound', async () => {
    const created = (await (
      await t.call('procurement/manufacturers', { method: 'POST', json: { name: 'Temp Maker' } })
    ).json()) as Row;
    expect((await t.call(`procurement/manufacturers/${created.id}`, { method: 'DELETE' })).status).toBe(204);
    const res = await t.call(`procurement/manufacturers/${created.id}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'NotFound' });
  });
  it('answers 404 for a child of a missing parent and 405 for writes to read-only lists', async () => {
    expect((await t.call('procurement/purchaseorders/1/lineitems')).status).toBe(404);
    expect((await t.call('system/connectWiseHostedScreens', { method: 'POST', json: { name: 'x' } })).status).toBe(405);
  });
});
