/**
 * Uploads of a TD SYNNEX price file through the admin API (PUT /api/admin/tenants/:t/price-file), one row per
 * upload: how many bytes are stored so far (the resume point of an interrupted upload) and whether it is
 * complete. Product Sync reads only complete uploads; the text itself is in catalog_price_file_chunks.
 */
import { sql } from 'drizzle-orm';
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { tenants } from './tenants.ts';

export const priceFileUploads = sqliteTable(
  'price_file_uploads',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    uploadId: text('upload_id').notNull(),
    /** Bytes stored; the next range must start here. */
    receivedBytes: integer('received_bytes').notNull().default(0),
    /** Total size when the client said (Content-Range `/total`). */
    totalBytes: integer('total_bytes'),
    /** Chunks stored in catalog_price_file_chunks (the next one's seq). */
    chunks: integer('chunks').notNull().default(0),
    createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    completedAt: text('completed_at'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.uploadId] })],
);
export type PriceFileUpload = typeof priceFileUploads.$inferSelect;
