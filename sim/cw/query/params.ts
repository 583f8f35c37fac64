/**
 * List parameters as ConnectWise reads them: names case-insensitive, `pageSize` 1–1000 (default 25),
 * `page` ≥ 1, forward-only paging via the `pagination-type: forward-only` header and `pageId`.
 */
import { badRequest, CwHttpError } from '../errors.ts';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 1000;

export interface ListParams {
  conditions?: string;
  childConditions?: string;
  customFieldConditions?: string;
  orderBy?: string;
  fields?: string;
  page: number;
  pageSize: number;
  forwardOnly: boolean;
  pageId: number;
}

export type Query = Record<string, string>;

/** Lower-cased query names → last value (ASP.NET model binding ignores case). */
export function queryOf(url: URL): Query {
  const out: Query = {};
  for (const [key, value] of url.searchParams) out[key.toLowerCase()] = value;
  return out;
}

function outOfRange(field: string, min: number, max: number): CwHttpError {
  return new CwHttpError(400, {
    code: 'InvalidObject',
    message: `${field} object is invalid`,
    errors: [
      { code: 'OutOfRange', message: `The field ${field} must be between ${min} and ${max}.`, resource: field, field },
    ],
  });
}

function intParam(query: Query, name: string, fallback: number, min: number, max: number): number {
  const raw = query[name.toLowerCase()];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw outOfRange(name, min, max);
  return value;
}

export function parseListParams(query: Query, headers: Headers, body?: Record<string, unknown>): ListParams {
  const forwardOnly = (headers.get('pagination-type') ?? '').toLowerCase() === 'forward-only';
  const text = (name: string) => {
    const fromBody = body?.[name];
    if (typeof fromBody === 'string') return fromBody;
    return query[name.toLowerCase()] || undefined;
  };
  const params: ListParams = {
    conditions: text('conditions'),
    childConditions: text('childConditions'),
    customFieldConditions: text('customFieldConditions'),
    orderBy: text('orderBy'),
    fields: text('fields'),
    pageSize: intParam(query, 'pageSize', DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
    page: intParam(query, 'page', 1, 1, 2_147_483_647),
    forwardOnly,
    pageId: forwardOnly ? intParam(query, 'pageId', 0, 0, 2_147_483_647) : 0,
  };
  if (forwardOnly && params.orderBy) {
    throw badRequest('orderBy cannot be used with forward-only pagination; results are ordered by id.');
  }
  return params;
}
