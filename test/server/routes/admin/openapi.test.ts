/** The OpenAPI document lists every admin route, with the request schemas the routes validate with. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminRoutes } from '../../../../server/routes/admin/index.ts';
import { OPERATIONS } from '../../../../server/routes/admin/openapi.ts';
import { setupAdminRoutes } from '../../../../server/routes/setup/index.ts';
import { startTestServer, type TestServer } from '../../../support/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

it('documents exactly the routes the admin app serves', () => {
  const served = new Set(
    [...adminRoutes().routes, ...setupAdminRoutes().routes]
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method.toLowerCase()} ${r.path}`),
  );
  const documented = new Set(OPERATIONS.map((o) => `${o.method} ${o.path}`));
  expect([...served].filter((r) => !documented.has(r))).toEqual([]);
  expect([...documented].filter((r) => !served.has(r))).toEqual([]);
});

it('serves the document, generated from the zod schemas', async () => {
  const res = await server.api<{
    openapi: string;
    paths: Record<
      string,
      Record<
        string,
        {
          parameters: Array<{ name: string }>;
          requestBody?: {
            content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }>;
          };
        }
      >
    >;
  }>('/api/admin/openapi.json', { admin: true });
  expect(res.status).toBe(200);
  expect(res.body.openapi).toBe('3.1.0');
  const activity = res.body.paths['/tenants/{tenantId}/activity']?.get;
  expect(activity?.parameters.map((p) => p.name)).toEqual(
    expect.arrayContaining(['tenantId', 'template', 'level', 'entity', 'text']),
  );
  const link = res.body.paths['/console/links']?.post?.requestBody?.content['application/json']?.schema;
  expect(link?.required).toEqual(['operator']);
  const tds =
    res.body.paths['/tenants/{tenantId}/connections/tds']?.put?.requestBody?.content['application/json']?.schema;
  expect(Object.keys(tds?.properties ?? {})).toEqual(expect.arrayContaining(['customerNo', 'user', 'password']));
});
