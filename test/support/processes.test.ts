/**
 * The shared process helper: stop() settles only when the whole process group is gone (grandchildren
 * included, SIGKILL for one that ignores SIGTERM), and the stray check finds a process that outlived its run.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RUN_MARKER, reapStrays, startProcess, strayProcesses } from './processes.ts';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

// A parent that starts a grandchild (like npx → wrangler → workerd), prints both pids, and waits.
const TREE = `
  const { spawn } = require('node:child_process');
  const grandchild = spawn(process.execPath, ['-e', ${JSON.stringify(`process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)`)}], { stdio: 'ignore' });
  console.log('READY ' + process.pid + ' ' + grandchild.pid);
  setInterval(() => {}, 1000);
`;

describe('startProcess', () => {
  it('waits for the ready line, then stop() settles only after every process of the group has exited', async () => {
    const started = await startProcess({
      command: process.execPath,
      args: ['-e', TREE],
      ready: /READY \d+ \d+/,
      graceMs: 300,
    });
    const [, leader, grandchild] = (/READY (\d+) (\d+)/.exec(started.output()) ?? []).map(Number);
    expect(alive(leader as number)).toBe(true);
    expect(alive(grandchild as number)).toBe(true);

    await started.stop();
    // The grandchild ignores SIGTERM: it is gone only because stop() escalated to SIGKILL and waited.
    expect(alive(leader as number)).toBe(false);
    expect(alive(grandchild as number)).toBe(false);
    await started.stop(); // a second stop is harmless
  });

  it('fails with the output when the process exits before it is ready', async () => {
    await expect(
      startProcess({ command: process.execPath, args: ['-e', 'console.log("boom"); process.exit(3)'], ready: /never/ }),
    ).rejects.toThrow(/did not start: it exited \(code 3[\s\S]*boom/);
  });

  it('fails on an error line even while the process stays alive, and leaves nothing running', async () => {
    const script = 'console.log("[ERROR] port taken"); setInterval(() => {}, 1000)';
    const runId = randomUUID();
    await expect(
      startProcess({
        command: process.execPath,
        args: ['-e', script],
        ready: /Ready/,
        failed: /\[ERROR\]/,
        env: { [RUN_MARKER]: runId },
      }),
    ).rejects.toThrow(/reported an error/);
    expect(strayProcesses(runId)).toEqual([]);
  });
});

describe('the stray check', () => {
  it('lists and kills a process of the run that was never stopped, whoever its parent is now', async () => {
    const runId = randomUUID();
    const orphan = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, [RUN_MARKER]: runId },
    });
    orphan.unref();
    const exited = new Promise((resolve) => orphan.once('exit', resolve));
    expect(strayProcesses(runId).map((s) => s.pid)).toEqual([orphan.pid]);

    const reaped = await reapStrays(runId, 0);
    expect(reaped.map((s) => s.pid)).toEqual([orphan.pid]);
    await exited;
    expect(strayProcesses(runId)).toEqual([]);
  });
});
