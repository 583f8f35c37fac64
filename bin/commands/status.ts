/** `tds-bridge status`, `runs`, `templates` and `cancel`: read and steer what the engine does. */
import type { RunView, TenantStatus } from '../../server/routes/admin/views.ts';
import type { Api } from '../lib/api.ts';
import { countsLine, duration, type Out, paint, shortTime, stateColor, table, zonedTime } from '../lib/output.ts';

export async function statusCommand(api: Api, out: Out, json: boolean): Promise<number> {
  const status = await api.get<{ generatedAt: string; tenants: TenantStatus[] }>('/status');
  if (json) {
    out.write(JSON.stringify(status, null, 2));
    return 0;
  }
  if (status.tenants.length === 0) out.write('No tenants yet.');
  for (const tenant of status.tenants) {
    out.write(
      `${paint(out, 'bold', tenant.name)} (${tenant.tenantId})  ${dot(out, tenant.state)}  times in ${tenant.timeZone}`,
    );
    const rows = [['  TEMPLATE', 'STATE', 'LAST SUCCESS', 'LAST RUN', 'ERRORS 24H', 'NEXT RUN', 'WHY']];
    for (const t of tenant.templates) {
      rows.push([
        `  ${t.templateId}`,
        dot(out, t.state),
        zonedTime(t.lastSuccessfulRun?.finishedAt, tenant.timeZone),
        t.lastRun ? `#${t.lastRun.id} ${t.lastRun.state}` : '—',
        String(t.errorsLast24h.total),
        t.schedule.enabled ? zonedTime(t.schedule.nextRunAt, tenant.timeZone) : t.schedule.cron ? 'paused' : '—',
        t.reasons.map((r) => r.code).join(', '),
      ]);
    }
    out.write(table(rows));
    out.write('');
  }
  return 0;
}

function dot(out: Out, light: string): string {
  return paint(out, stateColor(light), `● ${light}`);
}

export async function runsCommand(api: Api, out: Out, opts: { tenant?: string; json: boolean }): Promise<number> {
  const tenantIds = opts.tenant
    ? [opts.tenant]
    : (await api.get<{ tenants: Array<{ id: string }> }>('/tenants')).tenants.map((t) => t.id);
  const all: RunView[] = [];
  for (const id of tenantIds) {
    all.push(...(await api.get<{ items: RunView[] }>(`/tenants/${encodeURIComponent(id)}/runs?limit=20`)).items);
  }
  if (opts.json) {
    out.write(JSON.stringify({ runs: all }, null, 2));
    return 0;
  }
  if (all.length === 0) {
    out.write('No runs yet. Start one with: tds-bridge run <template>');
    return 0;
  }
  const rows = [['RUN', 'TENANT', 'TEMPLATE', 'STATE', 'TRIGGER', 'STARTED', 'DURATION', 'RESULT']];
  for (const r of all.sort((a, b) => b.id - a.id)) {
    rows.push([
      `#${r.id}`,
      r.tenantId,
      r.templateId + (r.full ? ' (full)' : ''),
      paint(out, stateColor(r.state), r.state),
      r.trigger,
      shortTime(r.startedAt),
      duration(r.durationMs),
      r.errorCode ? `${r.errorCode}: ${r.errorMessage ?? ''}` : countsLine(r),
    ]);
  }
  out.write(table(rows));
  return 0;
}

export async function templatesCommand(api: Api, out: Out, json: boolean): Promise<number> {
  const { templates } = await api.get<{
    templates: Array<{ id: string; title: string; description: string; defaultSchedule: string }>;
  }>('/templates');
  if (json) out.write(JSON.stringify({ templates }, null, 2));
  else
    out.write(
      table([
        ['TEMPLATE', 'TITLE', 'DEFAULT SCHEDULE', 'DESCRIPTION'],
        ...templates.map((t) => [t.id, t.title, t.defaultSchedule, t.description]),
      ]),
    );
  return 0;
}

export async function cancelCommand(api: Api, out: Out, runId: string, json: boolean): Promise<number> {
  const { status, body } = await api.post<{ run: RunView }>(`/runs/${encodeURIComponent(runId)}/cancel`);
  if (json) out.write(JSON.stringify(body, null, 2));
  else if (status === 202) out.write(`Run #${body.run.id} will stop at the end of its current step.`);
  else out.write(`Run #${body.run.id} is cancelled.`);
  return 0;
}
