/**
 * Delivers ConnectWise callbacks: for every change made through the API, each active `system/callbacks`
 * entry of the matching type and level gets a signed POST of the documented payload. Retries follow the
 * Developer Guide — only on 404/409/419/429, twice, 2 s then 4 s later (configurable for tests) — with a
 * 5 s timeout; an entry failing for 3 days (sim clock) is made inactive. Deliveries are logged for `/_sim`.
 */
import type { SimClock } from '../../clock.ts';
import type { SimStore } from '../../store.ts';
import { entityByPath, type Rec } from '../entities/index.ts';
import { presentRecord } from '../records/present.ts';
import type { Change, CwRecords } from '../records/repository.ts';
import { cwTime } from '../records/time.ts';
import { newSigningKey, signBody } from './signing.ts';

export const CALLBACK_KEYS = 'cw:_sim/callbackKeys';
const FAILURES = 'cw:_sim/callbackFailures';
const RETRY_STATUSES = new Set([404, 409, 419, 429]);
const DISABLE_AFTER_MS = 3 * 86_400_000;
const LOG_SIZE = 200;

export interface CallbackDeliveryOptions {
  fetch: typeof fetch;
  baseUrl: string;
  /** Base of `Metadata.key_url`; may name another host than the API (`sandbox-na` vs `na`). */
  keyUrlBase: string;
  instance: { productInstanceId: string; partnerId: string };
  companyId: string;
  retryDelaysMs: number[];
  timeoutMs: number;
}

export interface DeliveryAttempt {
  at: string;
  status?: number;
  error?: string;
}
export interface Delivery {
  messageId: string;
  callbackId: number;
  url: string;
  type: string;
  action: Change['action'];
  recordId: number;
  attempts: DeliveryAttempt[];
  outcome: 'pending' | 'delivered' | 'failed';
}

interface SigningKey {
  id: string;
  /** The company whose callbacks it signs (keys stored before companies had their own read as this one's). */
  company?: string;
  signingKey: string;
  createdAt: string;
  active: boolean;
}

export class CallbackDispatcher {
  readonly #pending = new Set<Promise<void>>();
  readonly #log: Delivery[] = [];

  constructor(
    private readonly store: SimStore,
    private readonly clock: SimClock,
    private readonly records: CwRecords,
    private readonly opts: CallbackDeliveryOptions,
  ) {}

