/**
 * A tenant's activation options (table tenant_activation_options): whether activation registers the operations
 * console as a ConnectWise Hosted API Tab, and on which screen. Off by default; the default screen is Company.
 * The screens offered are listed in server/wire/activation-options.ts; activation still checks the screen against
 * the tenant's `system/connectWiseHostedScreens` and reports it unavailable if missing.
 */
import { eq } from 'drizzle-orm';
import * as z from 'zod';
import type { Db } from '../../db/client.ts';
import { tenantActivationOptions } from '../../db/schema/activation-options.ts';
import {
  type ActivationOptions,
  CONSOLE_TAB_SCREENS,
  type ConsoleTabScreen,
  DEFAULT_CONSOLE_TAB_SCREEN,
} from '../wire/activation-options.ts';

export type { ActivationOptions, ConsoleTabScreen } from '../wire/activation-options.ts';

export const ActivationOptionsBody = z.object({
  consoleTab: z.object({
    enabled: z.boolean(),
    screen: z
      .enum(CONSOLE_TAB_SCREENS, {
        error: `ConnectWise offers Tabs on these screens: ${CONSOLE_TAB_SCREENS.join(', ')}.`,
      })
      .default(DEFAULT_CONSOLE_TAB_SCREEN),
  }),
});

const isScreen = (s: string): s is ConsoleTabScreen => (CONSOLE_TAB_SCREENS as readonly string[]).includes(s);

export async function readActivationOptions(db: Db, tenantId: string): Promise<ActivationOptions> {
  const [row] = await db.select().from(tenantActivationOptions).where(eq(tenantActivationOptions.tenantId, tenantId));
  const screen = row && isScreen(row.consoleTabScreen) ? row.consoleTabScreen : DEFAULT_CONSOLE_TAB_SCREEN;
  return { consoleTab: { enabled: row?.consoleTabEnabled ?? false, screen } };
}

export async function saveActivationOptions(
  db: Db,
  opts: { tenantId: string; options: ActivationOptions; actor: string; now: Date },
): Promise<void> {
  const values = {
    consoleTabEnabled: opts.options.consoleTab.enabled,
    consoleTabScreen: opts.options.consoleTab.screen,
    updatedAt: opts.now.toISOString(),
    updatedBy: opts.actor,
  };
  await db
    .insert(tenantActivationOptions)
    .values({ tenantId: opts.tenantId, ...values })
    .onConflictDoUpdate({ target: tenantActivationOptions.tenantId, set: values });
}
