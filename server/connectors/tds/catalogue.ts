/**
 * The REST catalogue for Product Sync: OAuth2 client-credentials token (cached, refreshed a minute before
 * it expires and once more after a 401) and a page iterator over `POST /resellers/v2/products/catalogue`.
 * Paging stops at a short page, at the reported last page, or at an empty page (the 10,000-row window).
 */
import { tdsError } from './errors.ts';
import type { TdsHttp } from './http.ts';
import { CatalogueResponse, TokenResponse } from './schemas.ts';
import type { TdsCatalogueFilters, TdsCatalogueItem, TdsCataloguePage } from './types.ts';

export const TOKEN_ROUTE = 'POST auth/token';
export const CATALOGUE_ROUTE = 'POST resellers/v2/products/catalogue';

export interface CatalogueConfig {
  restBaseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Pause between pages, to stay polite to gateway limits. */
  pageDelayMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class CatalogueClient {
  #token: { value: string; expiresAt: number } | undefined;
  #pending: Promise<string> | undefined;

  constructor(
    private readonly http: TdsHttp,
    private readonly config: CatalogueConfig,
  ) {}

  async #accessToken(force = false): Promise<string> {
    const now = (this.config.now ?? Date.now)();
    if (!force && this.#token && this.#token.expiresAt - 60_000 > now) return this.#token.value;
    this.#pending ??= this.http
      .send(
        TOKEN_ROUTE,
        `${this.config.restBaseUrl}/auth/token`,
        () => ({
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: this.config.clientId,
            client_secret: this.config.clientSecret,
          }).toString(),
        }),
        async (response) => {
          const parsed = TokenResponse.safeParse(await response.json().catch(() => undefined));
          if (!parsed.success) {
            throw tdsError('tds_malformed_response', 'TD SYNNEX sent an unusable access-token response.', {
              route: TOKEN_ROUTE,
              retryable: true,
            });
          }
          this.#token = {
            value: parsed.data.access_token,
            expiresAt: (this.config.now ?? Date.now)() + parsed.data.expires_in * 1000,
          };
          return parsed.data.access_token;
        },
      )
      .finally(() => {
        this.#pending = undefined;
      });
    return this.#pending;
  }

  async #page(filters: TdsCatalogueFilters, page: number, pageSize: number) {
    const body = JSON.stringify({
      ...(filters.categoryCode ? { categoryCode: filters.categoryCode } : {}),
      ...(filters.manufacturer ? { manufacturer: filters.manufacturer } : {}),
      ...(filters.modifiedFrom ? { modifiedFrom: filters.modifiedFrom.toISOString() } : {}),
      ...(filters.tdsynnexPartNumber?.length ? { tdsynnexPartNumber: filters.tdsynnexPartNumber } : {}),
      ...(filters.manufPartNumber?.length ? { manufPartNumber: filters.manufPartNumber } : {}),
      ...(filters.productStatusCode ? { productStatusCode: filters.productStatusCode } : {}),
      includePrice: filters.includePrice ?? true,
      includeStock: filters.includeStock ?? true,
      ...(filters.onlyInStock ? { onlyInStock: true } : {}),
      page,
      pageSize,
    });
    for (let authAttempt = 0; ; authAttempt++) {
      const token = await this.#accessToken(authAttempt > 0);
      try {
        return await this.http.send(
          CATALOGUE_ROUTE,
          `${this.config.restBaseUrl}/resellers/v2/products/catalogue`,
          () => ({
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body,
          }),
          async (response) => {
            const parsed = CatalogueResponse.safeParse(await response.json().catch(() => undefined));
            if (!parsed.success) {
              throw tdsError('tds_malformed_response', 'TD SYNNEX sent an unusable catalogue page.', {
                route: CATALOGUE_ROUTE,
                retryable: true,
                details: { page },
              });
            }
            return parsed.data;
          },
        );
      } catch (error) {
        // A token can expire between our check and TD SYNNEX's: get a new one once.
        const status = (error as { upstreamStatus?: number }).upstreamStatus;
        if (status === 401 && authAttempt === 0) continue;
        throw error;
      }
    }
  }

  async *pages(filters: TdsCatalogueFilters): AsyncGenerator<TdsCataloguePage> {
    const hasSearch =
      filters.categoryCode ||
      filters.manufacturer ||
      filters.tdsynnexPartNumber?.length ||
      filters.manufPartNumber?.length;
    if (!hasSearch) {
      throw tdsError(
        'tds_invalid_request',
        'A TD SYNNEX catalogue search needs a category, a manufacturer or part numbers; modifiedFrom alone is refused.',
        { route: CATALOGUE_ROUTE, retryable: false },
      );
    }
    const pageSize = Math.min(100, Math.max(1, filters.pageSize ?? 100));
    let fetched = 0;
    for (let page = filters.startPage ?? 1; ; page++) {
      const body = await this.#page(filters, page, pageSize);
      const items = body.data as unknown as TdsCatalogueItem[];
      fetched += items.length;
      const totalItems = body.paging?.totalItems;
      const lastPage = body.paging?.totalPages;
      const done = items.length < pageSize || (lastPage !== undefined && page >= lastPage);
      yield {
        page,
        items,
        ...(totalItems !== undefined ? { totalItems } : {}),
        // Fewer rows than reported: the search hit TD SYNNEX's result window and must be narrowed.
        truncated: done && totalItems !== undefined && fetched < totalItems - ((filters.startPage ?? 1) - 1) * pageSize,
      };
      if (done || items.length === 0) return;
      if (this.config.pageDelayMs) await (this.config.sleep ?? delay)(this.config.pageDelayMs);
    }
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
