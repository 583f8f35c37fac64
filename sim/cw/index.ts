/**
 * The ConnectWise PSA simulator: REST API at API fidelity (auth, paging, conditions, PATCH, callbacks,
 * throttling, faults) over deterministic seed data, persisted in the shared SimStore. See README.md.
 */
import type { Hono } from 'hono';
import type { SimClock } from '../clock.ts';
import { type CwSeedSizes, DEMO_KEYS, seedCw } from '../data/cw-seed.ts';
import { FaultInjector } from '../faults.ts';
import { routePattern, SimStats } from '../stats.ts';
import type { SimStore } from '../store.ts';
import { buildApp } from './app.ts';
import { CALLBACK_KEYS, CallbackDispatcher } from './callbacks/dispatcher.ts';
import { COLLECTIONS, ENTITIES, type EntityDef, entityByPath, type Rec } from './entities/index.ts';
import { TokenBucket } from './rate-limit.ts';
import { presentRecord } from './records/present.ts';
import { CwRecords } from './records/repository.ts';
import { API_KEYS, type BadCredentialsAnswer, MEMBER_HASHES, type MemberCookieReading, Security } from './security.ts';

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 1000;

export type { CwSeedSizes } from '../data/cw-seed.ts';

export interface CwSimOptions {
  store: SimStore;
  clock: SimClock;
  /** Absolute URL where this app is mounted, e.g. 'http://127.0.0.1:8787/sim/cw'. */
  baseUrl: string;
  seed?: number;
  sizes?: Partial<CwSeedSizes>;
  /** Used to deliver callbacks (default globalThis.fetch). */
  fetch?: typeof fetch;
  /**
   * Token bucket capacity per minute (default 1000: the Developer Guide says an integration sending over
   * 1,000 requests a minute will likely be throttled); 0 = off. Benches and bulk tests raise it explicitly.
   */
  rateLimitPerMinute?: number;
  /** How member cookie values are read (default `raw`: as sent, no URL-decoding). */
  memberCookies?: MemberCookieReading;
  /** How refused credentials are answered (default `unauthorized`: 401 `Unauthorized`). */
  badCredentials?: BadCredentialsAnswer;
  /**
   * Where callback `Metadata.key_url` points (default baseUrl). Real payloads can name another host than the
   * API's (`sandbox-na` vs `na`); the key URL still answers on this app whatever host reached it.
   */
  keyUrlBase?: string;
  /** Ids in callback payloads (`ProductInstanceId`, `PartnerId`), as real payloads carry. */
  callbackInstance?: { productInstanceId: string; partnerId: string };
  /** Delays before callback retries (default [2000, 4000], as documented). */
  callbackRetryDelaysMs?: number[];
  /** Callback delivery timeout (default 5000 ms). */
  callbackTimeoutMs?: number;
}

export interface CwSimulator {
  app: Hono;
  companyId: string;
  credentials: { companyId: string; publicKey: string; privateKey: string };
  get(entity: string, id: number): Record<string, unknown> | undefined;
  list(entity: string): Record<string, unknown>[];
  /**
   * A member's save on a simulated screen: the same write pipeline as the API's PATCH (validation, `_info`,
   * callbacks), acting as that member. Throws the API's error when the change is invalid.
   */
  patchAsMember(entity: string, id: number, ops: unknown, memberIdentifier: string): Record<string, unknown>;
  issueMemberHash(memberIdentifier: string): string;
  stats: SimStats;
  faults: FaultInjector;
  reset(): Promise<void>;
  flushCallbacks(): Promise<void>;
  /**
   * A member sets a custom field (by caption) on a record's screen and saves it, as in ConnectWise: the record is
   * patched as that member and callbacks fire. False when the record or the field does not exist.
   */
  saveCustomField(opts: { entity: string; id: number; caption: string; value: string; member: string }): boolean;
}

const COMPANY_ID = 'demo';
const SEEDED = 'cw:seeded';
const INTERNAL = [
  API_KEYS,
  MEMBER_HASHES,
  CALLBACK_KEYS,
  'cw:_sim/callbackFailures',
  'cw:sales/opportunities/forecast',
];

