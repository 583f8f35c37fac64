/**
 * The Digital Bridge REST catalogue for Product Sync, modelled on the EU API (reference §7):
 * `POST /auth/token` (OAuth2 client credentials, form body) and `POST /resellers/v2/products/catalogue`
 * (Bearer token, JSON filters, `data` array). Our additions for the [?] US side, e.g. `categoryCode` and
 * the `paging` block, are listed in sim/tds/README.md. Like the EU API it caps a search at 10,000 rows:
 * pages past the window come back empty.
 */
import type { Context } from 'hono';
import * as z from 'zod';
import type { SimClock } from '../clock.ts';
import type { TdsCatalog } from '../data/tds-catalog.ts';
import { tdsCategory } from '../data/tds-categories.ts';
import { DEMO_OAUTH, HOME_WAREHOUSE } from './account.ts';

export interface CatalogueOptions {
  tokenTtlSeconds: number;
  resultWindow: number;
}

const PART_LIST = z.array(z.string()).optional();
export const CatalogueQuery = z.looseObject({
  categoryCode: z
    .string()
    .regex(/^\d{1,9}$/, 'categoryCode is 1 to 9 digits (a prefix of the 9-digit code)')
    .optional(),
  class: z.string().optional(),
  subclass: z.string().optional(),
  manufacturer: z.string().optional(),
  manufPartNumber: PART_LIST,
  tdsynnexPartNumber: PART_LIST,
  upcEan: PART_LIST,
  productStatusCode: z.enum(['Active', 'Allocated', 'Discontinued', 'PhasedOut']).optional(),
  modifiedFrom: z.string().optional(),
  includePrice: z.boolean().optional(),
  includeStock: z.boolean().optional(),
  onlyInStock: z.boolean().optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100, 'pageSize is at most 100').default(100),
});

const jsonError = (c: Context, status: 400 | 401, code: string, message: string) =>
  c.json({ error: { code, message } }, status);

export class CatalogueApi {
  readonly #tokens = new Map<string, number>();
  constructor(
    private readonly catalog: TdsCatalog,
    private readonly clock: SimClock,
    private readonly opts: CatalogueOptions,
  ) {}

  clearTokens(): void {
    this.#tokens.clear();
  }

  async token(c: Context): Promise<Response> {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const grant = String(form.grant_type ?? '');
    if (grant !== 'client_credentials') {
      return c.json({ error: 'unsupported_grant_type', error_description: 'Use grant_type=client_credentials.' }, 400);
    }
    if (form.client_id !== DEMO_OAUTH.clientId || form.client_secret !== DEMO_OAUTH.clientSecret) {
      return c.json({ error: 'invalid_client', error_description: 'Unknown client_id or wrong client_secret.' }, 401);
    }
    const bytes = crypto.getRandomValues(new Uint8Array(24));
    const accessToken = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
    this.#tokens.set(accessToken, this.clock.now().getTime() + this.opts.tokenTtlSeconds * 1000);
    return c.json({ access_token: accessToken, token_type: 'Bearer', expires_in: this.opts.tokenTtlSeconds });
  }

  /** 401 response when the Bearer token is missing, unknown or expired in simulator time. */
  unauthorized(c: Context): Response | undefined {
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? '';
    const expiresAt = this.#tokens.get(token);
    if (expiresAt !== undefined && expiresAt > this.clock.now().getTime()) return undefined;
    c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
    return jsonError(
      c,
      401,
      'invalid_token',
      expiresAt === undefined ? 'The access token is missing or unknown.' : 'The access token has expired.',
    );
  }

  async search(c: Context): Promise<Response> {
    const denied = this.unauthorized(c);
    if (denied) return denied;
    const parsed = CatalogueQuery.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success)
      return jsonError(c, 400, 'invalid_request', parsed.error.issues.map((i) => i.message).join('; '));
    const q = parsed.data;
    const nonEmpty = (v?: string[]) => (v?.some((s) => s.trim()) ? v : undefined);
    const parts = {
      tdsynnex: nonEmpty(q.tdsynnexPartNumber),
      manuf: nonEmpty(q.manufPartNumber),
      upc: nonEmpty(q.upcEan),
    };
    const prefix = q.subclass || q.class || q.categoryCode || '';
    if (!prefix && !q.manufacturer && !parts.tdsynnex && !parts.manuf && !parts.upc) {
      return jsonError(
        c,
        400,
        'missing_search_parameter',
        'At least one search parameter is required (categoryCode, class, subclass, manufacturer, tdsynnexPartNumber, manufPartNumber or upcEan); modifiedFrom alone is not enough.',
      );
    }
    const now = this.clock.now();
    let since: number | undefined;
    if (q.modifiedFrom) {
      since = Date.parse(q.modifiedFrom);
      if (Number.isNaN(since)) return jsonError(c, 400, 'invalid_request', 'modifiedFrom is not a date-time.');
    }

