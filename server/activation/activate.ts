/**
 * Activation, as Digital Bridge does it but previewed and idempotent: find or create, in the tenant's
 * ConnectWise, the TD SYNNEX vendor, the TDS purchase-order statuses, the custom fields, the callbacks and
 * the pods (and, when the tenant's activation options ask, the console as a Tab). `planActivation` only reads; `applyActivation` re-plans, applies what is missing, records each
 * change in the audit log and the Sync Activity Log, and keeps every id (cw-setup-ids.ts). A second apply
 * finds everything and changes nothing.
 */
import { auditLog } from '../../db/schema/audit.ts';
import type { CwClient } from '../connectors/cw/client.ts';
import { isUpstreamError } from '../connectors/upstream-error.ts';
import { releaseClaim, takeClaim } from '../coordination/claims.ts';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { callbackUrl } from '../setup/public-origin.ts';
import { createActivityWriter } from '../sync/engine/index.ts';
import { cwClientFor } from '../tenants/cw-clients.ts';
import { planCallbacks } from './callbacks.ts';
import { CONSOLE_TAB_KEY, planConsoleTab } from './console-tab.ts';
import { planCustomFields } from './custom-fields.ts';
import { saveCwSetupId } from './cw-setup-ids.ts';
import { applyHostedSetupStep, planHostedSetups, registrationKey } from './hosted-setups.ts';
import { type ActivationOptions, readActivationOptions } from './options.ts';
import { planPoStatuses } from './po-statuses.ts';
import type { ActivationStep, PlannedStep } from './step.ts';
import { planVendor } from './vendor.ts';

export const ACTIVATION_TEMPLATE_ID = 'activation';

export interface ActivationPlan {
  tenantId: string;
  publicOrigin: string;
  callbackUrl: string;
  /** Nothing to create or update. */
  upToDate: boolean;
  steps: ActivationStep[];
  counts: Record<ActivationStep['action'], number>;
  summary: string;
}

export interface AppliedStep extends ActivationStep {
  status: 'applied' | 'unchanged' | 'skipped' | 'failed';
  error?: { code: string; message: string };
  fix?: string;
}

export interface ActivationResult {
  tenantId: string;
  ok: boolean;
  changed: number;
  steps: AppliedStep[];
  summary: string;
}

const KIND_LABEL: Record<ActivationStep['kind'], string> = {
  vendor: 'Vendor company',
  po_status: 'PO statuses',
  custom_field: 'Custom fields',
  callback: 'Callbacks',
  hosted_setup: 'Pods and tabs (Hosted API)',
};

/**
 * A kind ConnectWise refuses to let us read becomes one `blocked` step (`key` `*` unless a step of its own, like
 * the console Tab); other errors stop the plan.
 */
async function guard(
  kind: ActivationStep['kind'],
  plan: Promise<PlannedStep[]>,
  own?: { key: string; name: string },
): Promise<PlannedStep[]> {
  try {
    return await plan;
  } catch (error) {
    if (!isUpstreamError(error) || error.code !== 'cw_forbidden') throw error;
    const key = own?.key ?? '*';
    return [
      {
        id: `${kind}:${key}`,
        kind,
        key,
        name: own?.name ?? KIND_LABEL[kind],
        action: 'blocked',
        detail: `ConnectWise refused to list them: ${error.message}`,
        blockedBy: error,
      },
    ];
  }
}

