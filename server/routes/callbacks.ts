/**
 * The ConnectWise callback receiver, `POST /api/callbacks/cw/:tenantId` (registered by activation). Checks
 * the `x-content-signature` over the raw body with the key at the payload's `key_url` — fetched only from
 * the tenant's own ConnectWise hosts (and the simulator while it runs) — and that the payload is the
 * tenant's company, then hands the event to the handlers registered in server/callbacks/registry.ts.
 *
 * ConnectWise waits 5 s and retries only on 404/409/419/429, so: answer 2xx quickly (handlers run on after
 * the answer when they take longer than INLINE_BUDGET_MS), 401 for a bad signature (no retry wanted), and
 * 429 when our own fetch of the signing key failed, which asks ConnectWise to deliver the callback again.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app.ts';
import { recordCallbackFailure, recordCallbackRefusal } from '../callbacks/audit.ts';
import { type CallbackHandler, type CwCallbackEvent, callbackRegistry } from '../callbacks/registry.ts';
import { CwCallbackVerifier } from '../connectors/cw/callbacks.ts';
import type { CwCallbackPayload } from '../connectors/cw/schemas.ts';
import { isUpstreamError } from '../connectors/upstream-error.ts';
import type { Deps } from '../deps.ts';
import { envelope } from '../errors.ts';
import { publicOrigin } from '../setup/public-origin.ts';
import { loadConnections } from '../tenants/connections.ts';
import { getTenant, type Tenant } from '../tenants/tenant-repo.ts';

/** Longest a callback waits for its handlers before answering 202 (ConnectWise gives up after 5 s). */
export const INLINE_BUDGET_MS = 2_500;
const MAX_BODY_BYTES = 1_000_000;

const verifiers = new WeakMap<Deps, Map<string, CwCallbackVerifier>>();

/** One verifier (and so one signing-key cache) per tenant and set of trusted hosts. */
function verifierFor(deps: Deps, tenantId: string, trusted: string[], clientId: string | undefined) {
  let byTenant = verifiers.get(deps);
  if (!byTenant) {
    byTenant = new Map();
    verifiers.set(deps, byTenant);
  }
  const key = `${tenantId}|${trusted.join(',')}`;
  let verifier = byTenant.get(key);
  if (!verifier) {
    verifier = new CwCallbackVerifier({ trustedKeyUrlOrigins: trusted, fetch: deps.fetch, clientId });
    byTenant.set(key, verifier);
  }
  return verifier;
}

const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
};

/** The tenant's ConnectWise hosts: its site, and each connection's site and API host (cloud: with and without "api-"). */
async function trustedOrigins(deps: Deps, tenant: Tenant, requestUrl: string) {
  const connections = await loadConnections(deps, tenant.id, 'cw');
  const urls = [tenant.cwSite, ...connections.flatMap((c) => [c.config.site, c.config.apiUrl])];
  const origins = new Set<string>();
  for (const url of urls) {
    const origin = originOf(url);
    if (!origin) continue;
    origins.add(origin);
    origins.add(origin.replace('://api-', '://'));
  }
  if (deps.simulators) origins.add(publicOrigin(deps, requestUrl));
  return { trusted: [...origins].sort(), clientId: connections[0]?.config.clientId };
}

function parseEntity(payload: CwCallbackPayload): Record<string, unknown> | null | undefined {
  if (payload.Entity === null || payload.Entity === undefined || payload.Entity === '') return null;
  try {
    const parsed = JSON.parse(payload.Entity);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Refuses a payload signed for another ConnectWise company than the tenant's. */
function companyProblem(payload: CwCallbackPayload, tenant: Tenant): string | undefined {
  const company = tenant.cwCompanyId.toLowerCase();
  if (payload.CompanyId && payload.CompanyId.toLowerCase() !== company) {
    return `the callback is from company "${payload.CompanyId}", not "${tenant.cwCompanyId}"`;
  }
  const keyCompany = new URL(payload.Metadata.key_url).searchParams.get('companyName');
  if (keyCompany && keyCompany.toLowerCase() !== company) {
    return `the signing key belongs to company "${keyCompany}", not "${tenant.cwCompanyId}"`;
  }
  return undefined;
}

async function runHandlers(
  deps: Deps,
  event: CwCallbackEvent,
  handlers: Array<{ name: string; handler: CallbackHandler }>,
): Promise<void> {
  await Promise.all(
    handlers.map(async ({ name, handler }) => {
      try {
        await handler(event, { deps });
      } catch (error) {
        await recordCallbackFailure(deps, event, name, error).catch(() => undefined);
      }
    }),
  );
}

export function callbackRoutes() {
  return new Hono<AppEnv>().post('/cw/:tenantId', async (c) => {
    const deps = c.var.deps;
    const tenantId = c.req.param('tenantId');
    const tenant = await getTenant(deps.db, tenantId);
    if (!tenant) return c.json(envelope('tenant_not_found', `There is no tenant "${tenantId}".`), 404);
    const length = Number(c.req.header('content-length') ?? 0);
    if (length > MAX_BODY_BYTES) return c.json(envelope('callback_too_large', 'The callback body is too large.'), 413);
    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (raw.byteLength > MAX_BODY_BYTES) {
      return c.json(envelope('callback_too_large', 'The callback body is too large.'), 413);
    }

    const { trusted, clientId } = await trustedOrigins(deps, tenant, c.req.url);
    let payload: CwCallbackPayload;
    try {
      payload = await verifierFor(deps, tenantId, trusted, clientId).verify(raw, c.req.header('x-content-signature'));
    } catch (error) {
      if (isUpstreamError(error) && error.code === 'cw_network') {
        // Our fetch of the signing key failed: 429 is one of the statuses ConnectWise retries.
        return c.json(envelope('callback_key_unavailable', error.message), 429, { 'Retry-After': '2' });
      }
      const code = isUpstreamError(error) ? error.code : 'cw_callback_invalid';
      const message = error instanceof Error ? error.message : String(error);
      await recordCallbackRefusal(deps, tenantId, code, message, c.req.header('x-forwarded-for'));
      return c.json(envelope(code, message), 401);
    }
    const wrongCompany = companyProblem(payload, tenant);
    if (wrongCompany) {
      const message = `Refused a ConnectWise callback: ${wrongCompany}.`;
      await recordCallbackRefusal(deps, tenantId, 'callback_wrong_company', message, c.req.header('x-forwarded-for'));
      return c.json(envelope('callback_wrong_company', message), 401);
    }
    const entity = parseEntity(payload);
    if (entity === undefined) {
      return c.json(envelope('callback_invalid_entity', 'The callback Entity is not a JSON object.'), 400);
    }
    const event: CwCallbackEvent = {
      tenantId,
      type: payload.Type.toLowerCase(),
      action: payload.Action.toLowerCase(),
      id: payload.ID,
      entity,
      memberId: payload.MemberId ?? undefined,
      messageId: payload.MessageId ?? undefined,
      payload,
    };
    const handlers = callbackRegistry.handlersFor(event.type, event.action);
    const answer = { received: true, type: event.type, action: event.action, id: event.id, handlers: handlers.length };
    if (handlers.length === 0) return c.json(answer, 200);

    const work = runHandlers(deps, event, handlers);
    try {
      c.executionCtx.waitUntil(work);
      return c.json({ ...answer, done: false }, 202);
    } catch {
      // No execution context (Node): wait a little, then let the handlers finish after the answer.
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finished = await Promise.race([
      work.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), INLINE_BUDGET_MS);
      }),
    ]);
    clearTimeout(timer);
    return c.json({ ...answer, done: finished }, finished ? 200 : 202);
  });
}
