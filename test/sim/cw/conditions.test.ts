import { describe, expect, it } from 'vitest';
import {
  ConditionsError,
  compileChildConditions,
  compileConditions,
  compileCustomFieldConditions,
  GUIDANCE,
  parseConditions,
} from '../../../sim/cw/conditions/index.ts';

const records = [
  {
    id: 1,
    name: 'Acme Corp',
    closedFlag: false,
    total: 120.5,
    status: { id: 3, name: 'New' },
    _info: { lastUpdated: '2024-05-02T10:00:00Z' },
  },
  {
    id: 2,
    name: 'Bayside Dental',
    closedFlag: true,
    total: 80,
    status: { id: 2, name: 'Open' },
    _info: { lastUpdated: '2024-04-01T00:00:00Z' },
  },
  {
    id: 3,
    name: 'O\'Brien "Tools"',
    closedFlag: false,
    status: { id: 4, name: 'Closed' },
    _info: { lastUpdated: '2024-06-01T00:00:00Z' },
  },
];
const typeOf = (path: string[]) => {
  const key = path.join('/');
  if (key === 'closedFlag') return 'boolean' as const;
  if (key === 'total' || key.endsWith('id')) return 'number' as const;
  if (key === 'lastUpdated') return 'datetime' as const;
  return key === 'name' || key.endsWith('name') ? ('string' as const) : ('unknown' as const);
};
const ids = (text: string) => records.filter(compileConditions(text, typeOf)).map((r) => r.id);

describe('conditions operators', () => {
  it('compares strings case-insensitively with = and !=', () => {
    expect(ids('name = "acme corp"')).toEqual([1]);
    expect(ids("name != 'ACME CORP'")).toEqual([2, 3]);
  });
  it('orders numbers with <, <=, >, >=', () => {
    expect(ids('total > 80')).toEqual([1]);
    expect(ids('total >= 80')).toEqual([1, 2]);
    expect(ids('total < 100')).toEqual([2]);
    expect(ids('total <= 120.5')).toEqual([1, 2]);
  });
  it('treats a comparison with a missing field as unknown, so != does not match it (SQL semantics)', () => {
    expect(ids('total != 80')).toEqual([1]);
    expect(ids('not total = 80')).toEqual([1]);
    expect(ids('total = null')).toEqual([3]);
    expect(ids('total != null')).toEqual([1, 2]);
  });
  it('matches substrings with contains and wildcards * and % with like', () => {
    expect(ids('name contains "dent"')).toEqual([2]);
    expect(ids('name like "Acme*"')).toEqual([1]);
    expect(ids('name like "%DENTAL"')).toEqual([2]);
    expect(ids('name like "Acme"')).toEqual([]);
    expect(ids('name not like "Acme*"')).toEqual([2, 3]);
  });
  it('matches lists with in and not in', () => {
    expect(ids('status/id in (3, 4)')).toEqual([1, 3]);
    expect(ids('status/name not in ("new","open")')).toEqual([3]);
  });
  it('honours AND over OR precedence, parentheses, NOT and case-insensitive keywords', () => {
    expect(ids('closedFlag = true OR status/id = 3 and total > 200')).toEqual([2]);
    expect(ids('(closedFlag = true or status/id = 3) AND total > 100')).toEqual([1]);
    expect(ids('NOT (closedFlag = false)')).toEqual([2]);
  });
  it('compares bracketed datetimes and finds lastUpdated in _info', () => {
    expect(ids('lastUpdated > [2024-05-01T00:00:00Z]')).toEqual([1, 3]);
    expect(ids('lastUpdated < [2024-05-01]')).toEqual([2]);
  });
  it('reads escaped quotes inside strings', () => {
    expect(ids('name = "O\'Brien \\"Tools\\""')).toEqual([3]);
    expect(ids("name like 'o\\'brien*'")).toEqual([3]);
  });
});

describe('conditions errors', () => {
  const message = (text: string) => {
    try {
      ids(text);
    } catch (error) {
      expect(error).toBeInstanceOf(ConditionsError);
      return (error as Error).message;
    }
    throw new Error(`"${text}" was accepted`);
  };
  it("refuses a number compared with a boolean field with ConnectWise's exact text", () => {
    expect(message('closedFlag = 1')).toBe(`Expected a boolean value, not a numeric. ${GUIDANCE}`);
  });
  it('refuses a quoted number for a numeric field and a bare date for a datetime field', () => {
    expect(message('total = "80"')).toBe(`Expected a numeric value, not a string. ${GUIDANCE}`);
    expect(message('lastUpdated > "2024-01-01"')).toMatch(/^Expected a datetime value, not a string\./);
  });
  it('refuses unquoted strings, unclosed strings, missing operators and unbalanced parentheses', () => {
    expect(message('name = Acme')).toMatch(
      /^Expected a value after 'name =' but found 'Acme'\. String values should be enclosed/,
    );
    expect(message('name = "Acme')).toMatch(/is not closed/);
    expect(message('name "Acme"')).toMatch(/Expected an operator/);
    expect(message('(name = "Acme"')).toMatch(/Expected '\)'/);
    expect(message('name = "Acme")')).toMatch(/Unexpected '\)'/);
    expect(message('lastUpdated > [yesterday]')).toMatch(/is not a valid DateTime/);
    expect(message('')).toMatch(/empty/);
  });
  it('builds a tree a caller can inspect', () => {
    expect(parseConditions('a = 1 or b = 2 and c = 3')).toMatchObject({ type: 'or', right: { type: 'and' } });
  });
});

describe('childConditions and customFieldConditions', () => {
  const contacts = [
    {
      id: 1,
      communicationItems: [
        { value: 'john@x.com', communicationType: 'Phone' },
        { value: '555', communicationType: 'Email' },
      ],
    },
    { id: 2, communicationItems: [{ value: 'john@x.com', communicationType: 'Email' }] },
  ];
  it('requires one array element to satisfy every child condition', () => {
    const p = compileChildConditions(
      'communicationItems/value like "john@*" AND communicationItems/communicationType="Email"',
    );
    expect(contacts.filter(p).map((c) => c.id)).toEqual([2]);
  });
  it('matches records whose custom field with that caption has that value', () => {
    const pos = [
      {
        id: 1,
        customFields: [
          { caption: 'Send to TDS', value: true },
          { caption: 'Approved By', value: 'Jane' },
        ],
      },
      {
        id: 2,
        customFields: [
          { caption: 'Send to TDS', value: false },
          { caption: 'Approved By', value: true },
        ],
      },
      { id: 3, customFields: [{ caption: 'Send to TDS' }] },
    ];
    expect(pos.filter(compileCustomFieldConditions('caption="Send to TDS" AND value=true')).map((p) => p.id)).toEqual([
      1,
    ]);
    expect(
      pos.filter(compileCustomFieldConditions('caption="Send to TDS" AND value != null')).map((p) => p.id),
    ).toEqual([1, 2]);
  });
});
