/** `--tenant`, or the only tenant there is. */
import { type Api, CliError, EXIT } from './api.ts';

export async function resolveTenant(api: Api, flag: string | undefined): Promise<string> {
  if (flag) return flag;
  const { tenants } = await api.get<{ tenants: Array<{ id: string; name: string }> }>('/tenants');
  const [only] = tenants;
  if (tenants.length === 1 && only) return only.id;
  if (tenants.length === 0) {
    throw new CliError(
      'No tenant is connected to this tds-bridge yet; connect one in the console first.',
      EXIT.failed,
      'no_tenants',
    );
  }
  const list = tenants.map((t) => `  ${t.id}  (${t.name})`).join('\n');
  throw new CliError(
    `This server has several tenants; choose one with --tenant <id>:\n${list}`,
    EXIT.usage,
    'tenant_required',
  );
}
