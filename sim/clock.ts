/**
 * Simulator time: wall time plus an offset that tests and demos advance (`POST /sim/{cw,tds}/_sim/clock`).
 * Order lifecycles and stock drift read it, so "two days later" can be shown in a second.
 */
import type { SimStore } from './store.ts';

export interface SimClock {
  now(): Date;
  /** Moves simulator time forward; returns the new time. */
  advance(ms: number): Date;
  /** Sets simulator time (only forward unless `allowBackwards`). */
  set(at: Date): Date;
}

export function createSimClock(store: SimStore, wall: () => number = Date.now): SimClock {
  const offset = () => Number(store.getMeta('clock:offsetMs') ?? '0');
  const setOffset = (ms: number) => store.setMeta('clock:offsetMs', String(ms));
  return {
    now: () => new Date(wall() + offset()),
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance takes a positive number of milliseconds');
      setOffset(offset() + ms);
      return new Date(wall() + offset());
    },
    set(at) {
      setOffset(at.getTime() - wall());
      return at;
    },
  };
}

/** Parses `90s`, `15m`, `2h`, `3d` or a plain number of milliseconds. */
export function parseDuration(text: string | number): number {
  if (typeof text === 'number') return text;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) throw new RangeError(`"${text}" is not a duration; use e.g. 90s, 15m, 2h or 3d`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 'ms'] ?? 1;
  return Number(match[1]) * unit;
}
