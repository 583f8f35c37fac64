/** `tds-bridge diagnose`: the console's diagnostics per tenant, cause and fix for each problem; exit 1 when any is red. */
import type { Diagnosis } from '../../server/ops/diagnostics/index.ts';
import { type Api, EXIT } from '../lib/api.ts';
import { type Out, paint, stateColor } from '../lib/output.ts';

export async function diagnoseCommand(api: Api, out: Out, opts: { tenant?: string; json: boolean }): Promise<number> {
  const tenantIds = opts.tenant
    ? [opts.tenant]
    : (await api.get<{ tenants: Array<{ id: string }> }>('/tenants')).tenants.map((t) => t.id);
  const results: Diagnosis[] = [];
  for (const id of tenantIds) results.push(await api.get<Diagnosis>(`/tenants/${encodeURIComponent(id)}/diagnostics`));
  const red = results.some((r) => r.state === 'red');
  if (opts.json) {
    out.write(JSON.stringify({ ok: !red, exitCode: red ? EXIT.failed : EXIT.ok, tenants: results }, null, 2));
    return red ? EXIT.failed : EXIT.ok;
  }
  for (const r of results) {
    const s = r.summary;
    out.write(
      `${paint(out, 'bold', r.tenantId)}  ${paint(out, stateColor(r.state), `● ${r.state}`)}  ${s.red} red, ${s.yellow} yellow, ${s.green} green, ${s.gray} gray`,
    );
    for (const cat of r.categories) {
      const problems = cat.findings.filter((f) => f.state === 'red' || f.state === 'yellow');
      out.write(`  ${cat.title}: ${problems.length ? `${problems.length} to look at` : 'nothing found'}`);
      for (const f of problems) {
        out.write(`    ${paint(out, stateColor(f.state), `● ${f.state}`)} ${f.title} [${f.id}]`);
        out.write(`      Cause: ${f.cause}`);
        for (const [i, step] of f.fix.entries()) out.write(`      ${i + 1}. ${step}`);
      }
    }
    out.write('');
  }
  return red ? EXIT.failed : EXIT.ok;
}
