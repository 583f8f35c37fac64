/**
 * TD SYNNEX US warehouses as the XML P&A returns them (`warehouseInfo{number, zipcode, city, addr}`).
 * Numbers and sites follow the recent public list (td-synnex.md corrections): 3 Tracy CA, 6 Romeoville IL,
 * 7 Southaven MS, 12 Chino CA, 16 Miami FL, 50 Columbus OH, 502 Suwanee GA, 503 Swedesboro NJ, 504 South Bend IN,
 * 505 Fort Worth TX, 506 Fontana CA, 98 manufacturer drop-ship. An older SDK numbers them differently (503 = Fort
 * Worth, plus 4, 8, 10, 14); neither is certain, so the product never hard-codes names — it shows what
 * `warehouseInfo` says. Romeoville's street is the real P&A sample's; the other streets and ZIP codes are
 * plausible inventions (sim/tds/README.md).
 *
 * `priceFileField` maps a warehouse to its quantity column in the 2025 `.ap` price file (1-based field number):
 * the sites are the ones the file's columns name.
 */

export interface TdsWarehouse {
  number: number;
  city: string;
  zipcode: string;
  addr: string;
  /** Virtual locations (98) are listed but not counted in `totalQuantity`. */
  virtual?: boolean;
  priceFileField?: number;
  /** Relative stock depth; hubs carry more. */
  depth: number;
}

export const DEFAULT_TDS_WAREHOUSES: readonly TdsWarehouse[] = [
  { number: 3, city: 'Tracy, CA', zipcode: '95304', addr: '2001 E Pescadero Ave', priceFileField: 16, depth: 0.9 },
  { number: 6, city: 'Romeoville, IL', zipcode: '60446', addr: '1180 Remington Blvd', priceFileField: 22, depth: 1 },
  { number: 7, city: 'Southaven, MS', zipcode: '38671', addr: '8801 Northwest Dr', priceFileField: 24, depth: 1 },
  { number: 12, city: 'Chino, CA', zipcode: '91710', addr: '5800 Kimball Ct', priceFileField: 61, depth: 0.7 },
  { number: 16, city: 'Miami, FL', zipcode: '33178', addr: '3505 NW 107th Ave', priceFileField: 15, depth: 0.45 },
  { number: 50, city: 'Columbus, OH', zipcode: '43217', addr: '2400 Spiegel Dr', priceFileField: 30, depth: 0.6 },
  {
    number: 502,
    city: 'Suwanee, GA',
    zipcode: '30024',
    addr: '3505 Peachtree Industrial',
    priceFileField: 56,
    depth: 0.8,
  },
  {
    number: 503,
    city: 'Swedesboro, NJ',
    zipcode: '08085',
    addr: '1200 Center Square Rd',
    priceFileField: 62,
    depth: 0.8,
  },
  { number: 504, city: 'South Bend, IN', zipcode: '46628', addr: '4600 Nimtz Pkwy', priceFileField: 63, depth: 0.35 },
  {
    number: 505,
    city: 'Fort Worth, TX',
    zipcode: '76177',
    addr: '14500 Trinity Blvd',
    priceFileField: 64,
    depth: 0.75,
  },
  { number: 506, city: 'Fontana, CA', zipcode: '92335', addr: '10681 Production Ave', priceFileField: 69, depth: 0.35 },
  {
    number: 98,
    city: 'MFG Drop Shipped',
    zipcode: '00000',
    addr: 'MFG Drop Shipped',
    virtual: true,
    priceFileField: 70,
    depth: 1,
  },
];

export const DROP_SHIP_WAREHOUSE = 98;
