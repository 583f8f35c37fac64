/**
 * Seeded fault schedules over the whole order path. Each schedule takes a fresh, valid PO and plays a random
 * sequence of events against two tds-bridge nodes on one database file: clicks on either node, duplicate and
 * out-of-order callbacks, sweeps on both engines at once, crashes at every named point, TD SYNNEX losing the
 * answer after accepting (or the request before), 502s before and after, claims expiring, and a member setting
 * the status back to "Send to TDS" after acceptance. Then the faults stop and the system heals (engines tick,
 * the clock passes every wait and the 5-minute sweep). Counted per schedule: more than one TD SYNNEX order for
 * the PO number (duplicate), none at all (lost), or the outcome missing from the ConnectWise PO.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../../../../db/client.ts';
import { openNodeDb } from '../../../../../db/migrate.ts';
import { getOrder } from '../../../../../server/orders/repo.ts';
import {
  CRASH_POINTS,
  type CrashPoint,
  type OrderHooks,
  recordSendRequest,
  requestSend,
  SimulatedCrash,
} from '../../../../../server/sync/templates/create-orders/index.ts';
import {
  demoPos,
  drain,
  type Json,
  type Node,
  ORIGIN,
  prepareTenant,
  type Sims,
  startNode,
  startSims,
  TENANT,
  type Verdict,
} from './harness.ts';

/** mulberry32 */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type NodeName = 'a' | 'b';
type Event =
  | { kind: 'click'; node: NodeName }
  | { kind: 'callback'; node: NodeName; replay: boolean }
  | { kind: 'sweep'; nodes: NodeName[] }
  | { kind: 'tick'; node: NodeName }
  | { kind: 'crash'; node: NodeName; point: CrashPoint }
  | { kind: 'tds'; verdict: Exclude<Verdict, 'deliver'> }
  | { kind: 'advance'; ms: number }
  | { kind: 'reset_status' };

export interface ScheduleResult {
  seed: number;
  events: Event[];
  tdsOrders: number;
  duplicate: boolean;
  lost: boolean;
  writebackMissing: boolean;
  finalState: string;
}

function makeEvents(random: () => number): Event[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const node = (): NodeName => (random() < 0.5 ? 'a' : 'b');
  const events: Event[] = [];
  const first: Event =
    random() < 0.5 ? { kind: 'click', node: node() } : { kind: 'callback', node: node(), replay: false };
  events.push(first);
  const n = 3 + Math.floor(random() * 7);
  for (let i = 0; i < n; i++) {
    const r = random();
    if (r < 0.14) events.push({ kind: 'click', node: node() });
    else if (r < 0.26) events.push({ kind: 'callback', node: node(), replay: random() < 0.5 });
    else if (r < 0.36) events.push({ kind: 'sweep', nodes: random() < 0.5 ? ['a', 'b'] : [node()] });
    else if (r < 0.56) events.push({ kind: 'tick', node: node() });
    else if (r < 0.7) events.push({ kind: 'crash', node: node(), point: pick(CRASH_POINTS) });
    else if (r < 0.84)
      events.push({
        kind: 'tds',
        verdict: pick(['drop_request', 'lose_answer', 'bad_gateway_before', 'bad_gateway_after'] as const),
      });
    else if (r < 0.93) events.push({ kind: 'advance', ms: pick([1_000, 61_000, 121_000, 301_000]) });
    else events.push({ kind: 'reset_status' });
  }
  return events;
}

interface Bench {
  sims: Sims;
  nodes: Record<NodeName, Node>;
  crashes: Record<NodeName, Set<CrashPoint>>;
  tdsPlan: Array<{ verdict: Exclude<Verdict, 'deliver'> }>;
  template: Json;
  lines: Json[];
  sendStatusId: number;
  apiFetch(path: string, init?: { method?: string; body?: unknown }): Promise<Json>;
  close(): Promise<void>;
}

function crashHooks(points: Set<CrashPoint>): OrderHooks {
  return {
    reached(point) {
      if (points.delete(point)) throw new SimulatedCrash(point);
    },
  };
}

