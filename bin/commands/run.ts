/** `tds-bridge run <template>`: start a run and follow it to the end. */
import type { RunDetailView, RunView } from '../../server/routes/admin/views.ts';
import { type Api, EXIT } from '../lib/api.ts';
import { countsLine, duration, type Out, paint, progressBar, stateColor } from '../lib/output.ts';
import { resolveTenant } from '../lib/tenant.ts';

const TERMINAL = new Set(['succeeded', 'succeeded_with_warnings', 'failed', 'cancelled']);

export interface RunArgs {
  template: string;
  tenant?: string;
  full: boolean;
  json: boolean;
  pollMs: number;
}

export async function runCommand(api: Api, out: Out, args: RunArgs): Promise<number> {
  const tenantId = await resolveTenant(api, args.tenant);
  const started = await api.post<{ run: RunView; created: boolean }>(`/tenants/${encodeURIComponent(tenantId)}/runs`, {
    template: args.template,
    full: args.full,
  });
  let run: RunView | RunDetailView = started.body.run;
  if (!started.body.created && !args.json)
    out.error(`A ${run.templateId} run (#${run.id}) is already in progress for ${tenantId}; following it.`);

  const stopFollowing = () => {
    out.clearStatus();
    out.error(
      `Stopped following run #${run.id}; it goes on in the server. Cancel it with: tds-bridge cancel ${run.id}`,
    );
    process.exit(130);
  };
  process.once('SIGINT', stopFollowing);
  const since = Date.now();
  let frame = 0;
  let lastState = '';
  try {
    while (!TERMINAL.has(run.state)) {
      if (!out.tty && !args.json && run.state !== lastState) out.error(`run #${run.id} ${run.state}`);
      lastState = run.state;
      if (out.tty && !args.json) out.status(progressLine(run, frame++, Date.now() - since));
      await new Promise((resolve) => setTimeout(resolve, args.pollMs));
      run = await api.get<RunDetailView>(`/runs/${run.id}`);
    }
  } finally {
    process.removeListener('SIGINT', stopFollowing);
    out.clearStatus();
  }

  const ok = run.state === 'succeeded' || run.state === 'succeeded_with_warnings';
  const exitCode = ok ? EXIT.ok : EXIT.failed;
  if (args.json) {
    out.write(JSON.stringify({ ok, exitCode, run }, null, 2));
    return exitCode;
  }
  const mark = ok ? paint(out, 'green', '✓') : paint(out, 'red', '✗');
  const took = duration(run.durationMs);
  out.write(
    `${mark} ${run.templateId} ${paint(out, stateColor(run.state), run.state)} for ${run.tenantId} in ${took} (run #${run.id}${run.full ? ', full resync' : ''})`,
  );
  out.write(`  ${countsLine(run)}`);
  out.write(`  ${run.steps} steps · ${run.upstreamCalls} upstream calls`);
  // Templates that read from a choice of sources say which one this run used.
  const detail = 'activity' in run ? run : await api.get<RunDetailView>(`/runs/${run.id}`);
  const source = detail.activity.items.find((entry) => entry.code.endsWith('_source'));
  if (source) out.write(`  ${source.message}`);
  for (const warning of run.warnings) out.write(`  ${paint(out, 'yellow', '!')} ${warning.code}: ${warning.message}`);
  if (run.errorCode) out.write(`  ${paint(out, 'red', run.errorCode)}: ${run.errorMessage ?? ''}`);
  if (!ok)
    out.write(
      `  See the run's log: tds-bridge runs --tenant ${run.tenantId}, or GET /api/admin/runs/${run.id}/activity`,
    );
  return exitCode;
}

function progressLine(run: RunView, frame: number, elapsedMs: number): string {
  const p = run.progress;
  const bar = progressBar(p?.done ?? 0, p?.total, frame);
  const of = p?.total ? ` ${p.done}/${p.total}${p.label ? ` ${p.label}` : ''}` : '';
  const c = run.counts;
  const waiting = run.state === 'scheduled' && run.lastError ? ` · retrying after ${run.lastError.code}` : '';
  return `${bar}${of} #${run.id} ${run.state}${waiting} · added ${c.added} updated ${c.updated} unchanged ${c.unchanged} skipped ${c.skipped} errors ${c.errors} · ${Math.round(elapsedMs / 1000)}s`;
}