  onChange(change: Change): void {
    const type = change.def.callbackType;
    if (!type || change.def.parent) return;
    const callbacks = this.records.all(entityByPath('system/callbacks')!);
    for (const entry of callbacks) {
      if (!this.#matches(entry, change, type)) continue;
      const task = this.#deliver(entry, change, type).finally(() => this.#pending.delete(task));
      this.#pending.add(task);
    }
  }

  async flush(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  deliveries(): Delivery[] {
    return [...this.#log];
  }
  clearLog(): void {
    this.#log.length = 0;
  }

  /** The key callbacks are signed with now (created on first use, kept in the store). */
  activeKey(): SigningKey {
    const keys = this.store.collection<SigningKey>(CALLBACK_KEYS);
    const active = [...keys.values()].find((k) => k.active);
    if (active) return active;
    const key = {
      id: crypto.randomUUID(),
      company: this.opts.companyId,
      signingKey: newSigningKey(),
      createdAt: cwTime(this.clock.now()),
      active: true,
    };
    keys.set(key.id, key);
    return key;
  }

  /**
   * A key as ConnectWise's key URL serves it: only for the company it belongs to (`companyName`), so a key
   * id of one company never verifies another company's callbacks.
   */
  keyById(id: string, companyName: string): SigningKey | undefined {
    const key = this.store.collection<SigningKey>(CALLBACK_KEYS).get(id);
    if (!key) return undefined;
    return (key.company ?? this.opts.companyId).toLowerCase() === companyName.toLowerCase() ? key : undefined;
  }

  /** New deliveries use a new key; earlier key_urls keep answering (receivers may still be verifying). */
  rotateKey(): SigningKey {
    const keys = this.store.collection<SigningKey>(CALLBACK_KEYS);
    for (const key of keys.values()) if (key.active) keys.set(key.id, { ...key, active: false });
    return this.activeKey();
  }

  keyUrl(id: string): string {
    // Real payloads carry the versioned codebase with a double slash; receivers must not normalise it away.
    return `${this.opts.keyUrlBase}/v4_6_release//system/callbackkey/index.rails?companyName=${encodeURIComponent(this.opts.companyId)}&id=${id}`;
  }

  #matches(entry: Rec, change: Change, type: string): boolean {
    if (entry.inactiveFlag === true) return false;
    if (String(entry.type).toLowerCase() !== type.toLowerCase()) return false;
    if (entry.isSelfSuppressedFlag === true && entry.memberId === change.actor.id) return false;
    const level = String(entry.level).toLowerCase();
    if (level === 'owner') return true;
    const field = Object.keys(change.record).find((k) => k.toLowerCase() === level);
    const value = field ? change.record[field] : undefined;
    const id = value && typeof value === 'object' ? (value as Rec).id : value;
    return id === entry.objectId;
  }

  async #deliver(entry: Rec, change: Change, type: string): Promise<void> {
    const key = this.activeKey();
    const apiBase = `${this.opts.baseUrl}/v4_6_release/apis/3.0`;
    const entity =
      change.action === 'deleted'
        ? null
        : JSON.stringify(presentRecord(change.def, this.records.hydrate(change.def, change.record), apiBase));
    const payload = {
      MessageId: crypto.randomUUID(),
      FromUrl: new URL(this.opts.baseUrl).host,
      CompanyId: this.opts.companyId,
      MemberId: change.actor.identifier,
      Action: change.action,
      Type: type.toLowerCase(),
      ID: change.id,
      ProductInstanceId: this.opts.instance.productInstanceId,
      PartnerId: this.opts.instance.partnerId,
      Entity: entity,
      Metadata: { key_url: this.keyUrl(key.id) },
      CallbackObjectRecId: entry.id,
    };
    const body = JSON.stringify(payload);
    const signature = await signBody(key.signingKey, body);
    const url = callbackUrl(String(entry.url), change.id, change.action);
    const delivery: Delivery = {
      messageId: payload.MessageId,
      callbackId: Number(entry.id),
      url,
      type: payload.Type,
      action: change.action,
      recordId: change.id,
      attempts: [],
      outcome: 'pending',
    };
    this.#log.push(delivery);
    if (this.#log.length > LOG_SIZE) this.#log.shift();

    for (let attempt = 0; ; attempt++) {
      const status = await this.#post(url, body, signature, delivery);
      if (status !== undefined && status >= 200 && status < 300) {
        delivery.outcome = 'delivered';
        this.store.collection(FAILURES).delete(Number(entry.id));
        return;
      }
      const delay = this.opts.retryDelaysMs[attempt];
      if (status === undefined || !RETRY_STATUSES.has(status) || delay === undefined) break;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    delivery.outcome = 'failed';
    this.#noteFailure(entry);
  }

  async #post(url: string, body: string, signature: string, delivery: Delivery): Promise<number | undefined> {
    const at = cwTime(this.clock.now());
    try {
      const response = await this.opts.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-content-signature': signature },
        body,
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      await response.body?.cancel();
      delivery.attempts.push({ at, status: response.status });
      return response.status;
    } catch (error) {
      delivery.attempts.push({
        at,
        error: (error as Error).name === 'TimeoutError' ? 'timeout' : (error as Error).message,
      });
      return undefined;
    }
  }

  #noteFailure(entry: Rec): void {
    const failures = this.store.collection<{ id: number; since: number }>(FAILURES);
    const now = this.clock.now().getTime();
    const first = failures.get(Number(entry.id));
    if (!first) {
      failures.set(Number(entry.id), { id: Number(entry.id), since: now });
      return;
    }
    if (now - first.since >= DISABLE_AFTER_MS) {
      const def = entityByPath('system/callbacks')!;
      const current = this.records.find(def, Number(entry.id));
      if (current) this.records.insert(def, { ...current, inactiveFlag: true });
    }
  }
}

/**
 * "PSA appends the record id and action to the specified callback URL": a URL ending in `=` (the
 * Developer Guide suggests `…&recordId=`) gets the id then `&action=…`; otherwise `recordId` and `action`
 * are added as query parameters.
 */
export function callbackUrl(base: string, id: number, action: string): string {
  if (base.endsWith('=')) return `${base}${id}&action=${action}`;
  const sep = base.includes('?') ? '&' : '?';
  return `${base}${sep}recordId=${id}&action=${action}`;
}
