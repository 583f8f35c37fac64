/**
 * Webhook channel: a JSON POST signed with the tenant's secret (HMAC-SHA256 over `<timestamp>.<body>`, sent as
 * `X-TDS-Bridge-Signature: sha256=<hex>` with `X-TDS-Bridge-Timestamp`), so the receiver can check it came from
 * us and is not a replay. Redirects are not followed: a signed body never goes to a URL it was not set for.
 */
import * as z from 'zod';
import { ChannelError, type ChannelMessage, type ChannelResult, subjectOf } from './channel.ts';

export const WebhookConfig = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2_000),
  timeoutMs: z.number().int().min(500).max(30_000).default(10_000),
});
export const WebhookSecrets = z.strictObject({ signingSecret: z.string().min(16).max(200) });

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

export async function signWebhook(secret: string, timestamp: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return `sha256=${hex(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${timestamp}.${body}`)))}`;
}

export function webhookPayload(msg: ChannelMessage, at: string) {
  const a = msg.alert;
  return {
    event: msg.event,
    deliveryId: msg.deliveryId,
    tenantId: msg.tenantId,
    sentAt: at,
    subject: subjectOf(a, msg.event),
    alert: {
      id: a.id,
      ruleId: a.ruleId,
      cause: a.cause,
      severity: a.severity,
      title: a.title,
      message: a.message,
      openedAt: a.openedAt,
      resolvedAt: a.resolvedAt,
      details: a.details ?? null,
    },
  };
}

export async function sendWebhook(msg: ChannelMessage): Promise<ChannelResult> {
  const config = WebhookConfig.parse(msg.config);
  const { signingSecret } = WebhookSecrets.parse(msg.secrets);
  const at = msg.deps.now().toISOString();
  const body = JSON.stringify(webhookPayload(msg, at));
  const timestamp = String(Math.floor(Date.parse(at) / 1000));
  let response: Response;
  try {
    response = await msg.deps.fetch(config.url, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'tds-bridge-alerts',
        'x-tds-bridge-event': msg.event,
        'x-tds-bridge-delivery': String(msg.deliveryId),
        'x-tds-bridge-timestamp': timestamp,
        'x-tds-bridge-signature': await signWebhook(signingSecret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(config.timeoutMs),
    });
  } catch (error) {
    throw new ChannelError(
      `The webhook at ${new URL(config.url).host} did not answer (${(error as Error).message}).`,
      true,
    );
  }
  await response.body?.cancel().catch(() => undefined);
  if (response.ok) return { externalRef: `http_${response.status}` };
  const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
  const hint = response.status >= 300 && response.status < 400 ? ' (a redirect: set the final URL)' : '';
  throw new ChannelError(`The webhook answered HTTP ${response.status}${hint}.`, retryable);
}
