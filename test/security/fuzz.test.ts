/**
 * The seeded route fuzzer (test/security/fuzz/): 2,000 cases in `npm test`, 10,000 with `npm run test:fuzz`
 * (FUZZ_CASES), over every route with a real server's dependencies and the simulators. No answer may be a
 * 5xx, show a stack trace or contain a secret. Prints the counts by status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { FUZZ_ROUTES } from './fuzz/routes.ts';
import { fuzz } from './fuzz/run.ts';

/** `/a/:id/` and `/a/*` alike: the shape of a path, whatever its parameters are called. */
const shape = (method: string, path: string) =>
  `${method} ${path.replace(/:[A-Za-z]+|\*/g, ':').replace(/(.)\/$/, '$1')}`;

const CASES = Number(process.env.FUZZ_CASES ?? 2_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ catalogSize: 200 });
  const created = await server.api('/api/admin/tenants', {
    method: 'POST',
    admin: true,
    body: JSON.stringify({ id: 'acme', name: 'Acme', cwSite: 'https://acme.example.com', cwCompanyId: 'acme' }),
  });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await server?.close();
});

describe('route fuzzer', () => {
  it('covers every route the app serves (the simulators have tests of their own)', () => {
    const served = createApp(server.services)
      .routes.filter((r) => r.method !== 'ALL' && !r.path.startsWith('/sim/'))
      .map((r) => shape(r.method, r.path));
    const fuzzed = new Set(FUZZ_ROUTES.map((r) => shape(r.method, r.path)));
    // A route added without a fuzz entry fails here: the adversarial suite stays over every way in.
    expect([...new Set(served)].filter((r) => !fuzzed.has(r)).sort()).toEqual([]);
  });

  it(
    `answers ${CASES} hostile requests without a 5xx, a stack trace or a secret`,
    async () => {
      const sims = server.simulators!;
      const report = await fuzz(createApp(server.services), {
        seed: SEED,
        cases: CASES,
        creds: {
          adminToken: server.deps.adminToken,
          sessionToken: await server.podToken(),
          secrets: [
            server.deps.adminToken,
            server.deps.sessionSecret,
            sims.cw.credentials.privateKey,
            sims.tds.credentials.password,
            sims.tds.oauth.clientSecret,
          ],
        },
        afterCase: (route) => {
          if (route.path.startsWith('/sim/')) {
            sims.cw.faults.clear();
            sims.tds.faults.clear();
          }
        },
      });
      console.info(
        `fuzz seed ${SEED}: ${report.cases} cases in ${report.ms} ms; by status ${JSON.stringify(report.byStatus)}; findings ${report.findings.length}`,
      );
      expect(report.findings, JSON.stringify(report.findings.slice(0, 5), null, 2)).toEqual([]);
    },
    Math.max(120_000, CASES * 60),
  );
});
