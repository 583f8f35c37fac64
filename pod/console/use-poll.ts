/**
 * Loads now and again every `everyMs` (the interval may change with the answer, e.g. faster while a sync
 * runs); `refresh()` loads at once. Stops when the section closes.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export type Polled<T> = { value?: T; error?: Error; loadedAt?: Date };

export function usePoll<T>(load: () => Promise<T>, everyMs: (value: T | undefined) => number, deps: unknown[]) {
  const [state, setState] = useState<Polled<T>>({});
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    const tick = () => {
      load().then(
        (value) => {
          if (!live) return;
          setState({ value, loadedAt: new Date() });
          timer.current = setTimeout(tick, everyMs(value));
        },
        (error: Error) => {
          if (!live) return;
          setState((s) => ({ ...s, error }));
          timer.current = setTimeout(tick, everyMs(undefined));
        },
      );
    };
    tick();
    return () => {
      live = false;
      clearTimeout(timer.current);
    };
  }, [...deps, round]);
  return [state, useCallback(() => setRound((r) => r + 1), [])] as const;
}
