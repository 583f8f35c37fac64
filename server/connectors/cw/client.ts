/**
 * The ConnectWise PSA REST client: Basic auth (`company+public:private`) plus clientId, pinned model
 * version, timeouts, zod-checked answers, typed errors. Limiter, retry policy and upstream recorder plug in
 * through the options (server/connectors/{limiter,retry,upstream}.ts). Only idempotent calls are retried:
 * a POST that timed out may have created the record.
 */
import type * as z from 'zod';
import type { Limiter } from '../limiter.ts';
import { type RetryHooks, type RetryPolicy, withRetry } from '../retry.ts';
import { attemptFetch, noopRecorder, type UpstreamRecorder } from '../upstream.ts';
import { cwError, errorFromResponse, malformed } from './errors.ts';
import { parseLinkHeader } from './link.ts';
import { type CwMemberAuth, type CwVerifiedMember, verifyMember } from './member.ts';
import { CW_SCHEMAS, CwCount, type CwEntityOf, CwForecast, CwRecord, CwSystemInfo } from './schemas.ts';

export interface CwCredentials {
  companyId: string;
  publicKey: string;
  privateKey: string;
  clientId: string;
}

export interface CwClientOptions extends CwCredentials {
  /** Up to and including `/apis/3.0`, e.g. https://api-na.myconnectwise.net/v4_6_release/apis/3.0 (see cwApiUrl). */
  apiUrl: string;
  tenantId?: string;
  /** Model version sent in Accept (default 2022.1). */
  apiVersion?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  recorder?: UpstreamRecorder;
  limiter?: Limiter;
  /** Retry policy for idempotent calls; false = never retry. Default: one try (the caller decides). */
  retry?: RetryPolicy | false;
  retryHooks?: RetryHooks;
}

export interface ParentOption {
  /** For child collections such as 'procurement/purchaseorders/{parentId}/lineitems'. */
  parentId?: number;
}
export interface FilterOptions extends ParentOption {
  conditions?: string;
  childConditions?: string;
  customFieldConditions?: string;
}
export interface ListOptions extends FilterOptions {
  orderBy?: string;
  fields?: string;
  page?: number;
  pageSize?: number;
}
export interface IterateOptions extends FilterOptions {
  fields?: string;
  /** Default 1000, ConnectWise's maximum. */
  pageSize?: number;
}
export interface CwPatchOp {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}
export interface CwSearchBody {
  conditions: string;
  childConditions?: string;
  customFieldConditions?: string;
  orderBy?: string;
}

export interface CwClient {
  get<P extends string>(path: P, id: number, opts?: ParentOption & { fields?: string }): Promise<CwEntityOf<P>>;
  list<P extends string>(path: P, opts?: ListOptions): Promise<CwEntityOf<P>[]>;
  /** Every matching record, forward-only pages of 1000 followed by Link header, one page in memory at a time. */
  iterate<P extends string>(path: P, opts?: IterateOptions): AsyncIterable<CwEntityOf<P>>;
  count(path: string, opts?: FilterOptions): Promise<number>;
  create<P extends string>(path: P, body: Record<string, unknown>, opts?: ParentOption): Promise<CwEntityOf<P>>;
  patch<P extends string>(path: P, id: number, ops: CwPatchOp[], opts?: ParentOption): Promise<CwEntityOf<P>>;
  put<P extends string>(
    path: P,
    id: number,
    body: Record<string, unknown>,
    opts?: ParentOption,
  ): Promise<CwEntityOf<P>>;
  delete(path: string, id: number, opts?: ParentOption): Promise<void>;
  search<P extends string>(
    path: P,
    body: CwSearchBody,
    opts?: ParentOption & { page?: number; pageSize?: number; fields?: string },
  ): Promise<CwEntityOf<P>[]>;
  forecast(opportunityId: number): Promise<z.infer<typeof CwForecast>>;
  systemInfo(): Promise<z.infer<typeof CwSystemInfo>>;
  /** Checks a Hosted API member session (cookie auth) and that it is who it claims to be. */
  verifyMember(auth: CwMemberAuth): Promise<CwVerifiedMember>;
}

