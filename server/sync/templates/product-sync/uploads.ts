/**
 * Price files uploaded through the admin API (PUT /api/admin/tenants/:t/price-file): the Workers path, and the
 * way to feed a custom file TD SYNNEX sent. Streamed to storage as text chunks (never held whole) and resumable:
 * each upload remembers how many bytes it stored, and a `Content-Range` PUT continues from there. Product Sync
 * with `source: { type: 'price-file', from: 'upload' }` reads the newest complete upload, one chunk at a time.
 */
import { and, desc, eq, isNotNull, lt } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { catalogPriceFileChunks } from '../../../../db/schema/catalog.ts';
import { type PriceFileUpload, priceFileUploads } from '../../../../db/schema/price-file-uploads.ts';
import { iterateBytes, type PriceFileEvent, parsePriceFile } from '../../../connectors/tds/price-file.ts';
import { AppError } from '../../../errors.ts';

const CHUNK_CHARS = 256 * 1024;

export interface UploadStatus {
  uploadId: string;
  receivedBytes: number;
  totalBytes: number | null;
  complete: boolean;
  chunks: number;
}

export interface ReceiveOptions {
  tenantId: string;
  /** Continue this upload; left out, a new upload starts (at byte 0). */
  uploadId?: string;
  /** Byte offset of this body in the file (Content-Range start); must equal the bytes already stored. */
  start?: number;
  /** The file's size when known (Content-Range total). */
  total?: number;
  /** More parts follow although the total is not known yet (Content-Range `/*`). */
  more?: boolean;
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | string;
  now: Date;
  /** Refuse a body larger than this (413). */
  maxBytes?: number;
}

const statusOf = (row: PriceFileUpload): UploadStatus => ({
  uploadId: row.uploadId,
  receivedBytes: row.receivedBytes,
  totalBytes: row.totalBytes,
  complete: row.completedAt !== null,
  chunks: row.chunks,
});

/** Stores (part of) an upload and returns where it stands; completing it drops the tenant's older uploads. */
export async function receivePriceFileUpload(db: Db, opts: ReceiveOptions): Promise<UploadStatus> {
  const { tenantId } = opts;
  const start = opts.start ?? 0;
  let row: PriceFileUpload;
  if (opts.uploadId) {
    const [found] = await db
      .select()
      .from(priceFileUploads)
      .where(and(eq(priceFileUploads.tenantId, tenantId), eq(priceFileUploads.uploadId, opts.uploadId)));
    if (!found) {
      throw new AppError('upload_not_found', `There is no price-file upload "${opts.uploadId}"; start a new one.`, {
        status: 404,
      });
    }
    row = found;
  } else {
    if (start !== 0) {
      throw new AppError('upload_offset_mismatch', 'A new upload starts at byte 0; send Upload-Id to continue one.', {
        status: 409,
        details: { receivedBytes: 0 },
      });
    }
    const uploadId = `${opts.now.toISOString()}-${crypto.randomUUID().slice(0, 8)}`;
    [row] = (await db
      .insert(priceFileUploads)
      .values({ tenantId, uploadId, totalBytes: opts.total ?? null, createdAt: opts.now.toISOString() })
      .returning()) as [PriceFileUpload];
  }
  if (row.completedAt) {
    throw new AppError('upload_complete', `Upload ${row.uploadId} is already complete; start a new one.`, {
      status: 409,
      details: statusOf(row),
    });
  }
  if (start !== row.receivedBytes) {
    throw new AppError(
      'upload_offset_mismatch',
      `Upload ${row.uploadId} has ${row.receivedBytes} bytes stored; continue from there (Content-Range: bytes ${row.receivedBytes}-…).`,
      { status: 409, details: statusOf(row) },
    );
  }
  const total = opts.total ?? row.totalBytes ?? undefined;
  let seq = row.chunks;
  let committed = row.receivedBytes;
  let pending = '';
  let carry = new Uint8Array(0);
  let bodyBytes = 0;
  const decoder = new TextDecoder('utf-8');
  const write = async (text: string) => {
    await db.insert(catalogPriceFileChunks).values({ tenantId, uploadId: row.uploadId, seq: seq++, text });
  };
  for await (const piece of bytesOf(opts.body)) {
    bodyBytes += piece.length;
    if (opts.maxBytes !== undefined && bodyBytes > opts.maxBytes) {
      throw new AppError(
        'upload_too_large',
        `A price-file upload request may carry at most ${opts.maxBytes} bytes; send the file in Content-Range parts.`,
        { status: 413, details: statusOf({ ...row, receivedBytes: committed, chunks: seq }) },
      );
    }
    const joined = concat(carry, piece);
    const cut = completeUtf8Length(joined);
    carry = joined.slice(cut);
    pending += decoder.decode(joined.subarray(0, cut));
    committed += cut;
    while (pending.length >= CHUNK_CHARS) {
      const newline = pending.lastIndexOf('\n', CHUNK_CHARS);
      const end = newline >= 0 ? newline + 1 : pending.length;
      await write(pending.slice(0, end));
      pending = pending.slice(end);
    }
  }
  const final = total === undefined ? !opts.more : committed + carry.length >= total;
  if (final && carry.length > 0) {
    // A file that ends inside a character: keep what there is (the parser skips an unreadable line).
    pending += decoder.decode(carry);
    committed += carry.length;
  }
  if (pending) await write(pending);
  if (final && committed === 0) {
    throw new AppError('price_file_empty', 'The uploaded price file is empty.', { status: 400 });
  }
  const completedAt = final ? opts.now.toISOString() : null;
  const updated = await db
    .update(priceFileUploads)
    .set({ receivedBytes: committed, chunks: seq, totalBytes: total ?? committed, completedAt })
    .where(
      and(
        eq(priceFileUploads.tenantId, tenantId),
        eq(priceFileUploads.uploadId, row.uploadId),
        eq(priceFileUploads.receivedBytes, row.receivedBytes),
      ),
    )
    .returning();
  if (updated.length === 0) {
    throw new AppError('upload_conflict', `Upload ${row.uploadId} was continued by another request at the same time.`, {
      status: 409,
    });
  }
  if (final) await dropOlderUploads(db, tenantId, row.uploadId);
  return statusOf(updated[0] as PriceFileUpload);
}

