/**
 * The REST catalogue as a source, one page per call, resumable from a small cursor. A TD SYNNEX search
 * reaches only its first 10,000 rows (the "missing products" of Digital Bridge), so a search whose first page
 * reports more is split before its products are read: a category code into its ten one-digit-longer prefixes
 * (exhaustive, no category list needed), and a full 9-digit category into one search per manufacturer (found
 * by sampling pages across the window, then checked against the category's total). Whatever still cannot be
 * reached is reported per category, never dropped silently, and those categories are left out of deactivation.
 *
 * The cap is applied in category-code order as pages arrive: page 1 of each search is both its count and its
 * first page of products, so no page is read twice.
 */
import * as z from 'zod';
import type { TdsCatalogueFilters, TdsCatalogueItem, TdsClient } from '../../../connectors/tds/types.ts';
import type { SourceProduct } from './mapping.ts';

export const PAGE_SIZE = 100;
/** Pages sampled across the window to learn a large category's manufacturers. */
const SAMPLE_PAGES = 10;

const Search = z.object({
  /** Category code prefix, 1–9 digits. */
  prefix: z.string(),
  manufacturer: z.string().optional(),
  /** The chosen category (with its manufacturer filter) this search belongs to, for reporting. */
  chosen: z.string(),
  /** The chosen category's own search (its page 1 gives the category's total). */
  root: z.boolean().optional(),
});
type Search = z.infer<typeof Search>;

export const CatalogueCursor = z.object({
  /** Searches still to read, in order; the first is the current one. */
  queue: z.array(Search),
  page: z.number().int().min(1),
  /** Rows of the current search read so far. */
  consumed: z.number().int().min(0),
  /** The current search's total, once page 1 was read. */
  total: z.number().int().min(0).optional(),
  /** Non-discontinued products handed on: what the cap counts. */
  taken: z.number().int().min(0),
  /** Per chosen category: products TD SYNNEX reports, rows read, rows read but left out by the cap. */
  totals: z.record(z.string(), z.number()),
  read: z.record(z.string(), z.number()),
  overCap: z.record(z.string(), z.number()),
  /** Per chosen category: products no search could reach. */
  unreachable: z.record(z.string(), z.number()),
  /** A 9-digit category being split by manufacturer: pages sampled and manufacturers seen. */
  sampling: z
    .object({ search: Search, total: z.number(), pages: z.array(z.number()), found: z.array(z.string()) })
    .optional(),
  /** The manufacturer searches of a split category, checked against the category's total when the last ends. */
  splitCheck: z
    .object({ prefix: z.string(), chosen: z.string(), expected: z.number(), found: z.number(), left: z.number() })
    .optional(),
  capReached: z.boolean(),
  /** The window TD SYNNEX really applied, when a search showed it to be smaller than configured. */
  window: z.number().int().min(1).optional(),
});
export type CatalogueCursor = z.infer<typeof CatalogueCursor>;

export function startCatalogue(categories: readonly string[], manufacturers: readonly string[]): CatalogueCursor {
  const queue: Search[] = [];
  for (const prefix of categories) {
    if (manufacturers.length === 0) queue.push({ prefix, chosen: prefix, root: true });
    else {
      for (const manufacturer of [...manufacturers].sort()) {
        queue.push({ prefix, manufacturer, chosen: `${prefix} (${manufacturer})`, root: true });
      }
    }
  }
  return {
    queue,
    page: 1,
    consumed: 0,
    taken: 0,
    totals: {},
    read: {},
    overCap: {},
    unreachable: {},
    capReached: false,
  };
}

export interface CatalogueEnv {
  tds: TdsClient;
  /** Rows one search can reach. */
  window: number;
  cap: number;
  /** Incremental pass: only products changed since then (the cap then applies when creating). */
  modifiedFrom?: Date;
}

export interface CatalogueStep {
  products: SourceProduct[];
  /** Products read but left out because of the cap. */
  overCap: number;
  done: boolean;
}

type Page = Awaited<ReturnType<typeof fetchPageNow>>;
/**
 * A page asked for ahead of time, per run's TD SYNNEX client (see prefetchNextPage). Per-process cache, dies with
 * the client (the run's scope): losing it costs one page read again.
 */
const prefetched = new WeakMap<TdsClient, { key: string; page: Promise<Page> }>();

const pageKey = (env: CatalogueEnv, search: Search, page: number, pageSize: number) =>
  JSON.stringify([search.prefix, search.manufacturer ?? '', page, pageSize, env.modifiedFrom?.toISOString() ?? '']);

