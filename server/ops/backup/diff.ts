/**
 * What a restore would change: the backup and the current configuration as keyed items per area, compared
 * value by value (canonical JSON). Secrets are compared but never shown: a change says `secrets changed`.
 */
import type { Backup, BackupSecrets } from './format.ts';

export type Area =
  | 'tenant'
  | 'connection'
  | 'template_settings'
  | 'schedule'
  | 'mapping'
  | 'alert_rule'
  | 'alert_channel';

export interface Change {
  area: Area;
  key: string;
  action: 'add' | 'change' | 'remove';
  before: unknown;
  after: unknown;
  /** The secrets differ (values never shown). */
  secretsChanged?: boolean;
}

export interface Skipped {
  area: Area;
  key: string;
  reason: string;
}

interface Item {
  value: unknown;
  secrets?: Record<string, unknown>;
}

/** Areas whose items missing from the backup are removed on restore (connections and schedules are kept). */
const REMOVABLE: ReadonlySet<Area> = new Set(['template_settings', 'mapping', 'alert_rule', 'alert_channel']);

export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function itemsOf(
  backup: Backup,
  secrets: BackupSecrets | undefined,
): Map<string, Item & { area: Area; key: string }> {
  const items = new Map<string, Item & { area: Area; key: string }>();
  const put = (area: Area, key: string, value: unknown, itemSecrets?: Record<string, unknown>) =>
    items.set(`${area}|${key}`, { area, key, value, secrets: itemSecrets });
  const t = backup.tenant;
  put('tenant', t.id, { name: t.name, timeZone: t.timeZone, podOrigins: t.podOrigins });
  for (const c of backup.connections) {
    const key = `${c.system}:${c.role}`;
    put('connection', key, { config: c.config, expiresAt: c.expiresAt }, secrets?.connections[key]);
  }
  for (const s of backup.templateSettings) put('template_settings', s.templateId, s.settings);
  for (const s of backup.schedules) put('schedule', s.templateId, { cron: s.cron, enabled: s.enabled });
  for (const m of backup.mappings) put('mapping', `${m.kind}/${m.name}`, m.cwId);
  for (const r of backup.alertRules) put('alert_rule', r.ruleId, { enabled: r.enabled, params: r.params });
  for (const ch of backup.alertChannels) {
    put(
      'alert_channel',
      ch.name,
      { kind: ch.kind, enabled: ch.enabled, config: ch.config },
      secrets?.alertChannels[ch.name],
    );
  }
  return items;
}

export function diffConfiguration(input: {
  current: Backup;
  currentSecrets: BackupSecrets;
  wanted: Backup;
  wantedSecrets: BackupSecrets | undefined;
}): Change[] {
  const now = itemsOf(input.current, input.currentSecrets);
  const want = itemsOf(input.wanted, input.wantedSecrets);
  const changes: Change[] = [];
  for (const [id, w] of want) {
    const c = now.get(id);
    const secretsChanged = w.secrets !== undefined && canonical(w.secrets) !== canonical(c?.secrets);
    if (!c) {
      changes.push({
        area: w.area,
        key: w.key,
        action: 'add',
        before: null,
        after: w.value,
        ...(w.secrets ? { secretsChanged: true } : {}),
      });
    } else if (canonical(c.value) !== canonical(w.value) || secretsChanged) {
      changes.push({
        area: w.area,
        key: w.key,
        action: 'change',
        before: c.value,
        after: w.value,
        ...(secretsChanged ? { secretsChanged } : {}),
      });
    }
  }
  for (const [id, c] of now) {
    if (!want.has(id) && REMOVABLE.has(c.area))
      changes.push({ area: c.area, key: c.key, action: 'remove', before: c.value, after: null });
  }
  return changes;
}
