/**
 * Product Sync's memory of each tenant's catalog: which TD SYNNEX SKU is which ConnectWise catalog item,
 * the managed field values as last written (so the next diff is exact and a buyer's own edits survive until
 * TD SYNNEX changes the value), and per-tenant pass markers. Written only by
 * server/sync/templates/product-sync/; Price & Availability reads it through
 * server/catalog/map-query.ts.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { tenants } from './tenants.ts';

/**
 * - `pending`: a create was about to be sent; resolved by looking the item up by integrationXRef (crash window).
 * - `active` / `inactive`: the ConnectWise item exists; `inactive` only when Product Sync set inactiveFlag.
 * - `conflict`: the identifier belongs to an item Product Sync does not manage; skipped until the buyer acts.
 * - `removed`: the ConnectWise item disappeared (deleted, or its integrationXRef was cleared).
 */
export const CATALOG_MAP_STATUSES = ['pending', 'active', 'inactive', 'conflict', 'removed'] as const;
export type CatalogMapStatus = (typeof CATALOG_MAP_STATUSES)[number];

/** A reference as stored: ConnectWise id when known, else the name it was sent by. */
export interface StoredRef {
  id?: number;
  name?: string;
}

/** The catalog item fields Product Sync manages, in a normalised form (see product-sync/mapping.ts). */
export interface ManagedFields {
  identifier?: string;
  description?: string;
  customerDescription?: string;
  manufacturerPartNumber?: string;
  vendorSku?: string;
  manufacturer?: StoredRef | null;
  vendor?: StoredRef | null;
  category?: StoredRef;
  subcategory?: StoredRef;
  type?: StoredRef;
  unitOfMeasure?: StoredRef;
  productClass?: string;
  price?: number;
  cost?: number;
}

export const catalogMap = sqliteTable(
  'catalog_map',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** TD SYNNEX SKU (the catalog item carries it as integrationXRef `TDS:<sku>` and as vendorSku). */
    sku: text('sku').notNull(),
    /** ConnectWise catalog item id; null while pending, in conflict or removed. */
    cwId: integer('cw_id'),
    identifier: text('identifier').notNull(),
    mfgPN: text('mfg_pn').notNull().default(''),
    manufacturer: text('manufacturer').notNull().default(''),
    /** TD SYNNEX 9-digit category code. */
    categoryCode: text('category_code').notNull().default(''),
    status: text('status', { enum: CATALOG_MAP_STATUSES }).notNull(),
    /** What Product Sync last wrote (or adopted), per managed field. */
    written: text('written', { mode: 'json' }).$type<ManagedFields>().notNull(),
    /** The same fields as ConnectWise held them at the last catalog read (a full resync compares with these). */
    observed: text('observed', { mode: 'json' }).$type<ManagedFields>().notNull(),
    /** Run and step that last saw the product in scope at TD SYNNEX (a redone step recounts, a later one skips). */
    seenRun: integer('seen_run'),
    seenStep: integer('seen_step'),
    /** Run that last read the item from ConnectWise. */
    cwSeenRun: integer('cw_seen_run'),
    /** Run and kind of the last write, so a step redone after a crash reports what it did. */
    changedRun: integer('changed_run'),
    change: text('change', { enum: ['added', 'updated', 'deactivated'] }),
    /** Why the product is not in ConnectWise (conflict), for the console. */
    note: text('note'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.sku] }),
    index('catalog_map_cw_id').on(t.tenantId, t.cwId),
    index('catalog_map_mfg_pn').on(t.tenantId, t.mfgPN),
    index('catalog_map_identifier').on(t.tenantId, t.identifier),
    index('catalog_map_status').on(t.tenantId, t.status),
  ],
);

export type CatalogMapRow = typeof catalogMap.$inferSelect;

/** Per tenant: when the last complete passes started (incremental `modifiedFrom`, full-pass cadence) and caches. */
export const catalogSyncState = sqliteTable('catalog_sync_state', {
  tenantId: text('tenant_id')
    .primaryKey()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  /** Start of the last complete pass of any kind: the next incremental pass asks for changes since then. */
  lastPassAt: text('last_pass_at'),
  /** Start of the last complete full pass (one that could deactivate). */
  lastFullPassAt: text('last_full_pass_at'),
  /** Fingerprint of the settings that decide the scope; a change forces a full pass. */
  scopeKey: text('scope_key'),
  /** Products in scope at the last full pass, and whether the cap cut it. */
  lastInScope: integer('last_in_scope'),
  lastCapped: integer('last_capped', { mode: 'boolean' }).notNull().default(false),
  /** ConnectWise manufacturer ids by lower-case name, so names are looked up once, not per run. */
  manufacturers: text('manufacturers', { mode: 'json' }).$type<Record<string, number>>().notNull(),
  updatedAt: text('updated_at').notNull(),
});

export type CatalogSyncState = typeof catalogSyncState.$inferSelect;

/**
 * An uploaded price file (`~` P&A flat file), stored as text chunks cut at line ends so it can be streamed back
 * without loading it whole. Text, not blobs: the file is text and blob columns differ between libSQL clients.
 */
export const catalogPriceFileChunks = sqliteTable(
  'catalog_price_file_chunks',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** Sortable by upload time: the newest upload is the one a run reads. */
    uploadId: text('upload_id').notNull(),
    seq: integer('seq').notNull(),
    text: text('text').notNull(),
    uploadedAt: text('uploaded_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.uploadId, t.seq] })],
);