async function fetchPage(env: CatalogueEnv, search: Search, page: number, pageSize = PAGE_SIZE): Promise<Page> {
  const ahead = prefetched.get(env.tds);
  if (ahead) {
    prefetched.delete(env.tds);
    if (ahead.key === pageKey(env, search, page, pageSize)) return ahead.page;
  }
  return fetchPageNow(env, search, page, pageSize);
}

/**
 * Starts reading the page that comes next while the current one is being written, so TD SYNNEX's latency is
 * not added to every page. Only the next page of the same search is guessed; anything else is read as usual.
 */
export function prefetchNextPage(cursor: CatalogueCursor, env: CatalogueEnv): void {
  const search = cursor.queue[0];
  if (!search || cursor.sampling || cursor.capReached || cursor.page < 2) return;
  const page = fetchPageNow(env, search, cursor.page, PAGE_SIZE);
  // A prefetch nobody asks for (the run stopped) must not become an unhandled rejection.
  page.catch(() => undefined);
  prefetched.set(env.tds, { key: pageKey(env, search, cursor.page, PAGE_SIZE), page });
}

async function fetchPageNow(env: CatalogueEnv, search: Search, page: number, pageSize: number) {
  const filters: TdsCatalogueFilters = {
    categoryCode: search.prefix,
    manufacturer: search.manufacturer,
    modifiedFrom: env.modifiedFrom,
    includePrice: true,
    includeStock: false,
    pageSize,
    startPage: page,
  };
  // One page per call: the iterator is left after its first page, so nothing more is fetched.
  for await (const result of env.tds.catalogueSearch(filters)) return result;
  return { page, items: [] as TdsCatalogueItem[], truncated: false, totalItems: 0 };
}

export function toSourceProduct(item: TdsCatalogueItem): SourceProduct {
  return {
    sku: String(item.tdsynnexPartNumber).trim(),
    mfgPN: String(item.manufPartNumber ?? '').trim(),
    manufacturer: String(item.manufacturer ?? '').trim(),
    description: String(item.productDescription ?? '').trim(),
    categoryCode: String(item.categoryCode ?? item.subclass ?? ''),
    discontinued: String(item.productStatusCode ?? '').toLowerCase() === 'discontinued',
    cost: typeof item.price?.customerPrice === 'number' ? item.price.customerPrice : null,
    msrp: typeof item.price?.listPrice === 'number' ? item.price.listPrice : null,
  };
}

const add = (record: Record<string, number>, key: string, n: number) => {
  if (n !== 0) record[key] = (record[key] ?? 0) + n;
};

/**
 * Does the next call's worth of work (a page, a sample, or the final counts) and returns the products to write.
 * Mutates `cursor`; the caller saves it with the checkpoint once the products are written.
 */
export async function nextCataloguePage(cursor: CatalogueCursor, env: CatalogueEnv): Promise<CatalogueStep> {
  const capped = !env.modifiedFrom;
  const window = Math.min(env.window, cursor.window ?? Number.POSITIVE_INFINITY);
  if (cursor.sampling) {
    await sampleNext(cursor, { ...env, window });
    return { products: [], overCap: 0, done: false };
  }
  if (cursor.capReached) return { products: [], overCap: await countRest(cursor, env), done: true };
  const search = cursor.queue[0];
  if (!search) return { products: [], overCap: 0, done: true };

  const result = await fetchPage(env, search, cursor.page);
  if (cursor.page === 1) {
    cursor.consumed = 0;
    const total = result.totalItems;
    if (search.root && total !== undefined) cursor.totals[search.chosen] = total;
    if (total !== undefined && total > window) {
      if (splitSearch(cursor, search, total, result.items)) return { products: [], overCap: 0, done: false };
      // As narrow as the API allows: read the window and report the rest.
      add(cursor.unreachable, search.chosen, total - window);
    }
    cursor.total = total;
  }

  const products: SourceProduct[] = [];
  let overCap = 0;
  for (const item of result.items) {
    const product = toSourceProduct(item);
    cursor.consumed++;
    add(cursor.read, search.chosen, 1);
    if (product.discontinued) products.push(product);
    else if (capped && cursor.taken >= env.cap) overCap++;
    else {
      cursor.taken++;
      products.push(product);
    }
  }
  add(cursor.overCap, search.chosen, overCap);
  const reachable = Math.min(cursor.total ?? Number.POSITIVE_INFINITY, window);
  const searchDone = result.items.length < PAGE_SIZE || cursor.consumed >= reachable;
  const total = cursor.total;
  if (searchDone && total !== undefined && cursor.consumed < total && total <= window) {
    // TD SYNNEX's window is smaller than configured: learn it and split the search, so nothing is missed. The
    // narrower searches read these rows again; they are skipped then.
    const read = cursor.consumed;
    cursor.window = Math.max(PAGE_SIZE, read);
    if (splitSearch(cursor, search, total, result.items)) {
      cursor.page = 1;
      cursor.consumed = 0;
      cursor.total = undefined;
    } else {
      add(cursor.unreachable, search.chosen, total - read);
      finishSearch(cursor, search);
    }
  } else if (searchDone) finishSearch(cursor, search);
  else cursor.page++;
  if (capped && cursor.taken >= env.cap && cursor.queue.length > 0) cursor.capReached = true;
  return { products, overCap, done: cursor.queue.length === 0 };
}

