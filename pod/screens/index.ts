/** One lazily loaded folder per ConnectWise screen; the host context picks which (not the URL path). */
import type { ComponentType } from 'preact';
import type { ScreenProps } from './screen-props.ts';

export type ScreenModule = { default: ComponentType<ScreenProps> };

export const screens: Record<string, { load: () => Promise<ScreenModule> }> = {
  opportunity: { load: () => import('./opportunity/index.tsx') },
  purchaseorder: { load: () => import('./purchase-order/index.tsx') },
  ticket: { load: () => import('./ticket/index.tsx') },
};
