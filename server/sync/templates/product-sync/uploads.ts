/**
 * Price files uploaded by the MSP (TD SYNNEX sends larger customers a custom file): stored as text chunks cut
 * at line ends, read back one chunk at a time so a 100,000-line file never sits in memory. The admin route
 * that accepts uploads calls `savePriceFileUpload`; Product Sync with `source: { type: 'price-file',
 * from: 'upload' }` reads the newest one.
 */
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../../../../db/client.ts';
import { catalogPriceFileChunks } from '../../../../db/schema/catalog.ts';
import { iterateBytes, type PriceFileEvent, parsePriceFile } from '../../../connectors/tds/price-file.ts';
import { AppError } from '../../../errors.ts';

const CHUNK_CHARS = 256 * 1024;

/** Stores an upload and returns its id; older uploads of the tenant are deleted once it is complete. */
export async function savePriceFileUpload(
  db: Db,
  tenantId: string,
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | string,
  now: Date = new Date(),
): Promise<{ uploadId: string; chunks: number }> {
  const uploadId = `${now.toISOString()}-${crypto.randomUUID().slice(0, 8)}`;
  let seq = 0;
  let pending = '';
  const write = async (text: string) => {
    await db.insert(catalogPriceFileChunks).values({ tenantId, uploadId, seq: seq++, text });
  };
  const decoder = new TextDecoder('utf-8');
  const pieces: AsyncIterable<string> =
    typeof source === 'string'
      ? (async function* () {
          yield source;
        })()
      : (async function* () {
          for await (const bytes of iterateBytes(source)) yield decoder.decode(bytes, { stream: true });
          yield decoder.decode();
        })();
  for await (const piece of pieces) {
    pending += piece;
    while (pending.length >= CHUNK_CHARS) {
      const cut = pending.lastIndexOf('\n', CHUNK_CHARS);
      const end = cut >= 0 ? cut + 1 : pending.length;
      await write(pending.slice(0, end));
      pending = pending.slice(end);
    }
  }
  if (pending) await write(pending);
  if (seq === 0) throw new AppError('price_file_empty', 'The uploaded price file is empty.', { status: 400 });
  await db
    .delete(catalogPriceFileChunks)
    .where(and(eq(catalogPriceFileChunks.tenantId, tenantId), lt(catalogPriceFileChunks.uploadId, uploadId)));
  return { uploadId, chunks: seq };
}

export async function latestUploadId(db: Db, tenantId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ uploadId: catalogPriceFileChunks.uploadId })
    .from(catalogPriceFileChunks)
    .where(eq(catalogPriceFileChunks.tenantId, tenantId))
    .orderBy(desc(catalogPriceFileChunks.uploadId))
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
