/** Step 1: the "TD SYNNEX" vendor company (a company with the Vendor type; ConnectWise has no vendor entity). */
import type { CwClient, CwPatchOp } from '../connectors/cw/client.ts';
import type { CwReference } from '../connectors/cw/schemas.ts';
import { TDS_VENDOR } from './names.ts';
import { lower, type PlannedStep } from './step.ts';

/** TD SYNNEX's head office, so the vendor record is complete enough for purchase orders. */
const HEAD_OFFICE = {
  addressLine1: '16202 Bay Vista Drive',
  city: 'Clearwater',
  state: 'FL',
  zip: '33760',
  website: 'www.tdsynnex.com',
};

export async function planVendor(cw: CwClient): Promise<PlannedStep[]> {
  const [companies, types] = await Promise.all([
    cw.list('company/companies', {
      conditions: `identifier="${TDS_VENDOR.identifier}" or name="${TDS_VENDOR.name}"`,
      pageSize: 25,
    }),
    cw.list('company/companies/types', { pageSize: 1000 }),
  ]);
  const vendorType =
    types.find((t) => (t as { vendorFlag?: unknown }).vendorFlag === true) ??
    types.find((t) => lower((t as { name?: unknown }).name) === 'vendor');
  const live = companies.filter((c) => !c.deletedFlag);
  const company =
    live.find((c) => lower(c.identifier) === lower(TDS_VENDOR.identifier)) ??
    live.find((c) => lower(c.name) === lower(TDS_VENDOR.name));
  const base = { id: `vendor:${TDS_VENDOR.identifier}`, kind: 'vendor' as const, key: TDS_VENDOR.identifier };
  const name = `Vendor company "${TDS_VENDOR.name}"`;

  if (company) {
    const hasVendorType = !vendorType || (company.types ?? []).some((t) => t.id === vendorType.id);
    if (hasVendorType) {
      return [
        {
          ...base,
          name,
          action: 'exists',
          cwId: company.id,
          detail: `Company #${company.id} (${company.identifier}).`,
        },
      ];
    }
    const types: Pick<CwReference, 'id'>[] = [
      ...(company.types ?? []).map((t) => ({ id: t.id })),
      { id: vendorType.id },
    ];
    const ops: CwPatchOp[] = [{ op: 'replace', path: 'types', value: types }];
    return [
      {
        ...base,
        name,
        action: 'update',
        cwId: company.id,
        detail: `Company #${company.id} (${company.identifier}) gets the Vendor type.`,
        apply: async () => (await cw.patch('company/companies', company.id, ops)).id,
      },
    ];
  }
  if (!vendorType) {
    return [
      {
        ...base,
        name,
        action: 'unavailable',
        detail:
          'ConnectWise has no company type with the Vendor flag. Add one (System > Setup Tables > Company Type, "Vendor" ticked), then activate again.',
      },
    ];
  }
  return [
    {
      ...base,
      name,
      action: 'create',
      detail: `Create company ${TDS_VENDOR.identifier} "${TDS_VENDOR.name}" with type ${String((vendorType as { name?: unknown }).name ?? 'Vendor')}.`,
      apply: async () => {
        const [us] = await cw.list('company/countries', { conditions: 'name="United States"', pageSize: 1 });
        const created = await cw.create('company/companies', {
          identifier: TDS_VENDOR.identifier,
          name: TDS_VENDOR.name,
          types: [{ id: vendorType.id }],
          ...HEAD_OFFICE,
          ...(us ? { country: { id: us.id } } : {}),
        });
        return created.id;
      },
    },
  ];
}
