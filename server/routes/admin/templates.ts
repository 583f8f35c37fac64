/** Templates and each tenant's settings for them. */
import { Hono } from 'hono';
import * as z from 'zod';
import type { AdminEnv } from '../../auth/admin.ts';
import type { Template } from '../../sync/engine/index.ts';
import { actor, audit, engine, parseBody, tenantParam } from './shared.ts';

export interface TemplateView {
  id: string;
  title: string;
  description: string;
  defaultSchedule: string;
  autoStart: boolean;
  /** JSON Schema of the settings (input side: fields with defaults are optional). */
  settingsSchema: unknown;
}

function settingsSummary(template: Template): unknown {
  try {
    return z.toJSONSchema(template.settingsSchema, { io: 'input', unrepresentable: 'any' });
  } catch {
    return { description: 'This template has settings that cannot be shown as JSON Schema.' };
  }
}

export function templateView(template: Template): TemplateView {
  return {
    id: template.id,
    title: template.title,
    description: template.description,
    defaultSchedule: template.defaultSchedule,
    autoStart: template.autoStart,
    settingsSchema: settingsSummary(template),
  };
}

export function templateRoutes() {
  return new Hono<AdminEnv>()
    .get('/templates', (c) => c.json({ templates: engine(c).templates.map(templateView) }))
    .get('/tenants/:tenantId/templates/:templateId/settings', async (c) => {
      return c.json(await engine(c).settings(tenantParam(c), c.req.param('templateId')));
    })
    .put('/tenants/:tenantId/templates/:templateId/settings', async (c) => {
      const tenantId = tenantParam(c);
      const templateId = c.req.param('templateId');
      const body = await parseBody(c, z.unknown());
      const before = await engine(c).settings(tenantId, templateId);
      const view = await engine(c).setSettings(tenantId, templateId, body, actor(c));
      // Before and after, for the console's audit (secrets are redacted when shown).
      await audit(c, tenantId, 'sync.settings.update', templateId, {
        before: before.stored,
        after: view.stored,
        settings: view.settings,
      });
      return c.json(view);
    });
}
