/**
 * Every route of the app, as the fuzzer calls it: method, path with `:params`, the real values a param can
 * take (so deeper code runs too), the credential it needs and a near-valid body to corrupt one field of.
 * Tenants that admin calls may change are `acme` (no working upstream) and ids that do not exist: the
 * demo tenant stays intact for the pod routes.
 */
export type Auth = 'none' | 'session' | 'admin';

export interface FuzzRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  auth: Auth;
  params?: Record<string, readonly string[]>;
  query?: Record<string, readonly string[]>;
  body?: Record<string, unknown>;
}

const READ_TENANTS = ['demo', 'acme', 'nope'] as const;
const WRITE_TENANTS = ['acme', 'nope'] as const;
const TEMPLATES = ['product-sync', 'price-availability', 'create-orders', 'nope'] as const;
const memberAuthentication = {
  site: 'http://localhost/',
  companyid: 'demo',
  memberid: 'jsmith',
  memberHash: 'not-a-real-hash',
  memberContext: 'web',
};

export const FUZZ_ROUTES: FuzzRoute[] = [
  { method: 'GET', path: '/api/health', auth: 'none' },
  {
    method: 'POST',
    path: '/api/session',
    auth: 'none',
    body: { memberAuthentication, screen: 'opportunity', recordId: 801 },
  },
  {
    method: 'GET',
    path: '/api/pod/record',
    auth: 'session',
    query: { screen: ['opportunity', 'purchaseorder', 'ticket'], id: ['801', '1', '0x321', '8.01e2'] },
  },
  {
    method: 'GET',
    path: '/api/pod/opportunities/:id/pricing',
    auth: 'session',
    params: { id: ['801', '999999', '0'] },
    query: { refresh: ['1', '0'] },
  },
  {
    method: 'POST',
    path: '/api/pod/opportunities/:id/update-cost',
    auth: 'session',
    params: { id: ['999999', '0'] },
    body: { lines: [{ productId: 1, confirmedCost: 10 }] },
  },
  { method: 'GET', path: '/api/admin/tenants', auth: 'admin' },
  { method: 'GET', path: '/api/admin/status', auth: 'admin' },
  { method: 'GET', path: '/api/admin/templates', auth: 'admin' },
  {
    method: 'GET',
    path: '/api/admin/tenants/:tenantId/runs',
    auth: 'admin',
    params: { tenantId: READ_TENANTS },
    query: { limit: ['5', '0', '-1', '1e3'], cursor: ['1', 'x'] },
  },
  {
    method: 'POST',
    path: '/api/admin/tenants/:tenantId/runs',
    auth: 'admin',
    params: { tenantId: WRITE_TENANTS },
    body: { template: 'product-sync', full: false },
  },
  { method: 'GET', path: '/api/admin/runs/:runId', auth: 'admin', params: { runId: ['1', '999999', '0x1'] } },
  { method: 'GET', path: '/api/admin/runs/:runId/activity', auth: 'admin', params: { runId: ['1', '999999'] } },
  { method: 'POST', path: '/api/admin/runs/:runId/cancel', auth: 'admin', params: { runId: ['999999', '0'] } },
  {
    method: 'GET',
    path: '/api/admin/tenants/:tenantId/activity',
    auth: 'admin',
    params: { tenantId: READ_TENANTS },
    query: { level: ['info,warn', 'x'], from: ['2026-01-01T00:00:00Z', 'x'], run: ['1', '0x1'], limit: ['10'] },
  },
  { method: 'GET', path: '/api/admin/tenants/:tenantId/schedules', auth: 'admin', params: { tenantId: READ_TENANTS } },
  {
    method: 'PUT',
    path: '/api/admin/tenants/:tenantId/schedules',
    auth: 'admin',
    params: { tenantId: WRITE_TENANTS },
    body: { schedules: [{ template: 'product-sync', cron: '0 2 * * *', enabled: true }] },
  },
  {
    method: 'GET',
    path: '/api/admin/tenants/:tenantId/schedules/:templateId',
    auth: 'admin',
    params: { tenantId: READ_TENANTS, templateId: TEMPLATES },
  },
  {
    method: 'PUT',
    path: '/api/admin/tenants/:tenantId/schedules/:templateId',
    auth: 'admin',
    params: { tenantId: WRITE_TENANTS, templateId: TEMPLATES },
    body: { cron: '0 3 * * *', enabled: false },
  },
  {
    method: 'POST',
    path: '/api/admin/tenants/:tenantId/schedules/:templateId/pause',
    auth: 'admin',
    params: { tenantId: WRITE_TENANTS, templateId: TEMPLATES },
  },
  {
    method: 'POST',
    path: '/api/admin/tenants/:tenantId/schedules/:templateId/resume',
    auth: 'admin',
    params: { tenantId: WRITE_TENANTS, templateId: TEMPLATES },
  },
  {
    method: 'GET',
    path: '/api/admin/tenants/:tenantId/templates/:templateId/settings',
    auth: 'admin',
    params: { tenantId: READ_TENANTS, templateId: TEMPLATES },
  },
  {
    method: 'PUT',
    path: '/api/admin/tenants/:tenantId/templates/:templateId/settings',
    auth: 'admin',
    params: { tenantId: WRITE_TENANTS, templateId: TEMPLATES },
    body: { minMarginPct: 10, cacheTtlSeconds: 60 },
  },
  {
    method: 'POST',
    path: '/api/admin/tenants',
    auth: 'admin',
    body: {
      id: 'fuzz-tenant',
      name: 'Fuzz',
      cwSite: 'https://fuzz.example.com',
      cwCompanyId: 'fuzz',
      podOrigins: ['https://fuzz.example.com'],
    },
  },
  {
    method: 'GET',
    path: '/api/admin/tenants/:tenantId/connections',
    auth: 'admin',
    params: { tenantId: READ_TENANTS },
  },
  {
    method: 'PUT',
    path: '/api/admin/tenants/:tenantId/connections/cw',
    auth: 'admin',
    params: { tenantId: WRITE_TENANTS },
    body: {
      companyId: 'acme',
      publicKey: 'pk',
      privateKey: 'sk',
      clientId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      apiUrl: 'http://127.0.0.1:9/v4_6_release/apis/3.0',
    },
  },
  {
    method: 'PUT',
    path: '/api/admin/tenants/:tenantId/connections/tds',
    auth: 'admin',
    params: { tenantId: WRITE_TENANTS },
    body: { customerNo: '1', user: 'u', password: 'p', environment: 'simulator', xmlUrl: 'http://127.0.0.1:9/sim/tds' },
  },
  {
    method: 'DELETE',
    path: '/api/admin/tenants/:tenantId/connections/:system/:role',
    auth: 'admin',
    params: { tenantId: WRITE_TENANTS, system: ['cw', 'tds', 'x'], role: ['standby', 'x'] },
  },
  {
    method: 'POST',
    path: '/api/admin/tenants/:tenantId/test-connection',
    auth: 'admin',
    // acme's connections (set by the PUT cases) point at a closed loopback port: checks fail fast, never 5xx.
    params: { tenantId: ['acme', 'nope'] },
    body: { system: 'cw', timeoutMs: 200 },
  },
  {
    method: 'GET',
    path: '/api/admin/tenants/:tenantId/activation/plan',
    auth: 'admin',
    params: { tenantId: ['nope'] },
  },
  {
    method: 'POST',
    path: '/api/admin/tenants/:tenantId/activation/plan',
    auth: 'admin',
    params: { tenantId: ['nope'] },
  },
  {
    method: 'POST',
    path: '/api/admin/tenants/:tenantId/activation/apply',
    auth: 'admin',
    params: { tenantId: ['nope'] },
  },
  {
    method: 'POST',
    path: '/api/admin/tenants/:tenantId/remove-simulator-tenant',
    auth: 'admin',
    params: { tenantId: ['acme', 'nope'] },
  },
  {
    method: 'POST',
    path: '/api/callbacks/cw/:tenantId',
    auth: 'none',
    params: { tenantId: READ_TENANTS },
    body: {
      MessageId: 'x',
      Action: 'updated',
      Type: 'Opportunity',
      ID: 801,
      Entity: '{}',
      Metadata: { key_url: 'http://127.0.0.1:9/' },
    },
  },
  {
    method: 'GET',
    path: '/pod/',
    auth: 'none',
    query: { tenant: ['demo', 'acme', 'x'], host: ['cw', 'penpal'], screen: ['opportunity'], id: ['801'] },
  },
  {
    method: 'GET',
    path: '/assets/:file',
    auth: 'none',
    params: { file: ['..%2fpod%2findex.html', '..%2f..%2fpackage.json', 'x.js'] },
  },
  { method: 'GET', path: '/', auth: 'none' },
  { method: 'POST', path: '/sim/cw/_sim/faults', auth: 'none', body: { mode: 'random', rate: 0 } },
  {
    method: 'GET',
    path: '/sim/cw/v4_6_release/system/callbackkey/index.rails',
    auth: 'none',
    query: { companyName: ['demo', 'acme'], id: ['x'] },
  },
  { method: 'GET', path: '/api/:anything', auth: 'none', params: { anything: ['nothing'] } },
];
