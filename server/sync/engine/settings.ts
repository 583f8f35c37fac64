/**
 * Each tenant's settings for each template, stored as JSON after the template's settingsSchema accepted
 * them. A run takes a snapshot when it is created, so a change never alters a run halfway.
 */
import { and, eq } from 'drizzle-orm';
import type * as z from 'zod';
import type { Db } from '../../../db/client.ts';
import { syncTemplateSettings } from '../../../db/schema/schedules.ts';
import { badRequest } from '../../errors.ts';
import { parseSettings, type Template } from './define.ts';

export interface SettingsView {
  tenantId: string;
  templateId: string;
  /** The settings a run would get (stored values with the schema's defaults), or null when invalid. */
  settings: unknown;
  /** What is stored (null when nothing has been saved yet). */
  stored: unknown;
  valid: boolean;
  issues: Array<{ path: string; message: string }>;
  updatedAt: string | null;
  updatedBy: string | null;
}

function issuesOf(issues: z.core.$ZodIssue[]) {
  return issues.map((i) => ({ path: i.path.map(String).join('.') || '(settings)', message: i.message }));
}

export async function storedSettings(db: Db, tenantId: string, templateId: string) {
  const [row] = await db
    .select()
    .from(syncTemplateSettings)
    .where(and(eq(syncTemplateSettings.tenantId, tenantId), eq(syncTemplateSettings.templateId, templateId)))
    .limit(1);
  return row;
}

export async function settingsView(db: Db, template: Template, tenantId: string): Promise<SettingsView> {
  const row = await storedSettings(db, tenantId, template.id);
  const parsed = parseSettings(template, row?.settings);
  return {
    tenantId,
    templateId: template.id,
    settings: parsed.ok ? parsed.settings : null,
    stored: row?.settings ?? null,
    valid: parsed.ok,
    issues: parsed.ok ? [] : issuesOf(parsed.issues),
    updatedAt: row?.updatedAt ?? null,
    updatedBy: row?.updatedBy ?? null,
  };
}

/** Validates and stores; throws `invalid_template_settings` (400) listing each field's problem. */
export async function saveSettings(
  db: Db,
  template: Template,
  tenantId: string,
  input: unknown,
  by: string | null,
  now: Date,
): Promise<SettingsView> {
  const parsed = parseSettings(template, input);
  if (!parsed.ok) {
    const issues = issuesOf(parsed.issues);
    throw badRequest(
      'invalid_template_settings',
      // An issue's own closing period is dropped: the sentence ends once, after the last one.
      `These ${template.title} settings are not valid: ${issues.map((i) => `${i.path}: ${i.message.replace(/[.\s]+$/, '')}`).join('; ')}.`,
      { issues },
    );
  }
  const values = {
    tenantId,
    templateId: template.id,
    settings: parsed.settings,
    updatedAt: now.toISOString(),
    updatedBy: by,
  };
  await db
    .insert(syncTemplateSettings)
    .values(values)
    .onConflictDoUpdate({
      target: [syncTemplateSettings.tenantId, syncTemplateSettings.templateId],
      set: { settings: values.settings, updatedAt: values.updatedAt, updatedBy: by },
    });
  return settingsView(db, template, tenantId);
}
