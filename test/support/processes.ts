/**
 * Child processes for tests and the bench (servers, simulators, `wrangler dev`), started so they can be stopped
 * for certain: each runs in its own process group, readiness is an event on its output (never a fixed sleep),
 * and `stop()` settles only when the whole group has exited — SIGTERM, a bounded wait, then SIGKILL. Folders the
 * processes wrote into are removed only after that, with retries for a file system still settling.
 *
 * Every process started under `npm test` / `npm run bench` inherits RUN_MARKER in its environment, so the runner
 * can list any that outlived the run (see `strayProcesses`), whatever re-parented them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';

export const RUN_MARKER = 'TDS_BRIDGE_RUN_ID';

export interface StartedProcess {
  pid: number;
  output(): string;
  /** Resolves when the whole process group is gone (SIGKILL after `graceMs`). Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartProcessOptions {
  command: string;
  args: string[];
  /** Added to the parent's environment. */
  env?: Record<string, string>;
  cwd?: string;
  /** Ready when the collected output satisfies this. */
  ready: RegExp | ((output: string) => boolean);
  /** Output that means the start failed, even though the process is still alive. */
  failed?: RegExp;
  /** How long to wait for `ready` (default 90 s). */
  timeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL (default 5 s). */
  graceMs?: number;
  /** Names the process in errors. */
  name?: string;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

/** Waits until no process of the group is left, or the deadline passes; true when gone. */
async function waitGroupGone(pgid: number, leader: Promise<void>, deadline: number): Promise<boolean> {
  await Promise.race([leader, new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())))]);
  // Grandchildren (workerd under wrangler under npx) can outlive the leader by a moment: poll the group.
  while (groupAlive(pgid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}

export async function startProcess(opts: StartProcessOptions): Promise<StartedProcess> {
  const name = opts.name ?? [opts.command, ...opts.args].join(' ');
  const child: ChildProcess = spawn(opts.command, opts.args, {
    cwd: opts.cwd,
    detached: true, // its own process group, so stop() reaches every descendant
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name} could not be started`);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

  let output = '';
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      signalGroup(pid, 'SIGTERM');
      if (await waitGroupGone(pid, exited, Date.now() + (opts.graceMs ?? 5_000))) return;
      signalGroup(pid, 'SIGKILL');
      if (!(await waitGroupGone(pid, exited, Date.now() + 5_000)))
        throw new Error(`${name} (process group ${pid}) survived SIGKILL`);
    })();
    return stopping;
  };

  const isReady = typeof opts.ready === 'function' ? opts.ready : (text: string) => (opts.ready as RegExp).test(text);
  await new Promise<void>((resolve, reject) => {
    const fail = (why: string) => {
      cleanup();
      stop().then(
        () => reject(new Error(`${name} did not start: ${why}\n${output.slice(-4000)}`)),
        (error: Error) => reject(error),
      );
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (opts.failed?.test(output)) fail('it reported an error');
      else if (isReady(output)) {
        cleanup();
        resolve();
      }
    };
    const onExit = () => fail(`it exited (code ${child.exitCode}, signal ${child.signalCode})`);
    const timer = setTimeout(() => fail(`not ready after ${opts.timeoutMs ?? 90_000} ms`), opts.timeoutMs ?? 90_000);
    const cleanup = () => {
      clearTimeout(timer);
      child.off('exit', onExit);
      // Keep collecting output for diagnostics, but stop checking readiness.
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.stdout?.on('data', collect);
      child.stderr?.on('data', collect);
    };
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
  return { pid, output: () => output, stop };
}

/**
 * Removes a folder once the processes that wrote into it are gone. Retries cover a file system still settling
 * (ENOTEMPTY/EBUSY while the last log lines are flushed); a failure after that is reported, not thrown, because
 * housekeeping must not fail a passing suite.
 */
export function removeDir(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  } catch (error) {
    console.warn(`could not remove ${path}: ${(error as Error).message}`);
  }
}

export interface StrayProcess {
  pid: number;
  command: string;
}

/** Processes (other than `exceptPid`) whose environment carries this run's marker: they outlived the run. */
export function strayProcesses(runId: string, exceptPid = process.pid): StrayProcess[] {
  const needle = `${RUN_MARKER}=${runId}`;
  const found: StrayProcess[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found; // not Linux: nothing to check with
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === exceptPid) continue;
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
      if (!environ.split('\0').includes(needle)) continue;
      const command = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim();
      const state = /State:\s+(\w)/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1];
      if (state === 'Z') continue; // exited, only waiting to be reaped
      found.push({ pid, command });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/**
 * The end-of-run check shared by `npm test` and `npm run bench`: waits briefly for processes still shutting down,
 * then lists and kills any that remain. Returns them so the caller can fail the run.
 */
export async function reapStrays(runId: string, graceMs = 5_000): Promise<StrayProcess[]> {
  const deadline = Date.now() + graceMs;
  let strays = strayProcesses(runId);
  while (strays.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    strays = strayProcesses(runId);
  }
  for (const stray of strays) {
    try {
      process.kill(stray.pid, 'SIGKILL');
    } catch {}
  }
  return strays;
}
