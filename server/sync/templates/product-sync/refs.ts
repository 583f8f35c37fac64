/**
 * ConnectWise ids Product Sync needs besides the catalog: the TD SYNNEX vendor company (from activation's
 * records, no call) and manufacturers. Manufacturer ids are cached per tenant, so ConnectWise's manufacturer
 * list is read at most once per run and only when a name is not known yet; missing manufacturers are created.
 */
import type { Db } from '../../../../db/client.ts';
import type { StoredRef } from '../../../../db/schema/catalog.ts';
import { cwSetupIds } from '../../../activation/cw-setup-ids.ts';
import type { CwClient } from '../../../connectors/cw/client.ts';
import { isUpstreamError } from '../../../connectors/upstream-error.ts';
import type { ActivityLogger } from '../../engine/index.ts';
import { saveState } from './map-repo.ts';
import type { ProductSyncSettings } from './settings.ts';

const MANUFACTURERS = 'procurement/manufacturers';

export async function vendorRef(db: Db, tenantId: string, s: ProductSyncSettings): Promise<StoredRef | null> {
  if (s.mapping.vendor === 'none') return null;
  if (s.mapping.vendor !== 'activation') return { id: s.mapping.vendor.id };
  const { vendorId } = await cwSetupIds(db, tenantId);
  return vendorId === undefined ? null : { id: vendorId };
}

const key = (name: string) => name.trim().toLowerCase();

export class ManufacturerIds {
  #dirty = false;
  #cannotCreate = false;
  /** Names ConnectWise refused in this step: not tried again for every batch. */
  readonly #refused = new Set<string>();

  constructor(
    private readonly ids: Record<string, number>,
    /** True once ConnectWise's list was read in this run (saved in the checkpoint). */
    public listRead: boolean,
  ) {}

  get(name: string): number | undefined {
    return this.ids[key(name)];
  }

  /**
   * Makes sure every name has an id: reads ConnectWise's list once, then creates what is still missing.
   * A manufacturer that cannot be created is left out of the items (logged), never fails the run.
   */
  async ensure(cw: CwClient, names: readonly string[], log: ActivityLogger): Promise<number> {
    const missing = () =>
      [...new Set(names.map(key))].filter((k) => k && this.ids[k] === undefined && !this.#refused.has(k));
    if (missing().length === 0) return 0;
    let calls = 0;
    if (!this.listRead) {
      for await (const m of cw.iterate(MANUFACTURERS, { fields: 'id,name' })) {
        if (typeof m.id === 'number' && typeof m.name === 'string') this.ids[key(m.name)] = m.id;
      }
      this.listRead = true;
      this.#dirty = true;
      calls++;
    }
    if (this.#cannotCreate) return calls;
    for (const k of missing()) {
      const name = names
        .find((n) => key(n) === k)!
        .trim()
        .slice(0, 50);
      try {
        const created = await cw.create(MANUFACTURERS, { name });
        this.ids[k] = created.id as number;
        this.#dirty = true;
        calls++;
        log.info({
          code: 'manufacturer_created',
          message: `Manufacturer "${name}" was added to ConnectWise (Procurement > Manufacturers) for TD SYNNEX products.`,
          entity: { type: 'manufacturer', id: name },
        });
      } catch (error) {
        if (isUpstreamError(error) && (error.upstreamStatus === 401 || error.retryable)) throw error;
        if (isUpstreamError(error) && error.upstreamStatus === 403) {
          // Adding manufacturers needs System > Table Setup; without it, items are synced without one.
          this.#cannotCreate = true;
          log.warn({
            code: 'manufacturer_not_allowed',
            message: `The ConnectWise API member may not add manufacturers (System > Table Setup), so products of manufacturers ConnectWise does not have yet ("${name}"…) are synced without a manufacturer. Grant the permission or add the manufacturers by hand.`,
            details: { code: error.code, upstream: error.details },
          });
          return calls;
        }
        this.#refused.add(k);
        log.warn({
          code: 'manufacturer_not_created',
          message: `Manufacturer "${name}" could not be added to ConnectWise, so its products are synced without a manufacturer. Add it under Procurement > Manufacturers.`,
          entity: { type: 'manufacturer', id: name },
          details: isUpstreamError(error) ? { code: error.code, upstream: error.details } : String(error),
        });
      }
    }
    return calls;
  }

  /** Forgets an id ConnectWise refused (deleted manufacturer); the next run looks it up again. */
  forget(id: number): void {
    for (const [k, v] of Object.entries(this.ids)) {
      if (v === id) {
        delete this.ids[k];
        this.#dirty = true;
      }
    }
  }

  async persist(db: Db, tenantId: string, at: string): Promise<void> {
    if (!this.#dirty) return;
    await saveState(db, tenantId, { manufacturers: this.ids }, at);
    this.#dirty = false;
  }
}
