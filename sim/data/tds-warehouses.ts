/**
 * TD SYNNEX US warehouses as the XML P&A returns them (`warehouseInfo{number, zipcode, city, addr}`).
 * Numbers and cities follow reference §2.3 (SDK enum + 2013 spec); 6 and 7 use the street addresses of the
 * real P&A sample, the other streets are plausible inventions. 98 is the virtual "MFG Drop Shipped" location.
 *
 * `priceFileField` maps a warehouse to its quantity column in the 2025 `.ap` price file (1-based field number),
 * pairing each XML number with the nearest 2025 site named in the file header (reference §6): this pairing is
 * our choice, listed in sim/tds/README.md.
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
  { number: 3, city: 'Fremont, CA', zipcode: '94538', addr: '44201 Nobel Dr', priceFileField: 16, depth: 0.9 },
  { number: 4, city: 'Norcross, GA', zipcode: '30071', addr: '5845 Oakbrook Pkwy', priceFileField: 56, depth: 0.8 },
  { number: 6, city: 'Romeoville, IL', zipcode: '60446', addr: '1180 Remington Blvd', priceFileField: 22, depth: 1 },
  { number: 7, city: 'Olive Branch, MS', zipcode: '38654', addr: '10381 Stateline Rd', priceFileField: 24, depth: 1 },
  { number: 8, city: 'Keasby, NJ', zipcode: '08832', addr: '100 Smith St', priceFileField: 62, depth: 0.8 },
  {
    number: 10,
    city: 'Beaverton, OR',
    zipcode: '97006',
    addr: '15220 NW Greenbrier Pkwy',
    priceFileField: 69,
    depth: 0.35,
  },
  { number: 12, city: 'Ontario, CA', zipcode: '91761', addr: '1700 S Milliken Ave', priceFileField: 61, depth: 0.7 },
  { number: 14, city: 'Columbus, OH', zipcode: '43217', addr: '2400 Spiegel Dr', priceFileField: 30, depth: 0.6 },
  { number: 16, city: 'Miami, FL', zipcode: '33178', addr: '3505 NW 107th Ave', priceFileField: 15, depth: 0.45 },
  {
    number: 503,
    city: 'Fort Worth, TX',
    zipcode: '76177',
    addr: '14500 Trinity Blvd',
    priceFileField: 64,
    depth: 0.75,
  },
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
