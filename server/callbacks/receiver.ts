/**
 * Verifies a ConnectWise callback delivery and, once verified, writes its work to the durable intake — one
 * request per matching handler, keyed by MessageId and body hash — so the answer to ConnectWise leaves only
 * after the work is stored. Verification order keeps a forged call cheap: no signature → no upstream call;
 * the company, the key URL's host and shape are checked before the key is fetched; a key is fetched only when
 * not cached, not refused before, and the tenant is not under a flood of refusals (audit.ts, in libSQL).
 */

import { CwCallbackPayload } from '../connectors/cw/schemas.ts';
import { isUpstreamError } from '../connectors/upstream-error.ts';
import type { Services } from '../services.ts';
import { publicOrigin } from '../setup/public-origin.ts';
import { loadConnections } from '../tenants/connections.ts';
import { getTenant, type Tenant } from '../tenants/tenant-repo.ts';
import { keyRefused, recordCallbackRefusal, refusalFlood, rememberRefusedKey } from './audit.ts';
import type { CwCallbackEvent } from './registry.ts';
import { bodyHash, signatureMatches } from './signing-keys.ts';
import { checkKeyUrl, trustedKeyOrigins } from './trust.ts';

export interface Delivery {
  tenantId: string;
  body: Uint8Array;
  signature: string | undefined;
  forwardedFor: string | undefined;
  requestUrl: string;
  /** Workers: keeps the drain alive after the answer. */
  waitUntil?: (work: Promise<unknown>) => void;
}

export type Verdict =
  /** 401, the same for an unknown tenant and a bad signature. */
  | { kind: 'refused' }
  /** 429: our fetch of the key failed or is held back; ConnectWise delivers again. */
  | { kind: 'retry' }
  | { kind: 'bad_entity' }
  | {
      kind: 'accepted';
      event: CwCallbackEvent;
      handlers: number;
      /** Intake requests written by this delivery (0 when it repeats one already accepted). */
      queued: number;
      duplicate: boolean;
    };

class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
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

function parsePayload(body: Uint8Array): CwCallbackPayload {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new Refusal('cw_callback_invalid', 'Refused a ConnectWise callback: the body is not JSON.');
  }
  const payload = CwCallbackPayload.safeParse(json);
  if (!payload.success) {
    throw new Refusal('cw_callback_invalid', 'Refused a ConnectWise callback: the body is not a callback payload.');
  }
  return payload.data;
}

/** The signing key for the payload's key URL, or a Refusal / 'retry'. */
async function signingKey(services: Services, tenant: Tenant, payload: CwCallbackPayload, requestUrl: string) {
  const { deps } = services;
  const connections = await loadConnections(deps, tenant.id, 'cw');
  // Never trusted as a key host, except for the tenant whose ConnectWise is the simulator mounted here.
  const serverOrigin = publicOrigin(deps, requestUrl);
  const simulatorTenant =
    !!deps.simulators && connections.some((c) => c.config.apiUrl.startsWith(`${serverOrigin}/sim/cw/`));
  const trusted = trustedKeyOrigins({
    tenant,
    connectionUrls: connections.flatMap((c) => [c.config.site, c.config.apiUrl]),
    serverOrigin,
    simulatorTenant,
  });
  const checked = checkKeyUrl(payload.Metadata.key_url, trusted, tenant.cwCompanyId);
  if (!checked.ok) throw new Refusal('cw_untrusted_key_url', `Refused a ConnectWise callback: ${checked.why}.`);
  const cached = services.signingKeys.cached(checked.key);
  if (cached) return cached;
  const now = deps.now();
  if (await keyRefused(deps.db, tenant.id, checked.key.keyId, now)) {
    throw new Refusal('cw_callback_invalid', 'Refused a ConnectWise callback: its signing key was refused recently.');
  }
  if (await refusalFlood(deps.db, tenant.id, now)) return 'retry' as const;
  try {
    return await services.signingKeys.fetch(checked.key, connections[0]?.config.clientId);
  } catch (error) {
    if (isUpstreamError(error) && error.code === 'cw_network') return 'retry' as const;
    await rememberRefusedKey(deps.db, tenant.id, checked.key.keyId, now);
    throw new Refusal('cw_callback_invalid', (error as Error).message);
  }
}

async function verify(services: Services, tenant: Tenant, delivery: Delivery) {
  if (!delivery.signature) {
    throw new Refusal(
      'cw_callback_invalid',
      'Refused a ConnectWise callback: the x-content-signature header is missing.',
    );
  }
  const payload = parsePayload(delivery.body);
  if (payload.CompanyId && payload.CompanyId.toLowerCase() !== tenant.cwCompanyId.toLowerCase()) {
    throw new Refusal(
      'callback_wrong_company',
      `Refused a ConnectWise callback: it is from company "${payload.CompanyId}", not "${tenant.cwCompanyId}".`,
    );
  }
  const key = await signingKey(services, tenant, payload, delivery.requestUrl);
  if (key === 'retry') return 'retry' as const;
  if (!(await signatureMatches(key, delivery.body, delivery.signature))) {
    throw new Refusal('cw_callback_invalid', 'Refused a ConnectWise callback: the signature does not match the body.');
  }
  return payload;
}

export async function receiveCallback(services: Services, delivery: Delivery): Promise<Verdict> {
  const { deps } = services;
  const tenant = await getTenant(deps.db, delivery.tenantId);
  if (!tenant) return { kind: 'refused' };
  let payload: CwCallbackPayload;
  try {
    const verified = await verify(services, tenant, delivery);
    if (verified === 'retry') return { kind: 'retry' };
    payload = verified;
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    await recordCallbackRefusal(deps, {
      tenantId: tenant.id,
      code: error.code,
      message: error.message,
      forwardedFor: delivery.forwardedFor,
    });
    return { kind: 'refused' };
  }
  const entity = parseEntity(payload);
  if (entity === undefined) return { kind: 'bad_entity' };
  const event: CwCallbackEvent = {
    tenantId: tenant.id,
    type: payload.Type.toLowerCase(),
    action: payload.Action.toLowerCase(),
    id: payload.ID,
    entity,
    memberId: payload.MemberId ?? undefined,
    messageId: payload.MessageId ?? undefined,
    payload,
  };
  const handlers = services.callbacks.handlersFor(event.type, event.action);
  const key = `${payload.MessageId ?? ''}:${await bodyHash(delivery.body)}`;
  const accepted = await Promise.all(
    handlers.map((h) =>
      services.intake.accept(
        { tenantId: tenant.id, kind: h.kind, key, payload: event },
        { waitUntil: delivery.waitUntil },
      ),
    ),
  );
  const queued = accepted.filter((a) => !a.duplicate).length;
  return { kind: 'accepted', event, handlers: handlers.length, queued, duplicate: handlers.length > 0 && queued === 0 };
}