export async function createCwSimulator(opts: CwSimOptions): Promise<CwSimulator> {
  const { store, clock } = opts;
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  let dispatcher: CallbackDispatcher | undefined;
  const records = new CwRecords(store, clock, (change) => dispatcher?.onChange(change));
  dispatcher = new CallbackDispatcher(store, clock, records, {
    fetch: opts.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    baseUrl,
    keyUrlBase: (opts.keyUrlBase ?? baseUrl).replace(/\/+$/, ''),
    instance: opts.callbackInstance ?? {
      productInstanceId: '6651c8e2a4b0f10001d2e7a3',
      partnerId: '61ddc2817bcddc0001c74208',
    },
    companyId: COMPANY_ID,
    retryDelaysMs: opts.callbackRetryDelaysMs ?? [2000, 4000],
    timeoutMs: opts.callbackTimeoutMs ?? 5000,
  });
  const callbacks = dispatcher;
  const membersDef = entityByPath('system/members')!;
  const security = new Security(store, COMPANY_ID, () => records.all(membersDef), {
    memberCookies: opts.memberCookies,
    badCredentials: opts.badCredentials,
  });

  const seed = () => {
    seedCw(
      {
        insert: (path, rec) => records.insert(entityByPath(path)!, rec),
        apiKey: (key) => {
          const keys = store.collection(API_KEYS);
          const id = keys.nextId();
          keys.set(id, { id, ...key });
        },
        nextForecastId: () => 200 + store.collection('cw:sales/opportunities/forecast').nextId(),
      },
      { seed: opts.seed ?? 42, sizes: opts.sizes, now: clock.now() },
    );
    store.setMeta(SEEDED, new Date().toISOString());
  };

  const reset = async () => {
    await callbacks.flush();
    for (const name of [...COLLECTIONS, ...INTERNAL]) {
      const coll = store.collection<Rec>(name);
      for (const doc of [...coll.values()]) coll.delete(doc.id as string | number);
      // Fresh sequences so a reset tenant has the same ids as a new one.
      store.setMeta(`seq:${name}`, '0');
    }
    records.clearCache();
    callbacks.clearLog();
    seed();
    await store.flush();
  };

  if (!store.getMeta(SEEDED)) {
    seed();
    await store.flush();
  }

  const stats = new SimStats(routeOf);
  const faults = new FaultInjector();
  const bucket = new TokenBucket(opts.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE);
  const issueMemberHash = (member: string) => security.issueMemberHash(member);
  const app = buildApp({
    baseUrl,
    records,
    security,
    bucket,
    companyId: COMPANY_ID,
    companyName: 'Demo MSP',
    stats,
    faults,
    clock,
    callbacks,
    reset,
    issueMemberHash,
  });

  const apiBase = `${baseUrl}/v4_6_release/apis/3.0`;
  const defFor = (entity: string): EntityDef | undefined =>
    entityByPath(entity) ?? ENTITIES.find((d) => d.collection.toLowerCase() === `cw:${entity}`.toLowerCase());
  const show = (def: EntityDef, rec: Rec) => presentRecord(def, records.hydrate(def, rec), apiBase);

  return {
    app,
    companyId: COMPANY_ID,
    credentials: { companyId: COMPANY_ID, publicKey: DEMO_KEYS.full.publicKey, privateKey: DEMO_KEYS.full.privateKey },
    get(entity, id) {
      const def = defFor(entity);
      const rec = def && records.find(def, id);
      return def && rec ? show(def, rec) : undefined;
    },
    list(entity) {
      const def = defFor(entity);
      return def ? records.all(def).map((rec) => show(def, rec)) : [];
    },
    patchAsMember(entity, id, ops, memberIdentifier) {
      const def = defFor(entity);
      if (!def) throw new Error(`no simulated entity ${entity}`);
      const member = records.all(membersDef).find((m) => m.identifier === memberIdentifier);
      const actor = { id: Number(member?.id ?? 0), identifier: memberIdentifier };
      return show(def, records.patch(def, id, ops, actor));
    },
    issueMemberHash,
    stats,
    faults,
    reset,
    flushCallbacks: () => callbacks.flush(),
    saveCustomField({ entity, id, caption, value, member }) {
      const def = defFor(entity);
      const rec = def && records.find(def, id);
      const udf = records
        .all(entityByPath('system/userDefinedFields')!)
        .find((u) => String(u.caption).toLowerCase() === caption.toLowerCase());
      if (!def || !rec || !udf) return false;
      const others = ((rec.customFields as Rec[] | undefined) ?? [])
        .filter((f) => f.id !== udf.id)
        .map((f) => ({ id: f.id, value: f.value }));
      const who = records.all(membersDef).find((m) => m.identifier === member);
      records.patch(def, id, [{ op: 'replace', path: 'customFields', value: [...others, { id: udf.id, value }] }], {
        id: Number(who?.id ?? 0),
        identifier: member,
      });
      return true;
    },
  };
}

/** Stats keys: `GET procurement/catalog/{id}`, `GET login/companyinfo/{companyId}`, `GET system/callbackkey`. */
function routeOf(method: string, path: string): string {
  const api = /\/apis\/3\.0\/(.*)$/i.exec(path);
  if (api) return routePattern(method, `/${api[1]}`, /^\//);
  if (/\/login\/companyinfo\//i.test(path)) return `${method} login/companyinfo/{companyId}`;
  if (/\/callbackkey\//i.test(path)) return `${method} system/callbackkey`;
  return `${method} ${path}`;
}
