/**
 * Product Sync settings per tenant. `{}` is valid: a tenant without categories gets nothing synced (the run
 * says so), except on the simulator, where the demo selection below applies so that
 * `tds-bridge run product-sync --tenant demo` works out of the box. Choosing categories makes a ConnectWise
 * subcategory mandatory, because ConnectWise requires one on every catalog item and no name is safe to guess.
 */
import * as z from 'zod';

const CATEGORY_CODE = /^\d{3}(\d{3}){0,2}$/;

/** A ConnectWise reference by id (`12`, `{ id: 12 }`) or by name (`"Hardware"`, `{ name: "Hardware" }`). */
export const RefInput = z.union([
  z
    .number()
    .int()
    .positive()
    .transform((id) => ({ id })),
  z
    .string()
    .trim()
    .min(1)
    .max(50)
    .transform((name) => ({ name })),
  z.object({ id: z.number().int().positive() }),
  z.object({ name: z.string().trim().min(1).max(50) }),
]);
export type RefSetting = { id: number } | { name: string };

export const PRODUCT_CLASSES = ['Agreement', 'Bundle', 'Inventory', 'NonInventory', 'Service'] as const;

const CategoryRule = z.object({
  /** TD SYNNEX category code prefix (3, 6 or 9 digits); the longest matching rule wins. */
  tdsCategory: z.string().regex(CATEGORY_CODE, 'a TD SYNNEX category code has 3, 6 or 9 digits'),
  category: RefInput.optional(),
  subcategory: RefInput.optional(),
  type: RefInput.optional(),
  productClass: z.enum(PRODUCT_CLASSES).optional(),
});

const Mapping = z.object({
  category: RefInput.default({ name: 'Hardware' }),
  /** Required once categories are chosen (see the refinement below). */
  subcategory: RefInput.optional(),
  type: RefInput.default({ name: 'Hardware' }),
  productClass: z.enum(PRODUCT_CLASSES).default('NonInventory'),
  unitOfMeasure: RefInput.default({ name: 'Each' }),
  /**
   * Vendor on each item: `activation` = the TD SYNNEX company activation created (none until then), `none`, or a
   * ConnectWise company id. With vendorSku = SKU it lets orders and price checks find the TD SYNNEX product.
   */
  vendor: z
    .union([z.literal('activation'), z.literal('none'), z.object({ id: z.number().int().positive() })])
    .default('activation'),
  byCategory: z.array(CategoryRule).max(200).default([]),
});

const Identifier = z.discriminatedUnion('rule', [
  /** The manufacturer part number, as most MSPs already name items (and price checks match by it). */
  z.object({ rule: z.literal('mfgPN') }),
  /** The TD SYNNEX SKU with a prefix: never collides with part numbers already in the catalog. */
  z.object({
    rule: z.literal('sku'),
    prefix: z
      .string()
      .max(20)
      .regex(/^[^\s]*$/, 'no spaces')
      .default('TDS-'),
  }),
]);

const Price = z.discriminatedUnion('rule', [
  z.object({ rule: z.literal('markup'), percent: z.number().min(0).max(1000) }),
  z.object({ rule: z.literal('msrp') }),
  /** Price is set once, to the MSRP, when the item is created, and never touched again. */
  z.object({ rule: z.literal('none') }),
]);

/**
 * Where products come from. The default is the `~` P&A price file: in the US that is how TD SYNNEX delivers its
 * catalog (the US Partner API has no catalogue endpoint; td-synnex.md corrections). `catalogue` is the regional
 * Digital Bridge REST API (confirmed for the EU), off unless chosen.
 */
const Source = z.discriminatedUnion('type', [
  z.object({ type: z.literal('catalogue') }),
  z.object({
    type: z.literal('price-file'),
    /**
     * `tds`: fetched each run the way the TD SYNNEX connection says it is delivered (FTP/FTPS from Node, or
     * HTTPS); `upload`: the newest complete file uploaded through the admin API (the Workers path).
     */
    from: z.enum(['tds', 'upload']).default('tds'),
  }),
]);

export const ProductSyncSettings = z
  .object({
    categories: z
      .array(z.string().regex(CATEGORY_CODE, 'a TD SYNNEX category code has 3, 6 or 9 digits, e.g. "006052"'))
      .max(500)
      .default([]),
    /** Only these manufacturers (TD SYNNEX name or brand, case-insensitive); empty = all. */
    manufacturers: z.array(z.string().trim().min(1).max(80)).max(100).default([]),
    source: Source.default({ type: 'price-file', from: 'tds' }),
    identifier: Identifier.default({ rule: 'mfgPN' }),
    mapping: Mapping.prefault({}),
    price: Price.default({ rule: 'markup', percent: 20 }),
    /** Keep each item's cost equal to the TD SYNNEX cost. */
    updateCost: z.boolean().default(true),
    /** At most this many products are kept in ConnectWise (Digital Bridge's limit is 20,000). */
    cap: z.number().int().min(1).max(250_000).default(20_000),
    /** Between full passes, ask TD SYNNEX only for what changed since the last pass. */
    incremental: z.boolean().default(true),
    /** A run is a full pass (the only kind that deactivates) when the last one is at least this old. */
    fullPassEveryHours: z
      .number()
      .min(1)
      .max(24 * 14)
      .default(20),
    /** Rows one catalogue search can reach at TD SYNNEX (100 pages × 100); larger searches are split. */
    catalogueWindow: z.number().int().min(100).max(100_000).default(10_000),
  })
  .superRefine((s, ctx) => {
    if (s.categories.length > 0 && !s.mapping.subcategory) {
      const covered = s.categories.every((code) =>
        s.mapping.byCategory.some((r) => r.subcategory && code.startsWith(r.tdsCategory)),
      );
      if (!covered) {
        ctx.addIssue({
          code: 'custom',
          path: ['mapping', 'subcategory'],
          message:
            'ConnectWise needs a subcategory on every catalog item: name one (e.g. "Networking") or add a byCategory rule with a subcategory for each chosen category.',
        });
      }
    }
  });

export type ProductSyncSettings = z.output<typeof ProductSyncSettings>;

/** Drops codes already covered by a shorter chosen code ("006" covers "006052"), sorted. */
export function normaliseCategories(codes: readonly string[]): string[] {
  const sorted = [...new Set(codes)].sort((a, b) => a.length - b.length || a.localeCompare(b));
  const kept: string[] = [];
  for (const code of sorted) if (!kept.some((k) => code.startsWith(k))) kept.push(code);
  return kept.sort();
}

/**
 * The settings that decide which products are in scope and what is written. When it changes, the next run is a
 * full pass: an incremental pass would only see products that changed at TD SYNNEX.
 */
export function scopeKey(s: ProductSyncSettings): string {
  return JSON.stringify([
    normaliseCategories(s.categories),
    [...s.manufacturers].map((m) => m.toLowerCase()).sort(),
    s.source,
    s.identifier,
    s.mapping,
    s.price,
    s.updateCost,
    s.cap,
    s.catalogueWindow,
  ]);
}
