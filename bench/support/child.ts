/** Starts a Node child process (with tsx) through the shared process helper and waits until its output shows it is ready. */
import { fileURLToPath } from 'node:url';
import { type StartedProcess, startProcess } from '../../test/support/processes.ts';

export type Child = StartedProcess;

export function spawnUntilReady(
  script: string,
  env: Record<string, string>,
  ready: (output: string) => boolean,
  timeoutMs = 60_000,
): Promise<Child> {
  return startProcess({
    name: script,
    command: process.execPath,
    args: ['--import', 'tsx', script],
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env,
    ready,
    timeoutMs,
  });
}
