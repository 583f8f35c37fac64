/**
 * The console inside a ConnectWise Tab (registered by activation with `?host=cw&tenant=…`): connect over the same
 * Hosted API bridge the pod uses, sign the member in exactly as the pod does (POST /api/session with the member's
 * authentication) and hand that session to the admin API client. The server allows the framing origins (page
 * config) and decides whether the member's security role may open the console.
 */
import { connectHost } from '../bridge/connect.ts';
import { startSession } from '../session.ts';
import { setMemberSession } from './api.ts';

interface EmbeddedConfig {
  allowedHostOrigins: string[];
}

/** The page config the server injects only when the URL names a tenant (server/console/routes.ts). */
function readConfig(): EmbeddedConfig | undefined {
  const text = document.getElementById('pod-config')?.textContent;
  if (!text) return undefined;
  const parsed = JSON.parse(text) as Partial<EmbeddedConfig>;
  return { allowedHostOrigins: parsed.allowedHostOrigins ?? [] };
}

/** In a ConnectWise Tab: the registered URL's `host` and `tenant`, and a page that frames us. */
export function isEmbedded(): boolean {
  const params = new URL(location.href).searchParams;
  return params.has('host') && params.has('tenant') && window.parent !== window;
}

/** The tenant the Tab URL names (the console opens on it). */
export function embeddedTenant(): string | null {
  return new URL(location.href).searchParams.get('tenant');
}

/** Connects to ConnectWise and signs the member in; the admin API calls carry the member's token from then on. */
export async function signInFromConnectWise(): Promise<{ memberName: string }> {
  const bridge = await connectHost({ allowedOrigins: readConfig()?.allowedHostOrigins ?? [] });
  // The console blocks no ConnectWise save; answering keeps the host's save from waiting for us.
  bridge.on('beforeSave', () => ({ ok: true }));
  const session = await startSession(bridge);
  setMemberSession(session.tokens);
  return { memberName: session.member.name };
}
