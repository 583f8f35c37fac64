/**
 * Wire shape of `/api/admin/tenants/:t/activation/options`, shared with the console's Setup (no imports, so the
 * console bundle gets only these few lines). The screens are those ConnectWise's Hosted API readme marks done for
 * pods and tabs (Ticket, Company, Contact, Sales Order) plus the two our own tabs use (opportunity, purchase order).
 */
export const CONSOLE_TAB_SCREENS = [
  'company',
  'contact',
  'ticket',
  'salesorder',
  'opportunity',
  'purchaseorder',
] as const;
export type ConsoleTabScreen = (typeof CONSOLE_TAB_SCREENS)[number];
export const DEFAULT_CONSOLE_TAB_SCREEN: ConsoleTabScreen = 'company';

export interface ActivationOptions {
  consoleTab: { enabled: boolean; screen: ConsoleTabScreen };
}
