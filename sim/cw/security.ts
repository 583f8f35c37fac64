/**
 * Who is calling and what their security role lets them do. API keys (Basic auth with `company+public:private`)
 * act as their API member; the Hosted API's cookie auth (`companyName`, `memberHash`, `memberId`) acts as the
 * member the hash was issued to. Roles follow ConnectWise's module/area × add/edit/delete/inquire matrix.
 */
import type { SimStore } from '../store.ts';
import { type AccessLevel, type EntityDef, entityByPath, type Permission, type Rec } from './entities/index.ts';
import { CwHttpError, forbiddenError, unauthorizedError } from './errors.ts';
import type { Actor } from './records/repository.ts';

export const API_KEYS = 'cw:_sim/apiKeys';
export const MEMBER_HASHES = 'cw:_sim/memberHashes';

export interface ApiKey {
  id: number;
  publicKey: string;
  privateKey: string;
  memberIdentifier: string;
}

export interface Caller extends Actor {
  role: string;
  via: 'apiKey' | 'cookie';
}

type Matrix = Partial<Record<string, Partial<Record<AccessLevel, boolean>>>>;

/** Roles by name. `*` is every module/area; listed areas override it. */
export const ROLES: Record<string, Matrix> = {
  Admin: { '*': { add: true, edit: true, delete: true, inquire: true } },
  'API Restricted': {
    '*': { add: true, edit: true, delete: true, inquire: true },
    'Procurement / Purchasing': { inquire: true },
    'System / Callbacks': {},
    'System / Table Setup': { inquire: true },
  },
  Technician: {
    '*': { add: true, edit: true, delete: false, inquire: true },
    'System / Callbacks': {},
    'System / Table Setup': { inquire: true },
    'System / Member Maintenance': { inquire: true },
  },
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function allowed(role: string, permission: Permission, level: AccessLevel): boolean {
  const matrix = ROLES[role] ?? {};
  const row = matrix[`${permission.module} / ${permission.area}`] ?? matrix['*'] ?? {};
  return row[level] === true;
}

export function levelFor(method: string, isSearch: boolean): AccessLevel {
  if (method === 'GET' || method === 'HEAD' || isSearch) return 'inquire';
  if (method === 'POST') return 'add';
  if (method === 'DELETE') return 'delete';
  return 'edit';
}

export class Security {
  constructor(
    private readonly store: SimStore,
    private readonly companyId: string,
    private readonly members: () => Rec[],
  ) {}

  authenticate(headers: Headers): Caller {
    const clientId = headers.get('clientid');
    if (!clientId) throw unauthorizedError('A clientId header is required on every request.');
    if (!GUID.test(clientId.trim())) throw unauthorizedError(`The clientId "${clientId}" is not a valid GUID.`);
    const authorization = headers.get('authorization');
    if (authorization) return this.#basic(authorization);
    const cookie = headers.get('cookie');
    if (cookie) return this.#cookie(cookie);
    throw unauthorizedError();
  }

  authorize(caller: Caller, def: EntityDef, level: AccessLevel): void {
    if (allowed(caller.role, def.permission, level)) return;
    const verb = { add: 'Add', edit: 'Edit', delete: 'Delete', inquire: 'Inquire' }[level];
    throw forbiddenError(
      `Member ${caller.identifier} (security role "${caller.role}") has no ${verb} access to ${def.permission.module} / ${def.permission.area}.`,
    );
  }

  issueMemberHash(memberIdentifier: string): string {
    const hashes = this.store.collection<{ id: string; memberIdentifier: string }>(MEMBER_HASHES);
    const existing = [...hashes.values()].find(
      (h) => h.memberIdentifier.toLowerCase() === memberIdentifier.toLowerCase(),
    );
    if (existing) return existing.id;
    const hash = crypto.randomUUID();
    hashes.set(hash, { id: hash, memberIdentifier });
    return hash;
  }

  #member(identifier: string): Rec | undefined {
    return this.members().find((m) => String(m.identifier).toLowerCase() === identifier.toLowerCase());
  }

  #caller(member: Rec, via: Caller['via']): Caller {
    if (member.inactiveFlag === true) {
      throw new CwHttpError(401, { code: 'ConnectWiseApi', message: 'UserNotAuthenticated' });
    }
    const roleRef = member.securityRole as Rec | undefined;
    const role = roleRef ? String(this.#roleName(Number(roleRef.id)) ?? roleRef.name ?? 'Admin') : 'Admin';
    return { id: Number(member.id), identifier: String(member.identifier), role, via };
  }

  #roleName(id: number): string | undefined {
    const def = entityByPath('system/securityroles')!;
    return this.store.collection<Rec>(def.collection).get(id)?.name as string | undefined;
  }

  #basic(header: string): Caller {
    const m = /^Basic\s+(.+)$/i.exec(header.trim());
    if (!m) throw unauthorizedError();
    let decoded: string;
    try {
      decoded = atob(m[1]!.trim());
    } catch {
      throw unauthorizedError();
    }
    const colon = decoded.indexOf(':');
    const plus = decoded.indexOf('+');
    if (colon < 0 || plus < 0 || plus > colon) throw unauthorizedError();
    const company = decoded.slice(0, plus);
    const publicKey = decoded.slice(plus + 1, colon);
    const privateKey = decoded.slice(colon + 1);
    if (company.toLowerCase() !== this.companyId.toLowerCase()) throw unauthorizedError();
    const key = [...this.store.collection<ApiKey>(API_KEYS).values()].find(
      (k) => k.publicKey === publicKey && k.privateKey === privateKey,
    );
    const member = key && this.#member(key.memberIdentifier);
    if (!member) throw unauthorizedError();
    return this.#caller(member, 'apiKey');
  }

  #cookie(header: string): Caller {
    const jar = new Map<string, string>();
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0) jar.set(part.slice(0, eq).trim().toLowerCase(), safeDecode(part.slice(eq + 1).trim()));
    }
    const company = jar.get('companyname');
    const hash = jar.get('memberhash');
    const memberId = jar.get('memberid');
    if (!company || !hash || !memberId || company.toLowerCase() !== this.companyId.toLowerCase())
      throw unauthorizedError();
    const issued = this.store.collection<{ id: string; memberIdentifier: string }>(MEMBER_HASHES).get(hash);
    if (!issued || issued.memberIdentifier.toLowerCase() !== memberId.toLowerCase()) throw unauthorizedError();
    const member = this.#member(memberId);
    if (!member) throw unauthorizedError();
    return this.#caller(member, 'cookie');
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
