/** Terminal output: colours only on a TTY (and never with NO_COLOR), aligned tables, a progress line. */
import type { RunView } from '../../server/routes/admin/views.ts';

export interface Out {
  tty: boolean;
  color: boolean;
  write(text: string): void;
  error(text: string): void;
  /** Rewrites the current stderr line (progress); no-op when not a TTY. */
  status(text: string): void;
  clearStatus(): void;
}

export function createOut(
  stdout: NodeJS.WriteStream = process.stdout,
  stderr: NodeJS.WriteStream = process.stderr,
): Out {
  const tty = Boolean(stderr.isTTY);
  let statusShown = false;
  return {
    tty,
    color: Boolean(stdout.isTTY) && !process.env.NO_COLOR,
    write: (text) => stdout.write(`${text}\n`),
    error: (text) => stderr.write(`${text}\n`),
    status(text) {
      if (!tty) return;
      stderr.write(`\r\x1b[2K${text}`);
      statusShown = true;
    },
    clearStatus() {
      if (statusShown) stderr.write('\r\x1b[2K');
      statusShown = false;
    },
  };
}

const CODES = { red: 31, green: 32, yellow: 33, gray: 90, bold: 1, dim: 2 } as const;
export function paint(out: Out, color: keyof typeof CODES, text: string): string {
  return out.color ? `\x1b[${CODES[color]}m${text}\x1b[0m` : text;
}

export function stateColor(state: string): keyof typeof CODES {
  if (state === 'succeeded' || state === 'green') return 'green';
  if (state === 'failed' || state === 'red') return 'red';
  if (state === 'succeeded_with_warnings' || state === 'yellow' || state === 'running') return 'yellow';
  return 'gray';
}

export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => visible(r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell + ' '.repeat((widths[i] ?? 0) - visible(cell).length))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function visible(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips our own colour codes to measure width
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

export function countsLine(run: Pick<RunView, 'counts' | 'skippedReasons'>): string {
  const c = run.counts;
  const skipped = Object.entries(run.skippedReasons)
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
  return `added ${c.added} · updated ${c.updated} · unchanged ${c.unchanged} · deactivated ${c.deactivated} · skipped ${c.skipped}${skipped ? ` (${skipped})` : ''} · errors ${c.errors}`;
}

export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1_000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

export function shortTime(iso: string | null | undefined): string {
  return iso ? iso.replace('T', ' ').replace(/:\d\d\.\d+Z$/, 'Z') : '—';
}

/** `2026-03-02 08:00 EST`: a time in the tenant's zone, where its schedules run. */
export function zonedTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '—';
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

/** `[#######.............] 35%` or, without a total, a spinner frame. */
export function progressBar(done: number, total: number | undefined, frame: number, width = 24): string {
  if (!total || total <= 0) return ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'][frame % 10] ?? '';
  const ratio = Math.min(1, Math.max(0, done / total));
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(ratio * 100)}%`;
}
