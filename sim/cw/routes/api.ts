/**
 * The REST surface under `/{codebase}/apis/3.0/`: throttling, version check, authentication, security
 * role, then the generic collection/item/count/search actions for every registered entity.
 */
import type { Context } from 'hono';
import { type EntityDef, matchRoute, type Rec } from '../entities/index.ts';
import { badRequest, CwHttpError, endpointMissingError, notFoundError, throttled } from '../errors.ts';
import { errorResponse } from '../fault-render.ts';
import { runCount, runList } from '../query/list.ts';
import { parseListParams, queryOf } from '../query/params.ts';
import type { TokenBucket } from '../rate-limit.ts';
import { parseFields, presentRecord, project } from '../records/present.ts';
import type { Actor, CwRecords } from '../records/repository.ts';
import { type Caller, levelFor, type Security } from '../security.ts';
import { forecast, myMemberInfo, systemInfo } from './system.ts';

export const API_PATH = /^(.*?)\/(v4_6_release|v20\d\d_\d+)\/apis\/3\.0\/?(.*)$/i;

export interface ApiDeps {
  baseUrl: string;
  records: CwRecords;
  security: Security;
  bucket: TokenBucket;
}

export async function handleApi(c: Context, deps: ApiDeps, match: RegExpExecArray): Promise<Response> {
  try {
    const wait = deps.bucket.take();
    if (wait > 0) throw throttled(wait);
    checkVersion(c);
    const caller = deps.security.authenticate(c.req.raw.headers);
    return await dispatch(c, deps, caller, match[2]!, match[3] ?? '');
  } catch (error) {
    if (error instanceof CwHttpError) return errorResponse(error);
    console.error('[sim/cw] unexpected error', error);
    return errorResponse(new CwHttpError(500, { code: 'ConnectWiseApi', message: (error as Error).message }));
  }
}

async function dispatch(c: Context, deps: ApiDeps, caller: Caller, codebase: string, rest: string): Promise<Response> {
  const method = c.req.method.toUpperCase();
  const apiBase = `${deps.baseUrl}/${codebase}/apis/3.0`;
  const path = rest.replace(/\/+$/, '');
  const lower = path.toLowerCase();
  if (method === 'GET' && lower === 'system/info') return c.json(systemInfo());
  if (method === 'GET' && lower === 'system/mymembers/info') return c.json(myMemberInfo(deps.records, caller, apiBase));
  const forecastMatch = /^sales\/opportunities\/(\d+)\/forecast$/i.exec(path);
  if (method === 'GET' && forecastMatch) {
    const opportunityDef = matchRoute('sales/opportunities')!.def;
    deps.security.authorize(caller, opportunityDef, 'inquire');
    return c.json(forecast(deps.records, Number(forecastMatch[1]), apiBase));
  }

  const route = matchRoute(path);
  if (!route) throw endpointMissingError();
  const { def, parentId, action } = route;
  deps.security.authorize(caller, def, levelFor(method, action.kind === 'search'));
  const actor: Actor = { id: caller.id, identifier: caller.identifier };
  const url = new URL(c.req.url);
  const query = queryOf(url);
  const listContext = (body?: Rec) => ({
    records: deps.records,
    def,
    parentId,
    params: parseListParams(query, c.req.raw.headers, body),
    apiBase,
    selfUrl: `${apiBase}/${path}`,
    query: url.searchParams,
  });
  const present = (rec: Rec) =>
    project(presentRecord(def, deps.records.hydrate(def, rec), apiBase), parseFields(query.fields));

  switch (action.kind) {
    case 'count':
      if (method !== 'GET') break;
      deps.records.requireParent(def, parentId);
      return c.json({ count: runCount(listContext()) });
    case 'search': {
      if (method !== 'POST') break;
      deps.records.requireParent(def, parentId);
      const body = await readJson(c);
      const ctx = listContext(body && typeof body === 'object' ? (body as Rec) : undefined);
      const { items, link } = runList({ ...ctx, selfUrl: `${apiBase}/${path}` });
      if (link !== undefined) c.header('Link', link);
      return c.json(items);
    }
    case 'collection':
      if (method === 'GET') {
        deps.records.requireParent(def, parentId);
        const { items, link } = runList(listContext());
        if (link !== undefined) c.header('Link', link);
        return c.json(items);
      }
      if (method === 'POST') {
        const created = deps.records.create(def, await readJson(c), actor, parentId);
        return c.json(present(stampCreator(deps, def, created, caller)), 201);
      }
      break;
    case 'item': {
      const id = action.id;
      if (method === 'GET') {
        deps.records.requireParent(def, parentId);
        const rec = deps.records.findScoped(def, id, parentId);
        if (!rec) throw notFoundError(`${def.resource} with id ${id} was not found.`);
        return c.json(present(rec));
      }
      if (method === 'PUT') return c.json(present(deps.records.replace(def, id, await readJson(c), actor, parentId)));
      if (method === 'PATCH') return c.json(present(deps.records.patch(def, id, await readJson(c), actor, parentId)));
      if (method === 'DELETE') {
        deps.records.remove(def, id, actor, parentId);
        return c.body(null, 204);
      }
      break;
    }
  }
  throw new CwHttpError(405, {
    code: 'MethodNotAllowed',
    message: `The requested resource does not support http method '${method}'.`,
  });
}

/** Server-set owner fields ConnectWise fills from the caller. */
function stampCreator(deps: ApiDeps, def: EntityDef, rec: Rec, caller: Caller): Rec {
  const path = def.path;
  if (path === 'system/callbacks') return deps.records.insert(def, { ...rec, memberId: caller.id });
  if (path === 'system/connectwisehostedsetups')
    return deps.records.insert(def, { ...rec, createdBy: caller.identifier });
  return rec;
}

async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (!text.trim()) throw badRequest('The request body is empty; send JSON.');
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
}

/** `Accept: application/vnd.connectwise.com+json; version=2022.1` pins models; nonsense versions are refused. */
function checkVersion(c: Context): void {
  const accept = c.req.header('accept') ?? '';
  const m = /version\s*=\s*([^,;\s]+)/i.exec(accept);
  if (!m) return;
  const version = m[1]!;
  const parts = /^(\d{4})\.(\d{1,2})$/.exec(version);
  const ok = parts && Number(parts[1]) >= 2019 && Number(parts[1]) <= 2026;
  if (!ok) {
    throw new CwHttpError(400, {
      code: 'ConnectWiseApi',
      message: `The HTTP resource that matches the request URI '${c.req.url}' does not support the API version '${version}'.`,
    });
  }
}
