/**
 * Alert channels per tenant: validated config, secrets sealed like connection secrets and never returned.
 * A changed destination (webhook URL, SMTP host) must come with its secret again: secrets never follow a
 * changed URL.
 */
import { and, eq } from 'drizzle-orm';
import type * as z from 'zod';
import type { Db } from '../../../db/client.ts';
import { type AlertChannelKind, type AlertChannelRow, alertChannels } from '../../../db/schema/ops.ts';
import type { Deps } from '../../deps.ts';
import { badRequest, notFound } from '../../errors.ts';
import { CHANNEL_SCHEMAS, INDEPENDENT_OF_CONNECTWISE } from './channels/index.ts';

export interface ChannelView {
  name: string;
  kind: AlertChannelKind;
  enabled: boolean;
  config: Record<string, unknown>;
  hasSecret: boolean;
  /** Still reaches someone when ConnectWise is down. */
  independentOfConnectWise: boolean;
  updatedAt: string;
}

export function channelView(row: AlertChannelRow): ChannelView {
  return {
    name: row.name,
    kind: row.kind,
    enabled: row.enabled,
    config: row.config,
    hasSecret: row.secretCiphertext !== null,
    independentOfConnectWise: INDEPENDENT_OF_CONNECTWISE.includes(row.kind),
    updatedAt: row.updatedAt,
  };
}

export async function listChannels(db: Db, tenantId: string): Promise<AlertChannelRow[]> {
  return db.select().from(alertChannels).where(eq(alertChannels.tenantId, tenantId)).orderBy(alertChannels.name);
}

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const list = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw badRequest('invalid_alert_channel', `Check the channel ${what}: ${list.join('; ')}.`, list);
}

const DESTINATION: Record<AlertChannelKind, string | undefined> = { webhook: 'url', email: 'host', ticket: undefined };

export async function saveChannel(
  deps: Pick<Deps, 'db' | 'secrets'>,
  input: {
    tenantId: string;
    name: string;
    kind: AlertChannelKind;
    enabled: boolean;
    config: unknown;
    secrets?: Record<string, unknown>;
    at: Date;
  },
): Promise<{ view: ChannelView; created: boolean }> {
  const schemas = CHANNEL_SCHEMAS[input.kind];
  const config = parse(schemas.config, input.config, 'settings') as Record<string, unknown>;
  const [existing] = await deps.db
    .select()
    .from(alertChannels)
    .where(and(eq(alertChannels.tenantId, input.tenantId), eq(alertChannels.name, input.name)));
  let secretCiphertext: string | null = null;
  if (schemas.secrets) {
    if (input.secrets) {
      secretCiphertext = await deps.secrets.seal(parse(schemas.secrets, input.secrets, 'secrets'));
    } else {
      const key = DESTINATION[input.kind];
      const sameKind = existing?.kind === input.kind;
      const moved = key !== undefined && existing?.config[key] !== config[key];
      if (!existing?.secretCiphertext || !sameKind || moved) {
        // Without a stored secret (or with one meant for another destination) only an empty secret set is valid.
        const empty = schemas.secrets.safeParse({});
        if (!empty.success) {
          throw badRequest(
            'alert_channel_secret_required',
            moved && existing
              ? `The ${key} changed: send the channel's secrets again (they never follow a changed ${key}).`
              : `A ${input.kind} channel needs its secrets (${Object.keys(schemas.secrets.shape).join(', ')}).`,
          );
        }
        secretCiphertext = moved && existing ? null : await deps.secrets.seal(empty.data);
      } else {
        secretCiphertext = existing.secretCiphertext;
      }
    }
  }
  const values = {
    tenantId: input.tenantId,
    name: input.name,
    kind: input.kind,
    enabled: input.enabled,
    config,
    secretCiphertext,
    updatedAt: input.at.toISOString(),
  };
  await deps.db
    .insert(alertChannels)
    .values(values)
    .onConflictDoUpdate({ target: [alertChannels.tenantId, alertChannels.name], set: values });
  return { view: channelView({ ...values }), created: !existing };
}

export async function deleteChannel(db: Db, tenantId: string, name: string): Promise<void> {
  const deleted = await db
    .delete(alertChannels)
    .where(and(eq(alertChannels.tenantId, tenantId), eq(alertChannels.name, name)))
    .returning({ name: alertChannels.name });
  if (deleted.length === 0) throw notFound('alert_channel_not_found', `There is no alert channel "${name}".`);
}
