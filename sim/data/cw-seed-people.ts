/**
 * Members (with the API members and their keys), the MSP's own company, vendors and customers with sites and
 * contacts. Some customer addresses are complete, some are not (no ZIP, no street, no city) — the product
 * must notice before it ships a drop-ship order to nowhere. There is deliberately no "TD SYNNEX" company.
 */
import type { SetupRefs } from './cw-seed-setup.ts';
import { type CwSeedTarget, companyRef, type Dice, info, nameRef, personRef, type Rec } from './cw-seed-util.ts';

export interface People {
  members: Record<'api' | 'restricted' | 'inactiveApi' | 'jsmith' | 'mbrown' | 'akhan' | 'dlee', Rec>;
  owner: Rec;
  vendors: Record<'northwind' | 'dell', Rec>;
  customers: Array<{ company: Rec; sites: Rec[]; contacts: Rec[] }>;
}

/** API keys of the demo tenant (documented in sim/cw/README.md). */
export const DEMO_KEYS = {
  full: { publicKey: 'demo-public-key', privateKey: 'demo-private-key', memberIdentifier: 'tds-api' },
  restricted: {
    publicKey: 'restricted-public-key',
    privateKey: 'restricted-private-key',
    memberIdentifier: 'tds-restricted',
  },
  inactive: { publicKey: 'inactive-public-key', privateKey: 'inactive-private-key', memberIdentifier: 'tds-inactive' },
} as const;

const CUSTOMER_NAMES = [
  'Acme Corp',
  'Bayside Dental',
  'Cobalt Logistics',
  'Evergreen Law Group',
  'Harbor Credit Union',
  'Summit Architecture',
  'Blue Ridge Clinic',
  'Pioneer Manufacturing',
  'Lakeside School District',
  'Granite Insurance',
  'Redwood Realty',
  'Silverline Accounting',
  'Northstar Veterinary',
  'Crescent Hospitality',
  'Ironwood Construction',
  'Maple Street Bakery',
];
const STREETS = [
  'Village Ave.',
  'Harbor Blvd',
  'Main Street',
  'Commerce Pkwy',
  'Oak Lane',
  'Industrial Dr',
  'Lake Shore Rd',
  'Market St',
];
const CITIES: ReadonlyArray<[string, string, string]> = [
  ['Tampa', 'FL', '33602'],
  ['Orlando', 'FL', '32801'],
  ['Atlanta', 'GA', '30303'],
  ['Austin', 'TX', '78701'],
  ['Denver', 'CO', '80202'],
  ['Charlotte', 'NC', '28202'],
  ['Columbus', 'OH', '43215'],
  ['Seattle', 'WA', '98101'],
];
const FIRST = ['Joshua', 'Maria', 'Kevin', 'Priya', 'Tom', 'Linda', 'Omar', 'Grace', 'Ethan', 'Sofia', 'Raj', 'Hannah'];
const LAST = [
  'Marvin',
  'Lopez',
  'Nguyen',
  'Patel',
  'Walsh',
  'Chen',
  'Haddad',
  'Kim',
  'Brooks',
  'Rossi',
  'Iyer',
  'Olsen',
];

/** Every 4th customer lacks a ZIP, every 5th a street, every 7th a city and state: real CRMs look like this. */
function address(d: Dice, index: number, setup: SetupRefs): Rec {
  const [city, state, zip] = CITIES[index % CITIES.length]!;
  const out: Rec = {
    addressLine1: `${d.int(10, 9800)} ${d.pick(STREETS)}`,
    city,
    stateReference: setup.states.get(state) && {
      id: setup.states.get(state)!.id,
      identifier: state,
      name: setup.states.get(state)!.name,
    },
    zip,
    country: nameRef(setup.us),
  };
  if (index % 4 === 3) delete out.zip;
  if (index % 5 === 4) delete out.addressLine1;
  if (index % 7 === 6) {
    delete out.city;
    delete out.stateReference;
  }
  if (d.chance(0.3)) out.addressLine2 = `Suite ${d.int(100, 900)}`;
  return out;
}