async function planned(
  cw: CwClient,
  target: { tenantId: string; origin: string; options: ActivationOptions },
): Promise<PlannedStep[]> {
  const { tenantId, origin, options } = target;
  const url = callbackUrl(origin, tenantId);
  const podStep = (pod: Awaited<ReturnType<typeof planHostedSetups>>[number]): PlannedStep => ({
    id: `hosted_setup:${registrationKey(pod)}`,
    kind: 'hosted_setup',
    key: registrationKey(pod),
    name: `${pod.type} "${pod.description}" on the ${pod.screen} screen`,
    action: pod.action,
    cwId: pod.existingId,
    detail:
      pod.detail ??
      (pod.action === 'exists' ? `Hosted setup #${pod.existingId}.` : `Register the pod at ${origin}/pod/.`),
    apply:
      pod.action === 'create' || pod.action === 'update'
        ? async () => {
            const id = await applyHostedSetupStep(cw, { origin, tenantId }, pod);
            if (id === undefined) throw new Error(`the ${pod.screen} ${pod.type.toLowerCase()} was not registered`);
            return id;
          }
        : undefined,
  });
  // Read in parallel, but keep the documented order of the steps.
  const groups = await Promise.all([
    guard('vendor', planVendor(cw)),
    guard('po_status', planPoStatuses(cw)),
    guard('custom_field', planCustomFields(cw)),
    guard('callback', planCallbacks(cw, url, tenantId)),
    guard(
      'hosted_setup',
      planHostedSetups(cw, { origin, tenantId }).then((pods) => pods.map(podStep)),
    ),
    // Only when the tenant asked for it (or to turn off a Tab registered before): the console as a Tab.
    guard('hosted_setup', planConsoleTab(cw, { origin, tenantId }, options.consoleTab), {
      key: CONSOLE_TAB_KEY,
      name: 'Console tab (Hosted API)',
    }),
  ]);
  return groups.flat();
}

const strip = ({ apply: _apply, blockedBy: _blockedBy, ...step }: PlannedStep): ActivationStep => step;

function counts(steps: ActivationStep[]): ActivationPlan['counts'] {
  const c = { create: 0, update: 0, exists: 0, unavailable: 0, blocked: 0 };
  for (const s of steps) c[s.action] += 1;
  return c;
}

async function remember(deps: Deps, tenantId: string, steps: ActivationStep[]): Promise<void> {
  for (const s of steps) {
    if (s.cwId !== undefined) await saveCwSetupId(deps.db, tenantId, s.kind, s.key, s.cwId, deps.now());
  }
}

export async function planActivation(deps: Deps, tenantId: string, origin: string): Promise<ActivationPlan> {
  const cw = await cwClientFor(deps, tenantId);
  const options = await readActivationOptions(deps.db, tenantId);
  const steps = (await planned(cw, { tenantId, origin, options })).map(strip);
  // What already exists is known now: templates can use those ids even before an apply.
  await remember(deps, tenantId, steps);
  const c = counts(steps);
  const upToDate = c.create + c.update + c.blocked === 0;
  return {
    tenantId,
    publicOrigin: origin,
    callbackUrl: callbackUrl(origin, tenantId),
    upToDate,
    steps,
    counts: c,
    summary: upToDate
      ? `ConnectWise is set up for TD SYNNEX (${c.exists} items found${c.unavailable ? `, ${c.unavailable} unavailable` : ''}).`
      : `${c.create} to create, ${c.update} to update, ${c.exists} already there${c.unavailable ? `, ${c.unavailable} unavailable` : ''}${c.blocked ? `, ${c.blocked} blocked (see the steps)` : ''}.`,
  };
}

/**
 * One activation per tenant at a time across every process (ConnectWise has no uniqueness on pods): a claim in
 * libSQL, renewed while the activation runs, so a crashed process's claim lapses within ACTIVATION_CLAIM_MS.
 */
const ACTIVATION_CLAIM_MS = 60_000;

