/**
 * `tds-bridge remove-demo`: going live, remove the simulators' demo tenant. The server refuses any tenant
 * that connects beyond its own machine, so this cannot delete a real MSP.
 */
import { type Api, EXIT } from '../lib/api.ts';
import { type Out, paint } from '../lib/output.ts';

export async function removeDemoCommand(api: Api, out: Out, opts: { tenant: string; json: boolean }): Promise<number> {
  const { body } = await api.post<{ removed: string }>(
    `/tenants/${encodeURIComponent(opts.tenant)}/remove-simulator-tenant`,
  );
  if (opts.json) out.write(JSON.stringify(body));
  else out.write(paint(out, 'green', `Removed the demo tenant "${body.removed}".`));
  return EXIT.ok;
}
