/**
 * Hash salts of the catalogue's independent random draws, and the products pinned to the SKUs the
 * reference documents use in its examples (so their requests get matching answers).
 */
import type { TdsCatalogProduct } from './tds-catalog-types.ts';
import { salt } from './tds-random.ts';

export const S = {
  maker: salt('maker'),
  pn: salt('pn'),
  name: salt('name'),
  price: salt('price'),
  status: salt('status'),
  upc: salt('upc'),
  weight: salt('weight'),
  created: salt('created'),
  avail: salt('avail'),
  pop: salt('pop'),
  period: salt('period'),
  stocked: salt('stocked'),
  qty: salt('qty'),
  onOrder: salt('onorder'),
  mod: salt('modified'),
  modAt: salt('modified-at'),
  drift: salt('price-drift'),
};

export interface Pinned {
  sku: string;
  category: string;
  offset: number;
  fields: Partial<TdsCatalogProduct> & { manufacturerKey: string };
}

/**
 * Real SKUs from the reference (the request example, the P&A sample and the price-file sample) are pinned to
 * products so the documented examples work verbatim against the simulator.
 */
export const PINNED: readonly Pinned[] = [
  {
    sku: '111578',
    category: '008112000',
    offset: 0,
    fields: {
      manufacturerKey: 'apc',
      mfgPN: 'NET7',
      description: 'APC NET7 NETWORK SURGEARREST, 7 OUTLET - BEIGE - LIMITED LIFETIME WARRANTY - CAB',
      unitCost: 19.99,
      msrp: 34,
      upc: '731304000204',
      weightLb: 1.95,
      status: 'Active',
    },
  },
  {
    sku: '1031808',
    category: '009088334',
    offset: 0,
    fields: {
      manufacturerKey: 'oki',
      mfgPN: '52107201',
      description: 'TONER-CART BLK OL400E/600E/810E/6E MP6',
      unitCost: 27.12,
      msrp: 39,
      status: 'Active',
    },
  },
  {
    sku: '6544282',
    category: '005038126',
    offset: 0,
    fields: { manufacturerKey: 'dell', unitCost: 389.99, msrp: 479.99, status: 'Active' },
  },
  { sku: '439866', category: '003080668', offset: 0, fields: { manufacturerKey: 'logitech', status: 'Active' } },
];
