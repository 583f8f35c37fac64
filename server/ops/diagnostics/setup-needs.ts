/** "User training needs": setup steps not done yet (template settings, activation), the usual cause of a first failure. */
import { eq } from 'drizzle-orm';
import { tenantCwSetup } from '../../../db/schema/activation.ts';
import { type Diagnostic, finding } from './types.ts';

export const setupNeedsDiagnostic: Diagnostic = {
  id: 'setup_needs',
  category: 'user_training',
  title: 'Setup steps not done',
  async detect(ctx) {
    const status = (await ctx.engine.status()).find((t) => t.tenantId === ctx.tenantId);
    const unconfigured = (status?.templates ?? []).filter((t) => t.reasons.some((r) => r.code === 'not_configured'));
    const rows = await ctx.deps.db.select().from(tenantCwSetup).where(eq(tenantCwSetup.tenantId, ctx.tenantId));
    const recheck = { kind: 'recheck' as const, label: 'Check again' };
    return [
      unconfigured.length
        ? finding(
            {
              id: 'templates_not_configured',
              category: 'user_training',
              title: 'Templates without settings',
              verify: recheck,
            },
            'yellow',
            `${unconfigured.map((t) => t.title).join(', ')} cannot run until their settings are saved.`,
            ['Open Setup → Template settings and save each template named.', 'Press Verify.'],
          )
        : finding(
            {
              id: 'templates_not_configured',
              category: 'user_training',
              title: 'Templates without settings',
              verify: recheck,
            },
            'green',
            'Every template has valid settings.',
          ),
      rows.length === 0
        ? finding(
            { id: 'not_activated', category: 'user_training', title: 'Activation not applied', verify: recheck },
            'yellow',
            'Activation has not set this tenant up in ConnectWise yet (TD SYNNEX vendor, PO statuses, custom fields, pods).',
            ['Open Setup → Activation, preview the plan and apply it.', 'Press Verify.'],
          )
        : finding(
            { id: 'not_activated', category: 'user_training', title: 'Activation not applied', verify: recheck },
            'green',
            'Activation has set this tenant up in ConnectWise.',
          ),
    ];
  },
};
