/**
 * The MSP's product catalog. Most items are TD SYNNEX products (from `tds-catalog.ts`, same seed, so part
 * numbers line up) recorded the way an MSP would have them before Product Sync: identifier = manufacturer
 * part number, costs a little stale, vendor another distributor or none, no vendorSku. Some are discontinued
 * at TD SYNNEX; some are not TD SYNNEX products at all (labour, managed services, another distributor's SKUs).
 */

import type { People } from './cw-seed-people.ts';
import type { SetupRefs } from './cw-seed-setup.ts';
import { type CwSeedTarget, companyRef, type Dice, info, nameRef, type Rec, round2 } from './cw-seed-util.ts';
import { type TdsCatalogProduct, tdsCatalogSize, tdsIndexesInCategory, tdsProduct } from './tds-catalog.ts';
import { tdsCategoryName } from './tds-categories.ts';

export interface CatalogRefs {
  tds: Rec[];
  discontinued: Rec[];
  services: Rec[];
  otherDistributor: Rec[];
  /** TD SYNNEX SKU of each TD SYNNEX catalog item, by ConnectWise catalog id (for PO lines' vendor SKU). */
  tdsSkuById: Map<number, string>;
}

/** Categories MSPs buy most; each contributes a few items so demos show laptops, monitors and switches. */
const POPULAR = ['002057', '002026', '005', '006', '001019', '012', '008'];

const SERVICES: ReadonlyArray<[string, string, number, 'hour' | 'month' | 'each']> = [
  ['LABOR-ONSITE', 'Onsite Labor - Hourly', 165, 'hour'],
  ['LABOR-REMOTE', 'Remote Support - Hourly', 135, 'hour'],
  ['LABOR-PROJECT', 'Project Engineering - Hourly', 185, 'hour'],
  ['MS-DEVICE', 'Managed Services - Per Device', 45, 'month'],
  ['MS-USER', 'Managed Services - Per User', 95, 'month'],
  ['M365-BP', 'Microsoft 365 Business Premium (monthly)', 22, 'month'],
  ['SETUP-FEE', 'Workstation Setup and Imaging', 125, 'each'],
];
const OTHER_DISTRIBUTOR: ReadonlyArray<[string, string, number]> = [
  ['NW-CAT6-25-BL', 'Northwind CAT6 Patch Cable 25ft Blue', 6.4],
  ['NW-RACK-12U', 'Northwind 12U Wall Mount Rack', 189],
  ['NW-UPS-1500', 'Northwind Line-Interactive UPS 1500VA', 229],
  ['NW-KVM-4P', 'Northwind 4-Port USB KVM Switch', 74],
];

export function pickTdsIndexes(d: Dice, count: number, seed: number): number[] {
  const size = tdsCatalogSize(seed);
  const chosen = new Set<number>();
  for (const prefix of POPULAR) {
    const iterator = tdsIndexesInCategory(prefix, seed);
    for (let k = 0; k < Math.max(2, Math.floor(count / 40)); k++) {
      const next = iterator.next();
      if (next.done) break;
      // Skip ahead inside the category so items differ in brand and model.
      for (let skip = d.int(0, 40); skip > 0; skip--) if (iterator.next().done) break;
      chosen.add(next.value);
    }
  }
  while (chosen.size < count) chosen.add(d.int(0, size - 1));
  return [...chosen].slice(0, count);
}

/** A few TD SYNNEX discontinued products, found deterministically by scanning from a seeded start. */
function discontinuedIndexes(d: Dice, count: number, seed: number): number[] {
  const size = tdsCatalogSize(seed);
  const found: number[] = [];
  for (
    let i = d.int(0, size - 1), scanned = 0;
    found.length < count && scanned < size;
    i = (i + 7919) % size, scanned++
  ) {
    if (tdsProduct(i, seed).status === 'Discontinued') found.push(i);
  }
  return found;
}