    const candidates = this.#candidates(prefix, parts);
    const maker = q.manufacturer?.trim().toUpperCase();
    const matches: number[] = [];
    for (const i of candidates) {
      if (prefix && !this.catalog.categoryOf(i).code.startsWith(prefix)) continue;
      if (maker) {
        const m = this.catalog.manufacturerOf(i);
        if (m.name.toUpperCase() !== maker && m.brand !== maker) continue;
      }
      if (q.productStatusCode && this.catalog.product(i).status !== q.productStatusCode) continue;
      if (since !== undefined && !this.catalog.changedBetween(i, since, now)) continue;
      if (q.onlyInStock && this.catalog.availability(i, now).totalQuantity === 0) continue;
      matches.push(i);
    }
    const start = (q.page - 1) * q.pageSize;
    const windowEnd = Math.min(matches.length, this.opts.resultWindow);
    const pageIndexes = start >= windowEnd ? [] : matches.slice(start, Math.min(start + q.pageSize, windowEnd));
    const physicalFlag = parts.tdsynnex !== undefined;
    return c.json({
      data: pageIndexes.map((i) => this.#item(i, now, q, physicalFlag)),
      paging: {
        page: q.page,
        pageSize: q.pageSize,
        totalItems: matches.length,
        totalPages: Math.ceil(Math.min(matches.length, this.opts.resultWindow) / q.pageSize),
      },
    });
  }

  #candidates(prefix: string, parts: { tdsynnex?: string[]; manuf?: string[]; upc?: string[] }): Iterable<number> {
    if (parts.tdsynnex || parts.manuf || parts.upc) {
      const found = new Set<number>();
      for (const sku of parts.tdsynnex ?? []) {
        const i = this.catalog.indexOfSku(sku);
        if (i !== undefined) found.add(i);
      }
      for (const pn of parts.manuf ?? []) {
        const p = this.catalog.productByMfgPN(pn);
        if (p) found.add(p.index);
      }
      if (parts.upc) {
        const wanted = new Set(parts.upc.map((s) => s.trim()));
        const { start, end } = this.catalog.categoryRange(prefix);
        for (let i = start; i < end; i++) if (wanted.has(this.catalog.product(i).upc)) found.add(i);
      }
      return [...found].sort((a, b) => a - b);
    }
    return this.catalog.indexesInCategory(prefix);
  }

  #item(index: number, now: Date, q: z.infer<typeof CatalogueQuery>, physicalFlag: boolean) {
    const p = this.catalog.product(index);
    const category = tdsCategory(p.categoryCode);
    const item: Record<string, unknown> = {
      tdsynnexPartNumber: p.sku,
      manufPartNumber: p.mfgPN,
      upcEan: p.upc,
      manufacturer: p.manufacturer,
      productDescription: p.description,
      ...(physicalFlag ? { isPhysicalProduct: !p.categoryCode.startsWith('011') && p.weightLb > 0.05 } : {}),
      family: p.categoryCode.slice(0, 3),
      familyDesc: category?.level1 ?? '',
      class: p.categoryCode.slice(0, 6),
      classDesc: category?.level2 ?? '',
      subclass: p.categoryCode,
      subclassDesc: category?.level3 || category?.level2 || '',
      categoryCode: p.categoryCode,
      productStatusCode: p.status,
    };
    if (q.includePrice) {
      const price = this.catalog.priceAt(index, now);
      item.price = { currencyCode: 'USD', listPrice: price.msrp, customerPrice: price.unitCost };
    }
    if (q.includeStock) {
      const stock = this.catalog.availability(index, now);
      const incoming = new Map<string, number>();
      for (const w of stock.warehouses) {
        if (w.onOrderQuantity) {
          const key = w.estimatedArrivalDate ?? '';
          incoming.set(key, (incoming.get(key) ?? 0) + w.onOrderQuantity);
        }
      }
      item.stock = {
        quantityAvailableTotal: stock.totalQuantity,
        quantityAvailableLocal: stock.warehouses.find((w) => w.warehouse.number === HOME_WAREHOUSE)?.qty ?? 0,
        quantityIncomingTotal: [...incoming.values()].reduce((a, b) => a + b, 0),
        quantityIncomingByDate: [...incoming]
          .sort(([a], [b]) => ((a || '9999') < (b || '9999') ? -1 : 1))
          .map(([date, qty]) => ({
            arrivalDate: date || null,
            quantityIncoming: qty,
            status: date ? 'Confirmed' : 'Unconfirmed',
          })),
      };
    }
    return item;
  }
}