function finishSearch(cursor: CatalogueCursor, search: Search): void {
  const check = cursor.splitCheck;
  if (check && search.manufacturer && search.prefix === check.prefix) {
    check.found += cursor.total ?? cursor.consumed;
    check.left--;
    if (check.left <= 0) {
      add(cursor.unreachable, check.chosen, Math.max(0, check.expected - check.found));
      cursor.splitCheck = undefined;
    }
  }
  cursor.queue.shift();
  cursor.page = 1;
  cursor.consumed = 0;
  cursor.total = undefined;
}

/** Replaces a search that exceeds the window by narrower ones covering the same products; false if it cannot. */
function splitSearch(cursor: CatalogueCursor, search: Search, total: number, firstPage: TdsCatalogueItem[]): boolean {
  if (search.prefix.length < 9) {
    cursor.queue.shift();
    const children = Array.from({ length: 10 }, (_, d) => ({
      prefix: `${search.prefix}${d}`,
      manufacturer: search.manufacturer,
      chosen: search.chosen,
    }));
    cursor.queue.unshift(...children);
    return true;
  }
  if (search.manufacturer || cursor.splitCheck) return false;
  cursor.queue.shift();
  cursor.sampling = {
    search: { prefix: search.prefix, chosen: search.chosen },
    total,
    pages: [1],
    found: [...new Set(firstPage.map((i) => String(i.manufacturer ?? '').trim()).filter(Boolean))],
  };
  return true;
}

/** Samples one more page across the window, or queues one search per manufacturer seen. */
async function sampleNext(cursor: CatalogueCursor, env: CatalogueEnv): Promise<void> {
  const sampling = cursor.sampling!;
  const reachablePages = Math.max(1, Math.floor(Math.min(sampling.total, env.window) / PAGE_SIZE));
  const wanted = [
    ...new Set(Array.from({ length: SAMPLE_PAGES }, (_, i) => Math.ceil(((i + 1) * reachablePages) / SAMPLE_PAGES))),
  ];
  const next = wanted.find((p) => !sampling.pages.includes(p));
  if (next !== undefined) {
    const result = await fetchPage(env, sampling.search, next);
    sampling.pages.push(next);
    for (const item of result.items) {
      const m = String(item.manufacturer ?? '').trim();
      if (m && !sampling.found.includes(m)) sampling.found.push(m);
    }
    return;
  }
  const searches = [...sampling.found].sort().map((manufacturer) => ({ ...sampling.search, manufacturer }));
  cursor.splitCheck = {
    prefix: sampling.search.prefix,
    chosen: sampling.search.chosen,
    expected: sampling.total,
    found: 0,
    left: searches.length,
  };
  cursor.queue.unshift(...searches);
  cursor.sampling = undefined;
}

/** The cap is reached: count what is left per chosen category (one one-row page where no total is known yet). */
async function countRest(cursor: CatalogueCursor, env: CatalogueEnv): Promise<number> {
  for (const search of cursor.queue) {
    if (!search.root || cursor.totals[search.chosen] !== undefined) continue;
    const probe = await fetchPage(env, search, 1, 1);
    cursor.totals[search.chosen] = probe.totalItems ?? 0;
  }
  cursor.queue = [];
  cursor.sampling = undefined;
  return 0;
}

/** Products the cap left out, per chosen category (what TD SYNNEX reports minus what was synced or unreachable). */
export function overflowByCategory(cursor: CatalogueCursor): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [code, total] of Object.entries(cursor.totals)) {
    const left = total - (cursor.read[code] ?? 0) + (cursor.overCap[code] ?? 0) - (cursor.unreachable[code] ?? 0);
    if (left > 0) out[code] = left;
  }
  return out;
}

/** Chosen categories (their code, without a manufacturer) whose products could not all be read. */
export function incompleteCategories(cursor: CatalogueCursor): string[] {
  return Object.entries(cursor.unreachable)
    .filter(([, n]) => n > 0)
    .map(([chosen]) => chosen.split(' ')[0]!);
}
