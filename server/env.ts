/** Configuration from the environment (process.env on Node, bindings on Workers), validated once. */
import * as z from 'zod';

const onOff = z.enum(['on', 'off', 'auto']).default('auto');

export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().min(1).default('file:./data/tds-bridge.db'),
  LIBSQL_AUTH_TOKEN: z.string().optional(),
  /** Base64 of 32 random bytes. Node generates and keeps one beside the embedded database when unset. */
  SECRETS_KEY: z.string().optional(),
  /** Admin token for /api/admin routes and the CLI. Node generates one when unset. */
  ADMIN_TOKEN: z.string().min(16).optional(),
  /** The origin the pod is served from, as ConnectWise will load it (the hosted setup URL's origin). */
  PUBLIC_URL: z.url().optional(),
  /** Mount the simulators: auto = only while no tenant or env setting connects beyond this machine (server/security/simulator-mode.ts). */
  SIMULATORS: onOff,
  /** Where the simulators keep their own state (Node only). */
  SIM_DATABASE_URL: z.string().optional(),
  SESSION_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(900),
  /** Real endpoints for the first tenant, when not using the simulators. */
  CW_SITE: z.url().optional(),
  CW_API_URL: z.url().optional(),
  CW_COMPANY_ID: z.string().optional(),
  CW_PUBLIC_KEY: z.string().optional(),
  CW_PRIVATE_KEY: z.string().optional(),
  CW_CLIENT_ID: z.string().optional(),
  TDS_XML_URL: z.url().optional(),
  TDS_CUSTOMER_NO: z.string().optional(),
  TDS_USER: z.string().optional(),
  TDS_PASSWORD: z.string().optional(),
  /**
   * Internal upstreams the operator allows (hosts or IPv4 CIDRs, comma-separated): connections may point at
   * private, link-local or metadata addresses only when listed here (server/security/url-policy.ts).
   */
  UPSTREAM_PRIVATE_ALLOWLIST: z.string().max(2000).optional(),
  /**
   * Node behind a reverse proxy on this machine: take the client address from the last X-Forwarded-For entry
   * (the one the proxy added) when the peer is loopback. Off by default: the header is anyone's to forge.
   */
  TRUST_FORWARDED_FOR: z.enum(['on', 'off']).default('off'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export type Env = z.infer<typeof EnvSchema>;

export function parseEnv(source: Record<string, unknown>): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration; fix these environment variables:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