/** `https://api-na.myconnectwise.net` + codebase → the API root. */
export function cwApiUrl(site: string, codebase = 'v4_6_release'): string {
  const origin = /^https?:\/\//i.test(site) ? site : `https://${site}`;
  return `${origin.replace(/\/+$/, '')}/${codebase.replace(/^\/+|\/+$/g, '')}/apis/3.0`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Sent {
  json: unknown;
  headers: Headers;
}

export class HttpCwClient implements CwClient {
  readonly #opts: CwClientOptions;
  readonly #apiUrl: string;

  constructor(opts: CwClientOptions) {
    if (!GUID.test(opts.clientId ?? '')) {
      throw cwError(
        'cw_invalid_request',
        'The ConnectWise clientId must be a GUID (register one at developer.connectwise.com).',
      );
    }
    this.#opts = opts;
    this.#apiUrl = opts.apiUrl.replace(/\/+$/, '');
  }

  get apiUrl(): string {
    return this.#apiUrl;
  }

  async get<P extends string>(
    path: P,
    id: number,
    opts: ParentOption & { fields?: string } = {},
  ): Promise<CwEntityOf<P>> {
    const { json } = await this.#send('GET', `${resolve(path, opts.parentId)}/${id}`, {
      query: { fields: opts.fields },
      idempotent: true,
    });
    return parse(schemaFor(path, opts.fields), json, `GET ${path}/{id}`) as CwEntityOf<P>;
  }

  async list<P extends string>(path: P, opts: ListOptions = {}): Promise<CwEntityOf<P>[]> {
    const { json } = await this.#send('GET', resolve(path, opts.parentId), {
      query: listQuery(opts),
      idempotent: true,
    });
    return parseArray(schemaFor(path, opts.fields), json, `GET ${path}`) as CwEntityOf<P>[];
  }

  async *iterate<P extends string>(path: P, opts: IterateOptions = {}): AsyncIterable<CwEntityOf<P>> {
    const pageSize = opts.pageSize ?? 1000;
    const schema = schemaFor(path, opts.fields);
    let pageId: number | undefined;
    for (;;) {
      const query = { ...listQuery({ ...opts, pageSize }), pageId: pageId === undefined ? undefined : String(pageId) };
      const { json, headers } = await this.#send('GET', resolve(path, opts.parentId), {
        query,
        headers: { 'pagination-type': 'forward-only' },
        idempotent: true,
      });
      const items = parseArray(schema, json, `GET ${path}`) as CwEntityOf<P>[];
      for (const item of items) yield item;
      const next = parseLinkHeader(headers.get('link')).next;
      if (!next || items.length === 0) return;
      // Take only the cursor from the link: never send credentials to whatever host a header names.
      const nextId = Number(new URL(next, this.#apiUrl).searchParams.get('pageId'));
      if (!Number.isFinite(nextId) || (pageId !== undefined && nextId <= pageId)) {
        throw malformed(`GET ${path}`, `forward-only Link did not advance (pageId ${String(nextId)})`, next, false);
      }
      pageId = nextId;
    }
  }

  async count(path: string, opts: FilterOptions = {}): Promise<number> {
    const { json } = await this.#send('GET', `${resolve(path, opts.parentId)}/count`, {
      query: filterQuery(opts),
      idempotent: true,
    });
    return parse(CwCount, json, `GET ${path}/count`).count;
  }

  async create<P extends string>(
    path: P,
    body: Record<string, unknown>,
    opts: ParentOption = {},
  ): Promise<CwEntityOf<P>> {
    const { json } = await this.#send('POST', resolve(path, opts.parentId), { body, idempotent: false });
    return parse(schemaFor(path), json, `POST ${path}`) as CwEntityOf<P>;
  }

  async patch<P extends string>(
    path: P,
    id: number,
    ops: CwPatchOp[],
    opts: ParentOption = {},
  ): Promise<CwEntityOf<P>> {
    const { json } = await this.#send('PATCH', `${resolve(path, opts.parentId)}/${id}`, {
      body: ops,
      idempotent: true,
    });
    return parse(schemaFor(path), json, `PATCH ${path}/{id}`) as CwEntityOf<P>;
  }

  async put<P extends string>(
    path: P,
    id: number,
    body: Record<string, unknown>,
    opts: ParentOption = {},
  ): Promise<CwEntityOf<P>> {
    const { json } = await this.#send('PUT', `${resolve(path, opts.parentId)}/${id}`, { body, idempotent: true });
    return parse(schemaFor(path), json, `PUT ${path}/{id}`) as CwEntityOf<P>;
  }

  async delete(path: string, id: number, opts: ParentOption = {}): Promise<void> {
    await this.#send('DELETE', `${resolve(path, opts.parentId)}/${id}`, { idempotent: true, expectEmpty: true });
  }

  async search<P extends string>(
    path: P,
    body: CwSearchBody,
    opts: ParentOption & { page?: number; pageSize?: number; fields?: string } = {},
  ): Promise<CwEntityOf<P>[]> {
    const query = { page: num(opts.page), pageSize: num(opts.pageSize), fields: opts.fields };
    // A search only reads, so it is safe to retry.
    const { json } = await this.#send('POST', `${resolve(path, opts.parentId)}/search`, {
      body,
      query,
      idempotent: true,
    });
    return parseArray(schemaFor(path, opts.fields), json, `POST ${path}/search`) as CwEntityOf<P>[];
  }

  async forecast(opportunityId: number) {
    const { json } = await this.#send('GET', `sales/opportunities/${opportunityId}/forecast`, { idempotent: true });
    return parse(CwForecast, json, 'GET sales/opportunities/{id}/forecast');
  }

  async systemInfo() {
    const { json } = await this.#send('GET', 'system/info', { idempotent: true });
    return parse(CwSystemInfo, json, 'GET system/info');
  }

  verifyMember(auth: CwMemberAuth): Promise<CwVerifiedMember> {
    return verifyMember(
      { apiUrl: this.#apiUrl, companyId: this.#opts.companyId, clientId: this.#opts.clientId },
      auth,
      (path, headers) => this.#send('GET', path, { headers, idempotent: true, anonymous: true }).then((r) => r.json),
    );
  }

  async #send(
    method: string,
    path: string,
    req: {
      query?: Record<string, string | undefined>;
      body?: unknown;
      headers?: Record<string, string>;
      idempotent: boolean;
      expectEmpty?: boolean;
      /** Cookie-authenticated calls carry no API keys. */
      anonymous?: boolean;
    },
  ): Promise<Sent> {
    const route = `${method} ${path.replace(/\/\d+(?=\/|$)/g, '/{id}')}`;
    const url = `${this.#apiUrl}/${path}${queryString(req.query)}`;
    const o = this.#opts;
    const headers: Record<string, string> = {
      Accept: `application/vnd.connectwise.com+json; version=${o.apiVersion ?? '2022.1'}`,
      clientId: o.clientId,
      'Cache-Control': 'no-cache',
      ...req.headers,
    };
    if (!req.anonymous) headers.Authorization = `Basic ${btoa(`${o.companyId}+${o.publicKey}:${o.privateKey}`)}`;
    if (req.body !== undefined) headers['Content-Type'] = 'application/json';
    const init: RequestInit = { method, headers, body: req.body === undefined ? undefined : JSON.stringify(req.body) };

    const once = async (): Promise<Sent> => {
      const { response, finish } = await attemptFetch(
        {
          tenantId: o.tenantId ?? o.companyId,
          system: 'cw',
          fetch: o.fetch ?? ((input, i) => globalThis.fetch(input, i)),
          recorder: o.recorder ?? noopRecorder,
          timeoutMs: o.timeoutMs ?? 30_000,
        },
        route,
        url,
        init,
      );
      let text: string;
      try {
        text = await response.text();
      } catch (cause) {
        finish({ ok: false, errorCode: 'cw_network' });
        throw cwError(
          'cw_network',
          `The connection to ConnectWise broke while reading ${route}; tds-bridge will retry.`,
          {
            route,
            retryable: true,
            cause,
          },
        );
      }
      if (!response.ok) {
        const error = errorFromResponse(route, response.status, response.headers, text);
        finish({ ok: false, errorCode: error.code });
        throw error;
      }
      if (req.expectEmpty || response.status === 204) {
        finish({ ok: true });
        return { json: undefined, headers: response.headers };
      }
      try {
        const json = JSON.parse(text);
        finish({ ok: true });
        return { json, headers: response.headers };
      } catch {
        finish({ ok: false, errorCode: 'cw_malformed_response' });
        // A cut-off body is usually a transient fault: worth another try when the call is idempotent.
        throw malformed(route, 'the body is not valid JSON', text, true);
      }
    };
    const limited = () => (o.limiter ? o.limiter.run(once) : once());
    if (!req.idempotent || !o.retry) return limited();
    return withRetry(limited, o.retry, o.retryHooks);
  }
}