export async function openBench(): Promise<Bench> {
  const sims = await startSims();
  const dir = mkdtempSync(join(tmpdir(), 'orders-faults-'));
  const url = `file:${join(dir, 'bridge.db')}`;
  const shared = process.env.FAULTS_MEMORY_DB ? await openNodeDb(':memory:') : undefined;
  const dbs: Db[] = shared ? [shared, shared] : [await openNodeDb(url), await openNodeDb(url)];
  // Two connections as two processes would have; WAL lets them read while the other writes, and a test file
  // need not survive a power cut (the suite is about process crashes, which SQLite's own guarantees cover).
  for (const db of dbs) {
    await db.$client.execute('PRAGMA journal_mode = WAL');
    await db.$client.execute('PRAGMA synchronous = OFF');
    await db.$client.execute('PRAGMA busy_timeout = 5000');
  }
  const crashes = { a: new Set<CrashPoint>(), b: new Set<CrashPoint>() };
  const nodes = {
    a: await startNode(sims, dbs[0]!, { hooks: crashHooks(crashes.a), ownerId: 'node-a' }),
    b: await startNode(sims, dbs[1]!, { hooks: crashHooks(crashes.b), ownerId: 'node-b' }),
  };
  await prepareTenant(sims, nodes.a);
  const tdsPlan: Bench['tdsPlan'] = [];
  sims.transport.decide = (request) => {
    // A planned fault hits the next request to TD SYNNEX's PO service (a submit or a status query).
    if (!request.url.includes('/sim/tds/SynnexXML/PO') || tdsPlan.length === 0) return 'deliver';
    return tdsPlan.shift()!.verdict;
  };
  const auth = `Basic ${btoa(`${sims.cw.credentials.companyId}+${sims.cw.credentials.publicKey}:${sims.cw.credentials.privateKey}`)}`;
  const apiFetch = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await sims.fetch(`${ORIGIN}/sim/cw/v4_6_release/apis/3.0/${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: auth,
        clientId: '6f1c2b9e-8d7a-4c6b-9e5f-1a2b3c4d5e6f',
        'content-type': 'application/json',
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text}`);
    return text ? (JSON.parse(text) as Json) : {};
  };
  const [first] = demoPos(sims);
  const template = await apiFetch(`procurement/purchaseorders/${first!.id}`);
  const lines = (await apiFetch(`procurement/purchaseorders/${first!.id}/lineitems`)) as unknown as Json[];
  const statuses = (await apiFetch('procurement/purchaseorderstatuses?pageSize=100')) as unknown as Json[];
  const sendStatusId = Number(statuses.find((s) => s.name === 'Send to TDS')!.id);
  return {
    sims,
    nodes,
    crashes,
    tdsPlan,
    template,
    lines,
    sendStatusId,
    apiFetch,
    async close() {
      await nodes.a.engine.stop();
      await nodes.b.engine.stop();
      for (const db of dbs) db.$client.close();
      await sims.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new valid PO like the first demo PO, in status "Send to TDS". */
async function freshPo(bench: Bench, seq: number): Promise<{ id: number; poNumber: string }> {
  const t = bench.template;
  const po = await bench.apiFetch('procurement/purchaseorders', {
    method: 'POST',
    body: {
      poNumber: `F${seq}`,
      status: { id: bench.sendStatusId },
      vendorCompany: { id: t.vendorCompany.id },
      terms: { id: t.terms.id },
      customerCompany: t.customerCompany && { id: t.customerCompany.id },
      customerContact: t.customerContact && { id: t.customerContact.id },
      customerName: t.customerName,
      customerStreetLine1: t.customerStreetLine1,
      customerCity: t.customerCity,
      customerState: t.customerState,
      customerZip: t.customerZip,
      customerCountry: t.customerCountry && { id: t.customerCountry.id },
      customerPhone: t.customerPhone,
      shipmentMethod: t.shipmentMethod && { id: t.shipmentMethod.id },
      locationId: t.locationId,
      businessUnitId: t.businessUnitId,
    },
  });
  for (const line of bench.lines) {
    await bench.apiFetch(`procurement/purchaseorders/${po.id}/lineitems`, {
      method: 'POST',
      body: {
        lineNumber: line.lineNumber,
        product: { id: line.product.id },
        description: line.description,
        quantity: line.quantity,
        unitCost: line.unitCost,
        unitOfMeasure: { id: line.unitOfMeasure.id },
        vendorSku: line.vendorSku,
      },
    });
  }
  return { id: Number(po.id), poNumber: String(po.poNumber) };
}

async function safely(work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch {
    // A crash or a fault in one event is part of the schedule; the invariants are checked at the end.
  }
}

export async function runSchedule(bench: Bench, seed: number): Promise<ScheduleResult> {
  const random = prng(seed);
  const events = makeEvents(random);
  const { sims, nodes } = bench;
  const po = await freshPo(bench, seed);
  const poNumber = `CW-${po.poNumber}`;
  const callbacksSeen: string[] = [];
  const callback = async (node: NodeName, replay: boolean) => {
    const current = sims.cw.get('procurement/purchaseorders', po.id) as Json;
    const lastUpdated = replay && callbacksSeen.length ? callbacksSeen[0]! : String(current._info.lastUpdated);
    if (!replay) callbacksSeen.push(lastUpdated);
    await requestSend(nodes[node].deps, nodes[node].engine, {
      tenantId: TENANT,
      cwPoId: po.id,
      cwPoNumber: po.poNumber,
      source: 'callback',
      memberId: 'mbrown',
      poLastUpdated: lastUpdated,
    });
  };

  for (const event of events) {
    switch (event.kind) {
      case 'click':
        await safely(() =>
          requestSend(nodes[event.node].deps, nodes[event.node].engine, {
            tenantId: TENANT,
            cwPoId: po.id,
            source: 'button',
            memberId: 'jsmith',
          }),
        );
        break;
      case 'callback':
        await safely(() => callback(event.node, event.replay));
        break;
      case 'sweep':
        await Promise.all(
          event.nodes.map((n) =>
            safely(() => nodes[n].engine.runNow(TENANT, 'create-orders', { requestedBy: 'sweep' })),
          ),
        );
        await Promise.all(event.nodes.map((n) => safely(() => nodes[n].engine.tick())));
        break;
      case 'tick':
        await safely(() => nodes[event.node].engine.tick());
        break;
      case 'crash':
        bench.crashes[event.node].add(event.point);
        break;
      case 'tds':
        bench.tdsPlan.push({ verdict: event.verdict });
        break;
      case 'advance':
        sims.clock.advance(event.ms);
        break;
      case 'reset_status':
        sims.clock.advance(2_000);
        await safely(async () => {
          sims.cw.patchAsMember(
            'procurement/purchaseorders',
            po.id,
            [{ op: 'replace', path: 'status', value: { id: bench.sendStatusId } }],
            'mbrown',
          );
          await callback('a', false);
        });
        break;
    }
  }

  // Heal: faults stop, crashes are spent, engines tick through waits and the 5-minute sweep.
  bench.crashes.a.clear();
  bench.crashes.b.clear();
  bench.tdsPlan.length = 0;
  let order = await getOrder(nodes.a.db, { tenantId: TENANT, cwPoId: po.id });
  for (let round = 0; round < 12; round++) {
    order = await getOrder(nodes.a.db, { tenantId: TENANT, cwPoId: po.id });
    if (order && order.state === 'accepted' && order.writeback === 'done') break;
    if (!order) await recordSendRequest(nodes.a.deps, { tenantId: TENANT, cwPoId: po.id, source: 'button' });
    sims.clock.advance(301_000);
    await safely(() => drain(sims, [nodes.a.engine, nodes.b.engine], 100));
  }
  order = await getOrder(nodes.a.db, { tenantId: TENANT, cwPoId: po.id });
  const tdsOrders = sims.tds.orders().filter((o) => o.poNumber.toUpperCase() === poNumber.toUpperCase()).length;
  const cwPo = sims.cw.get('procurement/purchaseorders', po.id) as Json;
  const writebackMissing =
    tdsOrders === 1 && !(cwPo.status?.name === 'TDS Accepted' && String(cwPo.vendorOrderNumber ?? '').length > 0);
  return {
    seed,
    events,
    tdsOrders,
    duplicate: tdsOrders > 1,
    lost: tdsOrders === 0,
    writebackMissing,
    finalState: order ? `${order.state}/${order.writeback}` : 'none',
  };
}

export interface SuiteReport {
  schedules: number;
  duplicates: number;
  lost: number;
  writebackMissing: number;
  failures: ScheduleResult[];
}

export async function runSuite(opts: {
  schedules: number;
  firstSeed?: number;
  /** Called every 100 schedules (long runs show they are moving). */
  progress?: (report: SuiteReport) => void;
}): Promise<SuiteReport> {
  const bench = await openBench();
  const report: SuiteReport = { schedules: 0, duplicates: 0, lost: 0, writebackMissing: 0, failures: [] };
  try {
    for (let i = 0; i < opts.schedules; i++) {
      const result = await runSchedule(bench, (opts.firstSeed ?? 1) + i);
      report.schedules++;
      if (result.duplicate) report.duplicates++;
      if (result.lost) report.lost++;
      if (result.writebackMissing) report.writebackMissing++;
      if (result.duplicate || result.lost || result.writebackMissing) report.failures.push(result);
      if (report.schedules % 100 === 0) opts.progress?.(report);
    }
  } finally {
    await bench.close();
  }
  return report;
}
