/**
 * Who is calling and what their security role lets them do. API keys (Basic auth with `company+public:private`)
 * act as their API member; a member hash acts as the member it was issued to, either as the Hosted API's
 * cookies (`companyName`, `memberHash`, `memberId`, `memberContext` — ConnectWise refuses the check without
 * `memberContext`) or as the documented Basic form `company+memberId:memberHash`. Cookie values are read as
 * sent (no URL-decoding) unless `memberCookies: 'url-decoded'`, which form-decodes them the way a server that
 * URL-decodes cookies would (a raw `+` becomes a space). Issued hashes look like real ones: base64 with
 * `+`, `/` and `=`. Bad credentials answer 401 `Unauthorized` by default, or the other variants seen in the
 * wild (`badCredentials`). Roles follow ConnectWise's module/area × add/edit/delete/inquire matrix.
 */
import type { SimStore } from '../store.ts';
import { type AccessLevel, type EntityDef, entityByPath, type Permission, type Rec } from './entities/index.ts';
import { CwHttpError, endpointMissingError, forbiddenError, unauthorizedError } from './errors.ts';
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
  via: 'apiKey' | 'cookie' | 'memberBasic';
}

/** How member cookie values are read: as sent (default), or URL-decoded (form semantics: `+` is a space). */
export type MemberCookieReading = 'raw' | 'url-decoded';

/**
 * How refused credentials are answered: 401 `Unauthorized` (default), 401 `ConnectWiseApi`/`UserNotAuthenticated`
 * (seen from on-premise servers), or the cloud's 404 with the unknown-endpoint body.
 */
export type BadCredentialsAnswer = 'unauthorized' | 'user-not-authenticated' | 'not-found';

export interface SecurityOptions {
  memberCookies?: MemberCookieReading;
  badCredentials?: BadCredentialsAnswer;
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
  readonly options: Required<SecurityOptions>;

  constructor(
    private readonly store: SimStore,
    private readonly companyId: string,
    private readonly members: () => Rec[],
    options: SecurityOptions = {},
  ) {
    this.options = {
      memberCookies: options.memberCookies ?? 'raw',
      badCredentials: options.badCredentials ?? 'unauthorized',
    };
  }

  configure(options: SecurityOptions): void {
    Object.assign(this.options, Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)));
  }

  authenticate(headers: Headers): Caller {
    const clientId = headers.get('clientid');
    if (!clientId) throw unauthorizedError('A clientId header is required on every request.');
    if (!GUID.test(clientId.trim())) throw unauthorizedError(`The clientId "${clientId}" is not a valid GUID.`);
    try {
      const authorization = headers.get('authorization');
      if (authorization) return this.#basic(authorization);
      const cookie = headers.get('cookie');
      if (cookie) return this.#cookie(cookie);
      throw unauthorizedError();
    } catch (error) {
      throw this.#refusal(error);
    }
  }

  /** Refused credentials in the configured variant; other errors (inactive member) pass unchanged. */
  #refusal(error: unknown): unknown {
    if (!(error instanceof CwHttpError) || error.status !== 401 || error.body.code !== 'Unauthorized') return error;
    if (this.options.badCredentials === 'user-not-authenticated') {
      return new CwHttpError(401, { code: 'ConnectWiseApi', message: 'UserNotAuthenticated' });
    }
    if (this.options.badCredentials === 'not-found') return endpointMissingError();
    return error;
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
    const hash = realisticMemberHash();
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
    if (member) return this.#caller(member, 'apiKey');
    // The Developer Guide's other Basic form: `company+memberId:memberHash`.
    const byHash = this.#hashMember(publicKey, privateKey);
    if (byHash) return this.#caller(byHash, 'memberBasic');
    throw unauthorizedError();
  }

  #hashMember(memberId: string, hash: string): Rec | undefined {
    const issued = this.store.collection<{ id: string; memberIdentifier: string }>(MEMBER_HASHES).get(hash);
    if (!issued || issued.memberIdentifier.toLowerCase() !== memberId.toLowerCase()) return undefined;
    return this.#member(memberId);
  }

  #cookie(header: string): Caller {
    const jar = new Map<string, string>();
    const read = this.options.memberCookies === 'url-decoded' ? formDecode : (v: string) => v;
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0) jar.set(part.slice(0, eq).trim().toLowerCase(), read(part.slice(eq + 1).trim()));
    }
    const company = jar.get('companyname');
    const hash = jar.get('memberhash');
    const memberId = jar.get('memberid');
    const context = jar.get('membercontext');
    if (!company || !hash || !memberId || !context || company.toLowerCase() !== this.companyId.toLowerCase())
      throw unauthorizedError();
    const member = this.#hashMember(memberId, hash);
    if (!member) throw unauthorizedError();
    return this.#caller(member, 'cookie');
  }
}

/** URL-decoding as servers apply it to form-style values: `+` is a space, `%XX` a byte. */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replaceAll('+', ' '));
  } catch {
    return value;
  }
}

/**
 * A member hash shaped like the ones ConnectWise issues (44 base64 characters): the fixed leading bytes
 * make sure `+` and `/` are always there, and 32 bytes always end in `=`, so the cookie-encoding
 * difference can never hide behind a lucky hash.
 */
export function realisticMemberHash(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  bytes.set([0xfb, 0xff, 0xbf], 0);
  return btoa(String.fromCharCode(...bytes));
}