/** Stores a whole file as one complete upload (tests, tools). */
export async function savePriceFileUpload(
  db: Db,
  tenantId: string,
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | string,
  now: Date = new Date(),
): Promise<{ uploadId: string; chunks: number }> {
  const status = await receivePriceFileUpload(db, { tenantId, body: source, now });
  return { uploadId: status.uploadId, chunks: status.chunks };
}

async function dropOlderUploads(db: Db, tenantId: string, uploadId: string): Promise<void> {
  await db
    .delete(catalogPriceFileChunks)
    .where(and(eq(catalogPriceFileChunks.tenantId, tenantId), lt(catalogPriceFileChunks.uploadId, uploadId)));
  await db
    .delete(priceFileUploads)
    .where(and(eq(priceFileUploads.tenantId, tenantId), lt(priceFileUploads.uploadId, uploadId)));
}

/** The tenant's newest upload, complete or not (for resuming and for the admin API). */
export async function latestUpload(db: Db, tenantId: string): Promise<UploadStatus | undefined> {
  const [row] = await db
    .select()
    .from(priceFileUploads)
    .where(eq(priceFileUploads.tenantId, tenantId))
    .orderBy(desc(priceFileUploads.uploadId))
    .limit(1);
  return row ? statusOf(row) : undefined;
}

/** The newest complete upload: the one Product Sync reads. */
export async function latestUploadId(db: Db, tenantId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ uploadId: priceFileUploads.uploadId })
    .from(priceFileUploads)
    .where(and(eq(priceFileUploads.tenantId, tenantId), isNotNull(priceFileUploads.completedAt)))
    .orderBy(desc(priceFileUploads.uploadId))
    .limit(1);
  return row?.uploadId;
}

/** The upload's events, parsed as they are read, one chunk in memory at a time. */
export function uploadedPriceFile(db: Db, tenantId: string, uploadId: string): AsyncIterable<PriceFileEvent> {
  const encoder = new TextEncoder();
  async function* bytes(): AsyncGenerator<Uint8Array> {
    for (let seq = 0; ; seq++) {
      const [row] = await db
        .select({ text: catalogPriceFileChunks.text })
        .from(catalogPriceFileChunks)
        .where(
          and(
            eq(catalogPriceFileChunks.tenantId, tenantId),
            eq(catalogPriceFileChunks.uploadId, uploadId),
            eq(catalogPriceFileChunks.seq, seq),
          ),
        )
        .limit(1);
      if (!row) return;
      yield encoder.encode(row.text);
    }
  }
  return parsePriceFile(bytes());
}

function bytesOf(body: ReceiveOptions['body']): AsyncIterable<Uint8Array> {
  if (typeof body === 'string') {
    const encoded = new TextEncoder().encode(body);
    return (async function* () {
      yield encoded;
    })();
  }
  return iterateBytes(body);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Length of the longest prefix that does not end inside a UTF-8 character. */
function completeUtf8Length(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back] as number;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}
