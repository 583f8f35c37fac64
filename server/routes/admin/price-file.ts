/**
 * The TD SYNNEX price file through the admin API: `PUT /tenants/:t/price-file` stores an upload (streamed,
 * resumable with Content-Range + Upload-Id; the Workers path for Product Sync), `GET /tenants/:t/price-file`
 * says where the newest upload stands, `GET /tenants/:t/tds-categories` reads the category list file TD SYNNEX
 * delivers beside the price file, and `GET /tenants/:t/product-sync/category-counts` says how many products
 * Product Sync keeps in ConnectWise per category code (both for the console's category picker). See docs/api.md.
 */
import { Hono } from 'hono';
import type { AdminEnv } from '../../auth/admin.ts';
import { badRequest, notFound } from '../../errors.ts';
import { countActiveByCategory } from '../../sync/templates/product-sync/map-repo.ts';
import { latestUpload, receivePriceFileUpload } from '../../sync/templates/product-sync/uploads.ts';
import { tdsClientFor } from '../../tenants/tds-clients.ts';
import { audit, existingTenant } from './shared.ts';

/** One request may carry at most this much; larger files go in Content-Range parts. */
export const MAX_UPLOAD_REQUEST_BYTES = 256 * 1024 * 1024;
const RANGE = /^bytes (\d{1,12})-(\d{1,12})\/(\d{1,12}|\*)$/;
const UPLOAD_ID = /^[0-9T:.Z-]{20,40}-[0-9a-f]{8}$/;

function parseRange(header: string | undefined): { start: number; total?: number } | undefined {
  if (!header) return undefined;
  const m = RANGE.exec(header.trim());
  if (!m) {
    throw badRequest(
      'invalid_content_range',
      'Content-Range must read "bytes START-END/TOTAL" (TOTAL may be "*" until the last part).',
    );
  }
  const start = Number(m[1]);
  const end = Number(m[2]);
  const total = m[3] === '*' ? undefined : Number(m[3]);
  if (end < start || (total !== undefined && end >= total)) {
    throw badRequest('invalid_content_range', `Content-Range ${header} is not a range inside the file.`);
  }
  return { start, total };
}

export function priceFileRoutes() {
  return new Hono<AdminEnv>()
    .put('/tenants/:tenantId/price-file', async (c) => {
      const tenantId = await existingTenant(c);
      const range = parseRange(c.req.header('content-range'));
      const uploadId = c.req.header('upload-id')?.trim() || undefined;
      if (uploadId && !UPLOAD_ID.test(uploadId)) {
        throw badRequest('invalid_upload_id', 'Upload-Id must be the uploadId an earlier PUT answered.');
      }
      const body = c.req.raw.body;
      if (!body) throw badRequest('price_file_empty', 'Send the price file as the request body.');
      const status = await receivePriceFileUpload(c.var.deps.db, {
        tenantId,
        uploadId,
        start: range?.start ?? 0,
        // Without Content-Range the body is the whole file; with "/*" more parts follow.
        total: range?.total,
        more: range !== undefined && range.total === undefined,
        body,
        now: c.var.deps.now(),
        maxBytes: MAX_UPLOAD_REQUEST_BYTES,
      });
      if (status.complete) {
        await audit(c, tenantId, 'price_file.uploaded', status.uploadId, { bytes: status.receivedBytes });
      }
      return c.json(status, uploadId ? 200 : 201);
    })
    .get('/tenants/:tenantId/price-file', async (c) => {
      const tenantId = await existingTenant(c);
      const status = await latestUpload(c.var.deps.db, tenantId);
      if (!status) throw notFound('price_file_not_uploaded', `No price file has been uploaded for ${tenantId}.`);
      return c.json(status);
    })
    .get('/tenants/:tenantId/tds-categories', async (c) => {
      const tenantId = await existingTenant(c);
      const tds = await tdsClientFor(c.var.deps, tenantId);
      const categories = await tds.categoryList();
      return c.json({ categories });
    })
    .get('/tenants/:tenantId/product-sync/category-counts', async (c) => {
      const tenantId = await existingTenant(c);
      const counts = await countActiveByCategory(c.var.deps.db, tenantId);
      const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
      return c.json({ counts, total });
    });
}