export function seedCatalog(
  t: CwSeedTarget,
  d: Dice,
  setup: SetupRefs,
  people: People,
  now: number,
  opts: { count: number; seed: number },
): CatalogRefs {
  const manufacturers = new Map<string, Rec>();
  const categories = new Map<string, Rec>();
  const subcategories = new Map<string, Rec>();
  const stamp = info(now, 800, 'Admin');
  const category = (name: string) => {
    let rec = categories.get(name);
    if (!rec) {
      rec = t.insert('procurement/categories', { name, inactiveFlag: false, _info: stamp });
      categories.set(name, rec);
    }
    return rec;
  };
  const subcategory = (name: string, parent: Rec) => {
    const key = `${String(parent.name)}/${name}`;
    let rec = subcategories.get(key);
    if (!rec) {
      rec = t.insert('procurement/subcategories', {
        name: name.slice(0, 50),
        category: nameRef(parent),
        inactiveFlag: false,
        _info: stamp,
      });
      subcategories.set(key, rec);
    }
    return rec;
  };
  const manufacturer = (name: string) => {
    let rec = manufacturers.get(name);
    if (!rec) {
      rec = t.insert('procurement/manufacturers', { name, inactiveFlag: false, _info: stamp });
      manufacturers.set(name, rec);
    }
    return rec;
  };

  const fromTds = (p: TdsCatalogProduct, index: number): Rec => {
    const level1 = p.categoryCode.slice(0, 3);
    const software = level1 === '011';
    const cat = category(software ? 'Software' : level1 === '001' ? 'Accessories' : 'Hardware');
    const sub = subcategory(tdsCategoryName(p.categoryCode.slice(0, 6)) ?? 'General', cat);
    const staleCost = round2(p.unitCost * (1 + d.int(-4, 6) / 100));
    const rec: Rec = {
      identifier: p.mfgPN,
      description: p.description.slice(0, 60),
      inactiveFlag: false,
      subcategory: nameRef(sub),
      type: nameRef(software ? setup.productTypes.software : setup.productTypes.hardware),
      productClass: software ? 'NonInventory' : d.chance(0.6) ? 'Inventory' : 'NonInventory',
      serializedFlag: p.serialized,
      serializedCostFlag: false,
      phaseProductFlag: false,
      unitOfMeasure: nameRef(setup.uom.each),
      minStockLevel: 0,
      price: round2(p.msrp * (d.chance(0.5) ? 1 : 0.95)),
      cost: staleCost,
      taxableFlag: !software,
      dropShipFlag: d.chance(0.4),
      specialOrderFlag: false,
      customerDescription: p.description,
      manufacturer: nameRef(manufacturer(p.manufacturer)),
      manufacturerPartNumber: p.mfgPN.slice(0, 50),
      category: nameRef(cat),
      calculatedPriceFlag: false,
      calculatedCostFlag: false,
      billableOption: 'Billable',
      recurringFlag: false,
      markupFlag: false,
      customFields: [],
      _info: info(now, 400 - (index % 300), index % 2 ? 'mbrown' : 'jsmith'),
    };
    if (d.chance(0.35)) rec.vendor = companyRef(people.vendors.northwind);
    // A few items carry an internal identifier instead of the part number: only the MPN finds them.
    if (index % 23 === 5) rec.identifier = `STD-${String(1000 + index)}`;
    return rec;
  };

  const discontinuedCount = Math.min(6, Math.max(1, Math.floor(opts.count / 50)));
  const tdsCount = Math.max(0, opts.count - SERVICES.length - OTHER_DISTRIBUTOR.length - discontinuedCount);
  const tdsIndexes = pickTdsIndexes(d, tdsCount, opts.seed);
  const discontinuedIdx = discontinuedIndexes(d, discontinuedCount, opts.seed);
  const seen = new Set<string>();
  const tds: Rec[] = [];
  const discontinued: Rec[] = [];
  const tdsSkuById = new Map<number, string>();
  for (const [position, index] of [...tdsIndexes, ...discontinuedIdx].entries()) {
    const product = tdsProduct(index, opts.seed);
    if (seen.has(product.mfgPN.toLowerCase())) continue;
    seen.add(product.mfgPN.toLowerCase());
    const rec = t.insert('procurement/catalog', fromTds(product, position));
    tdsSkuById.set(Number(rec.id), product.sku);
    (product.status === 'Discontinued' ? discontinued : tds).push(rec);
  }

  const servicesCat = category('Services');
  const services = SERVICES.map(([identifier, description, price, unit]) =>
    t.insert('procurement/catalog', {
      identifier,
      description,
      inactiveFlag: false,
      subcategory: nameRef(subcategory(unit === 'month' ? 'Managed Services' : 'Labor', servicesCat)),
      type: nameRef(setup.productTypes.service),
      productClass: 'Service',
      serializedFlag: false,
      serializedCostFlag: false,
      phaseProductFlag: false,
      unitOfMeasure: nameRef(setup.uom[unit]),
      minStockLevel: 0,
      price,
      cost: round2(price * 0.45),
      taxableFlag: false,
      dropShipFlag: false,
      specialOrderFlag: false,
      customerDescription: description,
      category: nameRef(servicesCat),
      calculatedPriceFlag: false,
      calculatedCostFlag: false,
      billableOption: 'Billable',
      recurringFlag: unit === 'month',
      markupFlag: false,
      customFields: [],
      _info: stamp,
    }),
  );
  const hardware = category('Hardware');
  const otherDistributor = OTHER_DISTRIBUTOR.map(([identifier, description, cost]) =>
    t.insert('procurement/catalog', {
      identifier,
      description,
      inactiveFlag: false,
      subcategory: nameRef(subcategory('Infrastructure', hardware)),
      type: nameRef(setup.productTypes.hardware),
      productClass: 'Inventory',
      serializedFlag: false,
      serializedCostFlag: false,
      phaseProductFlag: false,
      unitOfMeasure: nameRef(setup.uom.each),
      minStockLevel: 0,
      price: round2(cost * 1.3),
      cost,
      taxableFlag: true,
      dropShipFlag: false,
      specialOrderFlag: false,
      customerDescription: description,
      category: nameRef(hardware),
      manufacturer: nameRef(manufacturer('Northwind')),
      manufacturerPartNumber: identifier,
      vendor: companyRef(people.vendors.northwind),
      vendorSku: identifier,
      calculatedPriceFlag: false,
      calculatedCostFlag: false,
      billableOption: 'Billable',
      recurringFlag: false,
      markupFlag: false,
      customFields: [],
      _info: stamp,
    }),
  );
  return { tds, discontinued, services, otherDistributor, tdsSkuById };
}
