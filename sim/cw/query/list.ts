/**
 * One list/count/search request: filter (conditions, childConditions, customFieldConditions), order, page
 * (navigable or forward-only) and shape. Forward-only walks ids upward from `pageId` and stops once the
 * page is full, so a 100,000-record catalog costs one pass in total, not one per page.
 */
import {
  ConditionsError,
  compileChildConditions,
  compileConditions,
  compileCustomFieldConditions,
  type FieldType,
  ISO_DATETIME,
  type Predicate,
  resolvePath,
} from '../conditions/index.ts';
import type { EntityDef, Rec } from '../entities/index.ts';
import { badRequest } from '../errors.ts';
import { parseFields, presentRecord, project } from '../records/present.ts';
import type { CwRecords } from '../records/repository.ts';
import { type LinkTarget, linkHeader } from './link.ts';
import { parseOrderBy, sortRecords } from './order.ts';
import type { ListParams } from './params.ts';

export interface ListContext {
  records: CwRecords;
  def: EntityDef;
  parentId?: number;
  params: ListParams;
  apiBase: string;
  /** Absolute URL of this list without query, for Link headers. */
  selfUrl: string;
  query: URLSearchParams;
}

export function runList(ctx: ListContext): { items: unknown[]; link?: string } {
  const { records, def, params } = ctx;
  const source = records.scoped(def, ctx.parentId);
  const accept = buildFilter(ctx, source);
  const tree = parseFields(params.fields);
  const shape = (hydrated: Rec) => project(presentRecord(def, hydrated, ctx.apiBase), tree);

  if (params.forwardOnly) {
    const page: Rec[] = [];
    for (const rec of source) {
      if (Number(rec.id) <= params.pageId) continue;
      const hydrated = records.hydrate(def, rec);
      if (!accept(hydrated)) continue;
      page.push(hydrated);
      if (page.length === params.pageSize) break;
    }
    // ConnectWise does not look ahead: a full page always links to the next pageId, which may be empty.
    // Forward-only always sends a Link header; after the last page it is empty (PSmod tests the header's
    // presence to tell forward-only endpoints apart, then stops on an empty value).
    const targets: LinkTarget[] =
      page.length === params.pageSize
        ? [{ rel: 'next', params: { pageSize: params.pageSize, pageId: Number(page.at(-1)!.id) } }]
        : [];
    return { items: page.map(shape), link: linkHeader(ctx.selfUrl, ctx.query, targets) ?? '' };
  }

  let matched = source.map((r) => records.hydrate(def, r)).filter(accept);
  if (params.orderBy) matched = sortRecords(matched, parseOrderBy(params.orderBy));
  const { page, pageSize } = params;
  const lastPage = Math.max(1, Math.ceil(matched.length / pageSize));
  const items = matched.slice((page - 1) * pageSize, page * pageSize);
  const targets: LinkTarget[] = [];
  if (page > 1) {
    targets.push({ rel: 'first', params: { pageSize, page: 1 } });
    targets.push({ rel: 'prev', params: { pageSize, page: Math.min(page - 1, lastPage) } });
  }
  if (page < lastPage) targets.push({ rel: 'next', params: { pageSize, page: page + 1 } });
  // `last` is always there, even on the last page (amp-labs/connectors captures).
  targets.push({ rel: 'last', params: { pageSize, page: lastPage } });
  return { items: items.map(shape), link: linkHeader(ctx.selfUrl, ctx.query, targets) };
}

export function runCount(ctx: ListContext): number {
  const source = ctx.records.scoped(ctx.def, ctx.parentId);
  const accept = buildFilter(ctx, source);
  let count = 0;
  for (const rec of source) if (accept(ctx.records.hydrate(ctx.def, rec))) count += 1;
  return count;
}

function buildFilter(ctx: ListContext, source: Rec[]): Predicate {
  const predicates: Predicate[] = [];
  try {
    const { conditions, childConditions, customFieldConditions } = ctx.params;
    if (conditions) predicates.push(compileConditions(conditions, fieldTypes(ctx.def, source)));
    if (childConditions) predicates.push(compileChildConditions(childConditions));
    if (customFieldConditions) predicates.push(compileCustomFieldConditions(customFieldConditions));
  } catch (error) {
    if (error instanceof ConditionsError) throw badRequest(error.message);
    throw error;
  }
  return (rec) => predicates.every((p) => p(rec));
}

const SAMPLE = 2000;

/** Field types for conditions type-checking: declared ones first, then what the data holds. */
function fieldTypes(def: EntityDef, source: Rec[]): (path: string[]) => FieldType {
  return (path) => {
    const key = path.join('/');
    const declared = def.types[key];
    if (declared) return declared;
    const last = path.at(-1)!.toLowerCase();
    if (['lastupdated', 'dateentered'].includes(last)) return 'datetime';
    for (let i = 0; i < source.length && i < SAMPLE; i++) {
      const value = resolvePath(source[i], path)[0];
      if (value === undefined || value === null) continue;
      if (typeof value === 'boolean') return 'boolean';
      if (typeof value === 'number') return 'number';
      if (typeof value === 'string') return ISO_DATETIME.test(value) ? 'datetime' : 'string';
      return 'unknown';
    }
    if (last.endsWith('flag')) return 'boolean';
    if (last === 'id') return 'number';
    return 'unknown';
  };
}
