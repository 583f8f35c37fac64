/**
 * The PO's order as the server has it, with a dry check of the PO, followed after "Send to TDS" until it
 * settles (accepted, rejected, failed, invalid). Polling is the pod's: the server answers 202 at once and the
 * engine works in the background. When the outcome has been written to the PO, ConnectWise is asked to refresh
 * the screen so a stale screen cannot save old values over ours.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { PodOrderAnswer } from '../../../server/sync/templates/create-orders/pod-service.ts';
import type { ScreenProps } from '../screen-props.ts';

const POLL_MS = 1_000;
/**
 * Whether the order was written after this pod (and so the screen around it) was loaded, in the server's clock:
 * the answer's server time less the time since the pod's document started. No storage is needed (ConnectWise
 * frames the pod cross-site, where browsers may refuse it), and a refreshed screen loads a new pod that started
 * after the write, so it never refreshes again.
 */
function writtenSinceLoad(order: { updatedAt: string }, serverTime: string): boolean {
  return Date.parse(order.updatedAt) > Date.parse(serverTime) - performance.now();
}

export interface OrderState {
  answer: PodOrderAnswer | null;
  error: Error | null;
  sending: boolean;
  send(): Promise<void>;
  reload(): void;
}

export function useOrder({ session, context, bridge }: ScreenProps): OrderState {
  const id = context.recordId ?? 0;
  const [answer, setAnswer] = useState<PodOrderAnswer | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [sending, setSending] = useState(false);
  const [round, setRound] = useState(0);
  const refreshed = useRef<string | null>(null);

  const load = useCallback(
    async (check: boolean) => {
      try {
        const next = await session.api.get<PodOrderAnswer>(
          `/api/pod/purchase-orders/${id}/order${check ? '?check=1' : ''}`,
        );
        setAnswer(next);
        setError(null);
        return next;
      } catch (e) {
        setError(e as Error);
        return null;
      }
    },
    [id, session],
  );

  useEffect(() => {
    void load(true);
  }, [load, round]);

  // Follow an order that is moving; stop when it settles, then ask ConnectWise to show what we wrote: a stale
  // screen must not save old values over it. The screen is stale when the pod saw the PO without a settled order
  // first, or when the order was written after the pod loaded (the screen's own save of "Send to TDS" started it,
  // and the page came back before our write-back).
  const order = answer?.order;
  useEffect(() => {
    if (!answer) return;
    if (!order) {
      refreshed.current = 'moving';
      return;
    }
    if (order.settled) {
      const key = `${order.state}:${order.updatedAt}`;
      const seenMoving = refreshed.current !== null && refreshed.current !== key;
      const firstSightOfNewWrite = refreshed.current === null && writtenSinceLoad(order, answer.serverTime);
      if ((seenMoving || firstSightOfNewWrite) && order.writeback === 'done') {
        void bridge.refreshScreen().catch(() => undefined);
      }
      refreshed.current = key;
      return;
    }
    refreshed.current = 'moving';
    if (order.state === 'awaiting_approval') return;
    const timer = setTimeout(() => void load(false), POLL_MS);
    return () => clearTimeout(timer);
  }, [answer, order, load, bridge]);

  const send = useCallback(async () => {
    setSending(true);
    try {
      const sent = await session.api.post<{ order: NonNullable<PodOrderAnswer['order']>; outcome: string }>(
        `/api/pod/purchase-orders/${id}/send`,
      );
      setAnswer((prev) => (prev ? { ...prev, order: sent.order, check: null } : prev));
      setError(null);
    } catch (e) {
      setError(e as Error);
    } finally {
      setSending(false);
    }
  }, [id, session]);

  return { answer, error, sending, send, reload: () => setRound((r) => r + 1) };
}