export async function applyActivation(
  deps: Deps,
  tenantId: string,
  origin: string,
  actor: string,
): Promise<ActivationResult> {
  const claim = { scope: 'activation', tenantId, subject: 'apply', holder: `activation-${crypto.randomUUID()}` };
  const take = () => takeClaim(deps.db, { ...claim, now: deps.now(), ttlMs: ACTIVATION_CLAIM_MS });
  if (!(await take())) {
    throw new AppError(
      'activation_in_progress',
      `Activation of ${tenantId} is already running; wait for it to finish.`,
      {
        status: 409,
      },
    );
  }
  // Real time, like the engine's lease heartbeat: the claim must outlive slow ConnectWise calls.
  const renew = setInterval(() => void take().catch(() => undefined), ACTIVATION_CLAIM_MS / 3);
  const log = createActivityWriter(deps.db, { tenantId, templateId: ACTIVATION_TEMPLATE_ID }, deps.now);
  try {
    const cw = await cwClientFor(deps, tenantId);
    const options = await readActivationOptions(deps.db, tenantId);
    const steps: AppliedStep[] = [];
    for (const step of await planned(cw, { tenantId, origin, options })) {
      steps.push(await applyStep(deps, tenantId, actor, step, log.item));
    }
    await remember(deps, tenantId, steps);
    const changed = steps.filter((s) => s.status === 'applied').length;
    const failed = steps.filter((s) => s.status === 'failed');
    const ok = failed.length === 0;
    const summary = ok
      ? changed
        ? `Activated: ${changed} item${changed === 1 ? '' : 's'} created or updated in ConnectWise.`
        : 'Nothing to do: ConnectWise was already set up for TD SYNNEX.'
      : `${failed.length} step${failed.length === 1 ? '' : 's'} failed: ${failed.map((s) => s.name).join('; ')}.`;
    log.run(ok ? 'info' : 'error', {
      code: ok ? 'activation_applied' : 'activation_failed',
      message: summary,
      counts: {
        applied: changed,
        failed: failed.length,
        unchanged: steps.filter((s) => s.status === 'unchanged').length,
      },
    });
    await deps.db.insert(auditLog).values({
      tenantId,
      at: deps.now().toISOString(),
      actor,
      action: 'activation.apply',
      target: 'cw',
      details: { ok, changed, failed: failed.map((s) => s.id) },
    });
    return { tenantId, ok, changed, steps, summary };
  } finally {
    clearInterval(renew);
    await releaseClaim(deps.db, claim).catch(() => undefined);
    await log.flush().catch(() => undefined);
  }
}

async function applyStep(
  deps: Deps,
  tenantId: string,
  actor: string,
  step: PlannedStep,
  log: ReturnType<typeof createActivityWriter>['item'],
): Promise<AppliedStep> {
  const plain = strip(step);
  if (step.action === 'exists') return { ...plain, status: 'unchanged' };
  if (step.action === 'blocked') return failed(plain, step, step.blockedBy, log);
  if (!step.apply) return { ...plain, status: 'skipped' };
  try {
    const cwId = await step.apply();
    await deps.db.insert(auditLog).values({
      tenantId,
      at: deps.now().toISOString(),
      actor,
      action: `activation.${step.action}`,
      target: step.id,
      details: { kind: step.kind, name: step.key, cwId },
    });
    log.info({
      code: `activation_${step.action === 'create' ? 'created' : 'updated'}`,
      message: `${step.name}: ${step.action === 'create' ? 'created' : 'updated'} (#${cwId}).`,
      entity: { type: step.kind, id: step.key },
    });
    return { ...plain, cwId, status: 'applied' };
  } catch (error) {
    return failed(plain, step, error, log);
  }
}

function failed(
  plain: ActivationStep,
  step: PlannedStep,
  error: unknown,
  log: ReturnType<typeof createActivityWriter>['item'],
): AppliedStep {
  const code = error instanceof AppError ? error.code : 'internal_error';
  const message = error instanceof Error ? error.message : String(error);
  const fix = fixFor(step, error);
  log.error({
    code: 'activation_step_failed',
    message: `${step.name}: ${message} ${fix}`,
    entity: { type: step.kind, id: step.key },
    details: isUpstreamError(error) ? error.details : undefined,
  });
  return { ...plain, status: 'failed', error: { code, message }, fix };
}

/** The Digital Bridge error texts ("Failed to create custom fields", "Webhook creation failed") with their cure. */
function fixFor(step: ActivationStep, error: unknown): string {
  const forbidden = isUpstreamError(error) && error.code === 'cw_forbidden';
  const grant = {
    vendor: 'Companies > Company Maintenance (Add, Edit)',
    po_status: 'System > Table Setup (Add, Edit)',
    custom_field: 'System > Table Setup (Add, Edit) — "Failed to create custom fields"',
    callback: 'System > Callbacks (Add, Edit) — "Webhook creation failed"',
    hosted_setup: 'System > Table Setup, Manage Hosted API (Add, Edit)',
  }[step.kind];
  if (forbidden) return `Grant the API member's security role ${grant} in ConnectWise, then activate again.`;
  return 'Correct the cause shown, or run test-connection to find it, then activate again (steps already done are kept).';
}
