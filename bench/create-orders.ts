/**
 * Create Orders figures (issue 11): "Send to TDS" → TD SYNNEX order number written on the ConnectWise PO, for the
 * pod-button path and the callback path (status set to "Send to TDS" and saved), with both simulators answering
 * after 50 ms. p50/p95 over fresh POs; the goal is ≤ 2 s at p95 (Digital Bridge: up to 30 minutes).
 */
import { issueSessionToken } from '../server/auth/session-token.ts';
import { start } from '../server/entry/node.ts';
import { DEMO_TDS_PURCHASE_ORDERS } from '../sim/data/cw-seed.ts';

const LATENCY_MS = 50;
const PER_PATH = Number(process.env.BENCH_ORDERS ?? 15);

// biome-ignore lint/suspicious/noExplicitAny: simulator records are read loosely
type Json = Record<string, any>;
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

export async function benchCreateOrders(): Promise<void> {
  const server = await start({
    env: { PORT: '0', DATABASE_URL: ':memory:', SIMULATORS: 'on' },
    quiet: true,
    buildPod: false,
    cwSizes: { tdsPurchaseOrders: DEMO_TDS_PURCHASE_ORDERS },
  });
  try {
    const sims = server.simulators!;
    const admin = { authorization: `Bearer ${server.deps.adminToken}` };
    const applied = await fetch(`${server.url}/api/admin/tenants/demo/activation/apply`, {
      method: 'POST',
      headers: admin,
    });
    if (!applied.ok) throw new Error(`activation failed: ${await applied.text()}`);
    const api = `${server.url}/sim/cw/v4_6_release/apis/3.0`;
    const cwHeaders = {
      authorization: `Basic ${btoa(`${sims.cw.credentials.companyId}+${sims.cw.credentials.publicKey}:${sims.cw.credentials.privateKey}`)}`,
      clientId: '6f1c2b9e-8d7a-4c6b-9e5f-1a2b3c4d5e6f',
      'content-type': 'application/json',
    };
    const cw = async (path: string, method = 'GET', body?: unknown) => {
      const res = await fetch(`${api}/${path}`, {
        method,
        headers: cwHeaders,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as Json;
    };
    const vendor = sims.cw.list('company/companies').find((c) => c.identifier === 'TDSYNNEX')!;
    const template = sims.cw
      .list('procurement/purchaseorders')
      .find((p) => (p.vendorCompany as Json).id === vendor.id) as Json;
    const lines = (await cw(`procurement/purchaseorders/${template.id}/lineitems`)) as unknown as Json[];
    const statuses = (await cw('procurement/purchaseorderstatuses?pageSize=100')) as unknown as Json[];
    const sendStatus = statuses.find((s) => s.name === 'Send to TDS')!;
    let seq = 0;
    const freshPo = async () => {
      const po = await cw('procurement/purchaseorders', 'POST', {
        poNumber: `B${++seq}`,
        status: { id: template.status.id },
        vendorCompany: { id: vendor.id },
        terms: { id: template.terms.id },
        customerCompany: { id: template.customerCompany.id },
        customerContact: { id: template.customerContact.id },
        customerName: template.customerName,
        customerStreetLine1: template.customerStreetLine1,
        customerCity: template.customerCity,
        customerState: template.customerState,
        customerZip: template.customerZip,
        customerCountry: { id: template.customerCountry.id },
        customerPhone: template.customerPhone,
        shipmentMethod: { id: template.shipmentMethod.id },
        locationId: template.locationId,
        businessUnitId: template.businessUnitId,
      });
      for (const l of lines) {
        await cw(`procurement/purchaseorders/${po.id}/lineitems`, 'POST', {
          lineNumber: l.lineNumber,
          product: { id: l.product.id },
          description: l.description,
          quantity: l.quantity,
          unitCost: l.unitCost,
          unitOfMeasure: { id: l.unitOfMeasure.id },
          vendorSku: l.vendorSku,
        });
      }
      return po;
    };
    const written = async (id: number, t0: number) => {
      for (;;) {
        const po = sims.cw.get('procurement/purchaseorders', id) as Json;
        if (po.status?.name === 'TDS Accepted' && po.vendorOrderNumber) return performance.now() - t0;
        if (performance.now() - t0 > 60_000) throw new Error(`PO ${id} was not written back within 60 s`);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    const latency = { latency: { distribution: 'fixed', ms: LATENCY_MS } };
    for (const sim of ['cw', 'tds']) {
      await fetch(`${server.url}/sim/${sim}/_sim/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(latency),
      });
    }
    const { token } = await issueSessionToken(
      { tid: 'demo', sub: 'jsmith', name: 'jsmith' },
      server.deps.sessionSecret,
      900,
      server.deps.now(),
    );
    const button: number[] = [];
    const callback: number[] = [];
    // One warm-up of each path (first P&A answer, first TD SYNNEX connection), not counted.
    for (let i = 0; i < PER_PATH + 1; i++) {
      const a = await freshPo();
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/pod/purchase-orders/${a.id}/send`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.status !== 202) throw new Error(`send answered ${res.status}: ${await res.text()}`);
      const t = await written(a.id, t0);
      if (i > 0) button.push(t);

      const b = await freshPo();
      const t1 = performance.now();
      sims.cw.patchAsMember(
        'procurement/purchaseorders',
        b.id,
        [{ op: 'replace', path: 'status', value: { id: sendStatus.id } }],
        'mbrown',
      );
      const u = await written(b.id, t1);
      if (i > 0) callback.push(u);
    }
    const placed = sims.tds.orders().filter((o) => /^CW-B\d+$/.test(o.poNumber)).length;
    console.log(
      `\nCreate Orders: "Send to TDS" → TD SYNNEX order number on the ConnectWise PO (simulators at ${LATENCY_MS} ms):`,
    );
    console.log('path        n    p50        p95        max');
    for (const [name, v] of [
      ['button', button],
      ['callback', callback],
    ] as const) {
      console.log(
        `${name.padEnd(11)} ${String(v.length).padEnd(4)} ${`${pct(v, 50).toFixed(0)} ms`.padEnd(10)} ${`${pct(v, 95).toFixed(0)} ms`.padEnd(10)} ${Math.max(...v).toFixed(0)} ms`,
      );
    }
    console.log(
      `TD SYNNEX orders placed: ${placed} for ${2 * (PER_PATH + 1)} POs (goal: one each). Goal p95 ≤ 2,000 ms.`,
    );
  } finally {
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchCreateOrders();
