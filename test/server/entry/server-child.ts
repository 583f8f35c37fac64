/**
 * The server process started by server-process.ts: `start()` (the Node entry) with a short intake lease, a small
 * simulated catalogue and no tick interval, printing `READY <url>`; SIGTERM closes it cleanly.
 */
import { start } from '../../../server/entry/node.ts';

// The parent passes PUBLIC_URL='' to mean "unset" (its own environment may have one).
if (!process.env.PUBLIC_URL) delete process.env.PUBLIC_URL;
try {
  const running = await start({
    quiet: true,
    buildPod: false,
    catalogSize: 2_000,
    tickIntervalMs: 0,
    intakeLeaseMs: Number(process.env.INTAKE_LEASE_MS ?? 3_000),
  });
  console.log(`READY ${running.url}`);
  process.once('SIGTERM', () => void running.close().then(() => process.exit(0)));
} catch (error) {
  console.error(`server could not start: ${(error as Error).message}`);
  process.exit(1);
}