export function seedPeople(t: CwSeedTarget, d: Dice, setup: SetupRefs, now: number, customerCount: number): People {
  const roleRef = (r: Rec) => ({ id: r.id, name: r.name });
  const member = (identifier: string, firstName: string, lastName: string, extra: Rec) =>
    t.insert('system/members', {
      identifier,
      firstName,
      lastName,
      inactiveFlag: false,
      adminFlag: false,
      licenseClass: 'F',
      timeZone: { id: 1, name: 'US Eastern' },
      officeEmail: `${identifier}@demomsp.example.com`,
      defaultLocation: nameRef(setup.location),
      defaultDepartment: nameRef(setup.departments.services),
      securityRole: roleRef(setup.roles.technician),
      _info: info(now, 700, 'Admin'),
      ...extra,
    });
  const api = (identifier: string, lastName: string, role: Rec, inactiveFlag = false) =>
    member(identifier, 'TDS', lastName, {
      licenseClass: 'A',
      securityRole: roleRef(role),
      inactiveFlag,
      title: 'API Member',
    });
  const members = {
    api: api('tds-api', 'Bridge API', setup.roles.admin),
    restricted: api('tds-restricted', 'Restricted API', setup.roles.restricted),
    inactiveApi: api('tds-inactive', 'Retired API', setup.roles.admin, true),
    jsmith: member('jsmith', 'Jane', 'Smith', {
      title: 'Account Manager',
      securityRole: roleRef(setup.roles.admin),
      adminFlag: true,
    }),
    mbrown: member('mbrown', 'Mike', 'Brown', {
      title: 'Purchasing Coordinator',
      defaultDepartment: nameRef(setup.departments.procurement),
    }),
    akhan: member('akhan', 'Aisha', 'Khan', { title: 'Service Technician' }),
    dlee: member('dlee', 'David', 'Lee', { title: 'Former Technician', inactiveFlag: true }),
  };
  for (const key of Object.values(DEMO_KEYS)) t.apiKey(key);

  const company = (identifier: string, name: string, types: Rec[], extra: Rec) =>
    t.insert('company/companies', {
      identifier,
      name,
      status: nameRef(setup.companyStatusActive),
      types: types.map(nameRef),
      deletedFlag: false,
      isVendorFlag: false,
      leadFlag: false,
      unsubscribeFlag: false,
      customFields: [],
      _info: info(now, 600, 'jsmith'),
      ...extra,
    });
  const hq = {
    addressLine1: '4110 George Rd',
    city: 'Tampa',
    state: 'FL',
    zip: '33634',
    country: nameRef(setup.us),
    phoneNumber: '8135550100',
  };
  const owner = company('DemoMSP', 'Demo MSP', [setup.types.owner], { ...hq, website: 'www.demomsp.example.com' });
  const vendors = {
    northwind: company('NorthwindSupply', 'Northwind Supply', [setup.types.vendor], {
      addressLine1: '1 Distribution Way',
      city: 'Columbus',
      state: 'OH',
      zip: '43215',
      country: nameRef(setup.us),
      isVendorFlag: true,
      vendorIdentifier: 'NWS',
    }),
    dell: company('DellTech', 'Dell Technologies', [setup.types.vendor], {
      addressLine1: '1 Dell Way',
      city: 'Round Rock',
      state: 'TX',
      zip: '78682',
      country: nameRef(setup.us),
      isVendorFlag: true,
      vendorIdentifier: 'DELL',
    }),
  };
  for (const v of [owner, vendors.northwind, vendors.dell]) {
    const site = t.insert('company/companies/{parentId}/sites', {
      name: 'Main',
      addressLine1: v.addressLine1,
      city: v.city,
      zip: v.zip,
      country: v.country,
      company: companyRef(v),
      defaultShippingFlag: true,
      defaultBillingFlag: true,
      primaryAddressFlag: true,
      inactiveFlag: false,
      _info: v._info,
    });
    v.site = nameRef(site);
  }

  const customers: People['customers'] = [];
  for (let i = 0; i < customerCount; i++) {
    const name = CUSTOMER_NAMES[i] ?? `Customer ${i + 1}`;
    const identifier = name.replace(/[^A-Za-z0-9]/g, '').slice(0, 25);
    const addr = address(d, i, setup);
    const state = addr.stateReference as Rec | undefined;
    const rec = company(identifier, name, [setup.types.client], {
      addressLine1: addr.addressLine1,
      addressLine2: addr.addressLine2,
      city: addr.city,
      state: state?.identifier,
      zip: addr.zip,
      country: addr.country,
      phoneNumber: `813555${String(1000 + i).slice(-4)}`,
      _info: info(now, 500 - i * 10, 'jsmith'),
    });
    const sites = [
      t.insert('company/companies/{parentId}/sites', {
        name: 'Main',
        ...addr,
        company: companyRef(rec),
        defaultShippingFlag: true,
        defaultBillingFlag: true,
        primaryAddressFlag: true,
        inactiveFlag: false,
        _info: rec._info,
      }),
    ];
    if (i % 3 === 0) {
      sites.push(
        t.insert('company/companies/{parentId}/sites', {
          name: 'Warehouse',
          ...address(d, i + 1, setup),
          company: companyRef(rec),
          defaultShippingFlag: false,
          defaultBillingFlag: false,
          primaryAddressFlag: false,
          inactiveFlag: false,
          _info: rec._info,
        }),
      );
    }
    rec.site = nameRef(sites[0]!);
    const contacts: Rec[] = [];
    for (let c = 0; c < 1 + (i % 3); c++) {
      const firstName = FIRST[(i + c * 5) % FIRST.length]!;
      const lastName = LAST[(i * 3 + c) % LAST.length]!;
      const email = `${firstName}.${lastName}@${identifier.toLowerCase()}.example.com`.toLowerCase();
      contacts.push(
        t.insert('company/contacts', {
          firstName,
          lastName,
          company: companyRef(rec),
          site: nameRef(sites[0]!),
          title: c === 0 ? 'Office Manager' : 'IT Coordinator',
          inactiveFlag: false,
          defaultPhoneType: 'Direct',
          defaultPhoneNbr: `813555${String(2000 + i * 3 + c).slice(-4)}`,
          communicationItems: [
            { id: 1, type: { id: 1, name: 'Email' }, value: email, defaultFlag: true, communicationType: 'Email' },
            {
              id: 2,
              type: { id: 2, name: 'Direct' },
              value: `813555${String(2000 + i * 3 + c).slice(-4)}`,
              defaultFlag: true,
              communicationType: 'Phone',
            },
          ],
          customFields: [],
          _info: rec._info,
        }),
      );
    }
    rec.defaultContact = personRef(contacts[0]!);
    customers.push({ company: rec, sites, contacts });
  }
  return { members, owner, vendors, customers };
}
