/** `tds-bridge console --as NAME`: prints a one-time link that signs NAME in to the operations console. */
import { type Api, CliError, EXIT } from '../lib/api.ts';
import type { Out } from '../lib/output.ts';

export async function consoleCommand(api: Api, out: Out, opts: { as?: string; json: boolean }): Promise<number> {
  if (!opts.as?.trim()) {
    throw new CliError(
      'Say who the link is for: tds-bridge console --as "Your Name" (it is recorded beside every change).',
      EXIT.usage,
    );
  }
  const { body } = await api.post<{ operator: string; url: string; expiresAt: string }>('/console/links', {
    operator: opts.as,
  });
  if (opts.json) out.write(JSON.stringify(body, null, 2));
  else {
    out.write(`Console sign-in link for ${body.operator} (works once, until ${body.expiresAt}):`);
    out.write(body.url);
  }
  return EXIT.ok;
}
