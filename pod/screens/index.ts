/** One lazily loaded folder per ConnectWise screen; the host context picks which (not the URL path). */
import type { ComponentType } from 'preact';
import type { ScreenProps } from './screen-props.ts';

export type ScreenModule = { default: ComponentType<ScreenProps> };

export const screens: Record<string, { title: string; load: () => Promise<ScreenModule> }> = {
  opportunity: { title: 'TD SYNNEX price & availability', load: () => import('./opportunity/index.tsx') },
  purchaseorder: { title: 'TD SYNNEX order', load: () => import('./purchase-order/index.tsx') },
  ticket: { title: 'TD SYNNEX orders', load: () => import('./ticket/index.tsx') },
};
