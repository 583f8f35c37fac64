/**
 * One unit of price-file work: count a stretch of lines (first read of a full pass), or collect the next batch
 * of in-scope products and write it (second read). The cursor's line number is the resume point.
 */
import type { PriceFileEvent } from '../../../connectors/tds/price-file.ts';
import { AppError } from '../../../errors.ts';
import type { StepContext } from '../../engine/index.ts';
import { type ApplyEnv, applyProducts } from './apply.ts';
import type { RunClients } from './clients.ts';
import type { SourceProduct } from './mapping.ts';
import type { Pass } from './pass.ts';
import {
  allowances,
  chosenFor,
  closePriceFile,
  eventsAfter,
  priceFileNotFull,
  recordToProduct,
} from './price-file-source.ts';
import { normaliseCategories } from './settings.ts';
import { uploadedPriceFile } from './uploads.ts';

const BATCH = 100;
const COUNT_LINES_PER_UNIT = 20_000;
/** Progress inside a unit too: a unit of 20,000 lines takes seconds on a loaded machine (the engine throttles writes). */
const PROGRESS_EVERY_LINES = 2_000;

export async function priceFileUnits(
  ctx: StepContext,
  clients: RunClients,
  pass: Pass,
  env: ApplyEnv,
): Promise<boolean> {
  const cursor = pass.priceFile!;
  const settings = env.settings;
  const uploaded = settings.source.type === 'price-file' && settings.source.from === 'upload';
  if (uploaded && !pass.uploadId) {
    throw new AppError(
      'price_file_not_uploaded',
      'Product Sync is set to read an uploaded price file, but none has been uploaded for this tenant. Upload the file TD SYNNEX sent, or set the source to "catalogue".',
    );
  }
  const open = (): AsyncIterable<PriceFileEvent> =>
    uploaded
      ? uploadedPriceFile(ctx.deps.db, ctx.tenantId, pass.uploadId!)
      : clients.priceFile.priceFile(
          pass.full
            ? { type: 'full' }
            : { type: 'delta', since: pass.modifiedFrom ? new Date(pass.modifiedFrom) : undefined },
        );
  const scope = { categories: normaliseCategories(settings.categories), manufacturers: settings.manufacturers };
  const key = `${cursor.phase}:${pass.uploadId ?? 'tds'}`;
  const batch: SourceProduct[] = [];
  let overCap = 0;
  let lines = 0;
  let last = cursor.line;
  let ended = true;
  const label = cursor.phase === 'count' ? 'price-file lines counted' : 'price-file lines';
  for await (const event of eventsAfter(ctx.scope, key, cursor.line, open)) {
    last = event.line;
    lines++;
    if (lines % PROGRESS_EVERY_LINES === 0) ctx.progress(last, undefined, label);
    if (event.type === 'header') {
      cursor.kind = event.header.kind;
      if (pass.full && event.header.kind === 'delta') throw priceFileNotFull();
    } else if (event.type === 'invalid') {
      if (cursor.invalidLines++ < 5) {
        ctx.log.debug({
          code: 'price_file_line_invalid',
          message: `Price file line ${event.lineNumber}: ${event.reason}.`,
        });
      }
    } else {
      const chosen = chosenFor(event.record, scope);
      if (chosen) {
        const product = recordToProduct(event.record);
        if (cursor.phase === 'count') {
          if (!product.discontinued) cursor.counts[chosen] = (cursor.counts[chosen] ?? 0) + 1;
        } else if (product.discontinued || !pass.full) batch.push(product);
        else if ((cursor.taken[chosen] ?? 0) < (cursor.allowed[chosen] ?? 0)) {
          cursor.taken[chosen] = (cursor.taken[chosen] ?? 0) + 1;
          batch.push(product);
        } else overCap++;
      }
    }
    if (batch.length >= BATCH || (cursor.phase === 'count' && lines >= COUNT_LINES_PER_UNIT)) {
      ended = false;
      break;
    }
  }
  if (overCap > 0) ctx.counts.skip('over_cap', overCap);
  if (batch.length > 0) pass.inScope += (await applyProducts(env, batch)).inScope;
  cursor.line = last;
  ctx.progress(cursor.line, undefined, label);
  if (!ended) return false;
  await closePriceFile(ctx.scope);
  if (cursor.phase === 'count') {
    cursor.phase = 'sync';
    cursor.line = 0;
    cursor.allowed = allowances(cursor.counts, settings.cap);
    return false;
  }
  if (cursor.invalidLines > 0) {
    ctx.log.info({
      code: 'price_file_lines_invalid',
      message: `${cursor.invalidLines} lines of the price file could not be read and were skipped.`,
    });
  }
  return true;
}
