/** Runs the real `tds-bridge` command (bin/tds-bridge.js under Node) and collects what it prints. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Out } from '../../bin/lib/output.ts';
import { RUN_MARKER } from '../support/processes.ts';

const BIN = fileURLToPath(new URL('../../bin/tds-bridge.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  opts: { env?: Record<string, string | undefined>; cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // Only what the test gives: no ADMIN_TOKEN, PORT or DATABASE_URL leaks in from the developer's shell.
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NO_COLOR: '1',
      TDS_BRIDGE_POLL_MS: '20',
      // Carries the run's marker, so the end-of-run check would see a CLI process that never exited.
      [RUN_MARKER]: process.env[RUN_MARKER],
      ...opts.env,
    };
    const child = spawn(process.execPath, [BIN, ...args], {
      env: env as NodeJS.ProcessEnv,
      cwd: opts.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** An in-process terminal: records output, pretends to be a TTY when asked. */
export function memoryOut(tty: boolean): Out & { stdout: string[]; stderr: string[]; statuses: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const statuses: string[] = [];
  return {
    tty,
    color: false,
    stdout,
    stderr,
    statuses,
    write: (text) => stdout.push(text),
    error: (text) => stderr.push(text),
    status: (text) => {
      if (tty) statuses.push(text);
    },
    clearStatus: () => {},
  };
}
