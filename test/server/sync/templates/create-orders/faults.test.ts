/**
 * The order path's fault suite: `npm test` runs a 100-schedule slice; `npm run test:faults` runs 1,000 (set
 * FAULT_SCHEDULES to change it). Prints schedules, duplicates and lost orders; the goal, and the assertion, is 0/0.
 */
import { describe, expect, it } from 'vitest';
import { runSuite } from './fault-schedules.ts';

const SCHEDULES = Number(process.env.FAULT_SCHEDULES ?? 100);
const FIRST_SEED = Number(process.env.FAULT_FIRST_SEED ?? 1);

describe('Create Orders under faults', () => {
  it(
    `places exactly one TD SYNNEX order per PO across ${SCHEDULES} seeded fault schedules`,
    async () => {
      const report = await runSuite({
        schedules: SCHEDULES,
        firstSeed: FIRST_SEED,
        progress: (r) =>
          process.stdout.write(`  … ${r.schedules} schedules, ${r.duplicates} duplicates, ${r.lost} lost\n`),
      });
      console.log(
        `create-orders fault suite: schedules=${report.schedules} duplicates=${report.duplicates} lost=${report.lost} writeback_missing=${report.writebackMissing}`,
      );
      for (const f of report.failures.slice(0, 5)) console.log(JSON.stringify(f));
      expect(report.schedules).toBe(SCHEDULES);
      expect({ duplicates: report.duplicates, lost: report.lost, writebackMissing: report.writebackMissing }).toEqual({
        duplicates: 0,
        lost: 0,
        writebackMissing: 0,
      });
    },
    // Generous: the machine may be shared; the figure, not the time, is what this test is for.
    Math.max(120_000, SCHEDULES * 6_000),
  );
});
