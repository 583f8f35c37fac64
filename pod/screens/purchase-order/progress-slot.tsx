/**
 * Where Order Status shows the order's timeline, tracking, serial numbers and invoice: `order-progress.tsx` in
 * this folder (built by Order Status) is loaded when it exists; until then the slot shows nothing.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { OrderView } from '../../../server/orders/view.ts';
import type { ScreenProps } from '../screen-props.ts';

export interface OrderProgressProps extends ScreenProps {
  order: OrderView;
}

const modules = import.meta.glob<{ default: ComponentType<OrderProgressProps> }>('./order-progress.tsx');

export function ProgressSlot(props: OrderProgressProps) {
  const [Progress, setProgress] = useState<ComponentType<OrderProgressProps> | null>(null);
  useEffect(() => {
    const load = modules['./order-progress.tsx'];
    if (!load) return;
    void load().then((m) => setProgress(() => m.default));
  }, []);
  return Progress ? <Progress {...props} /> : null;
}
