/**
 * One named test-connection check, in the manual's "Common Issues and Solutions" style: what was found
 * (`detail`) and exactly what to do about it (`fix`). `ok` is `status !== 'fail'`, for clients (the CLI)
 * that only want a yes or no per line.
 */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skipped';

export interface Check {
  id: string;
  name: string;
  system: 'cw' | 'tds';
  status: CheckStatus;
  ok: boolean;
  detail: string;
  /** What to do; null when there is nothing to do. */
  fix: string | null;
  durationMs?: number;
}

export function check(
  system: Check['system'],
  id: string,
  name: string,
  status: CheckStatus,
  detail: string,
  fix: string | null = null,
  durationMs?: number,
): Check {
  return {
    id,
    name,
    system,
    status,
    ok: status !== 'fail',
    detail,
    fix: status === 'pass' ? null : fix,
    ...(durationMs === undefined ? {} : { durationMs: Math.round(durationMs) }),
  };
}

/** Milliseconds a probe took, with the probe's result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: unknown; ms: number }> {
  const started = performance.now();
  try {
    const value = await fn();
    return { value, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