function resolve(path: string, parentId: number | undefined): string {
  const clean = path.replace(/^\/+|\/+$/g, '');
  if (!clean.includes('{parentId}')) return clean;
  if (parentId === undefined) throw cwError('cw_invalid_request', `${clean} needs a parentId.`);
  return clean.replace('{parentId}', String(parentId));
}

/**
 * Per-process cache of the partial schemas (harmless to lose): building one with `.partial()` on every call
 * made zod 4 compile a new parser per request — the largest zod cost in the cached P&A path's profile.
 */
const partialSchemas = new Map<z.ZodType, z.ZodType>();

function schemaFor(path: string, fields?: string): z.ZodType {
  const schema = (CW_SCHEMAS as Record<string, z.ZodType>)[path] ?? CwRecord;
  if (!fields) return schema;
  // A partial response may leave out anything, even id.
  let partial = partialSchemas.get(schema);
  if (!partial) {
    partial = (schema as unknown as z.ZodObject).partial();
    partialSchemas.set(schema, partial);
  }
  return partial;
}

function parse<T extends z.ZodType>(schema: T, json: unknown, route: string): z.infer<T> {
  const result = schema.safeParse(json);
  if (!result.success) {
    throw malformed(
      route,
      `unexpected shape: ${result.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')} ${i.message}`)
        .join('; ')}`,
      JSON.stringify(json),
      false,
    );
  }
  return result.data;
}

function parseArray(schema: z.ZodType, json: unknown, route: string): unknown[] {
  if (!Array.isArray(json))
    throw malformed(route, 'expected a JSON array', JSON.stringify(json)?.slice(0, 300) ?? '', false);
  return json.map((item) => parse(schema, item, route));
}

const num = (n: number | undefined) => (n === undefined ? undefined : String(n));

function filterQuery(o: FilterOptions): Record<string, string | undefined> {
  return {
    conditions: o.conditions,
    childConditions: o.childConditions,
    customFieldConditions: o.customFieldConditions,
  };
}

function listQuery(o: ListOptions): Record<string, string | undefined> {
  return { ...filterQuery(o), orderBy: o.orderBy, fields: o.fields, page: num(o.page), pageSize: num(o.pageSize) };
}

function queryString(query: Record<string, string | undefined> | undefined): string {
  if (!query) return '';
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
