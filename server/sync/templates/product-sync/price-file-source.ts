/**
 * The `~` price file as a source: streamed and parsed line by line (server/connectors/tds/price-file.ts), never
 * held whole. A full pass reads it twice: first to count what is in scope per chosen category (so the cap is
 * decided before anything is written, in category-code order), then to sync. The open stream is kept between
 * steps of the same run in this process; a step elsewhere (another isolate, after a crash) downloads again
 * and skips to the checkpointed line.
 */
import * as z from 'zod';
import type { PriceFileEvent, PriceFileRecord } from '../../../connectors/tds/price-file.ts';
import type { TdsClient } from '../../../connectors/tds/types.ts';
import { AppError } from '../../../errors.ts';
import type { RunScope } from '../../engine/index.ts';
import type { SourceProduct } from './mapping.ts';

export const PriceFileCursor = z.object({
  phase: z.enum(['count', 'sync']),
  /** Last line fully handled in the current phase. */
  line: z.number().int().min(0),
  /** Per chosen category: products in scope (count phase), and how many may be synced / were handed on. */
  counts: z.record(z.string(), z.number()),
  allowed: z.record(z.string(), z.number()),
  taken: z.record(z.string(), z.number()),
  /** Header kind; a delta file can never be a complete pass. */
  kind: z.enum(['full', 'delta']).optional(),
  invalidLines: z.number().int().min(0),
});
export type PriceFileCursor = z.infer<typeof PriceFileCursor>;

export function startPriceFile(countFirst: boolean): PriceFileCursor {
  return { phase: countFirst ? 'count' : 'sync', line: 0, counts: {}, allowed: {}, taken: {}, invalidLines: 0 };
}

export interface PriceFileScope {
  categories: readonly string[];
  manufacturers: readonly string[];
}

/** The chosen category a record falls in, or undefined when it is out of scope. */
export function chosenFor(record: PriceFileRecord, scope: PriceFileScope): string | undefined {
  const chosen = scope.categories.find((c) => record.categoryCode.startsWith(c));
  if (!chosen) return undefined;
  if (scope.manufacturers.length === 0) return chosen;
  const name = record.manufacturer.toLowerCase();
  // The file spells manufacturers in capitals ("APC BY SCHNEIDER ELECTRIC"); a brand ("APC") matches its start.
  const match = scope.manufacturers.some((m) => name === m.toLowerCase() || name.startsWith(`${m.toLowerCase()} `));
  return match ? chosen : undefined;
}

export function recordToProduct(r: PriceFileRecord): SourceProduct {
  return {
    sku: r.sku,
    mfgPN: r.mfgPN,
    manufacturer: r.manufacturer,
    description: r.description,
    categoryCode: r.categoryCode,
    // ABC code C = end of life; status D = deleted (delta files).
    discontinued: r.abcCode === 'C' || r.statusCode === 'D',
    cost: r.unitCost ?? r.contractPrice,
    msrp: r.msrp,
  };
}

export type PriceFileOpener = (opts: { type: 'full' | 'delta'; since?: Date }) => AsyncIterable<PriceFileEvent>;

export function tdsPriceFile(tds: TdsClient): PriceFileOpener {
  return (opts) => tds.priceFile(opts);
}

interface OpenFile {
  key: string;
  iterator: AsyncIterator<PriceFileEvent>;
  /** Line number of the last event handed out. */
  line: number;
}

const SLOT = 'product-sync:price-file';
const closeFile = async (file: OpenFile) => {
  await file.iterator.return?.().catch(() => undefined);
};

/** Closes the run's open download (the run moved to another phase); the engine closes it when the run ends. */
export async function closePriceFile(scope: RunScope): Promise<void> {
  await scope.drop(SLOT);
}

/**
 * Events after `afterLine`, from the run's open download when it is at that line, otherwise from a new one.
 * The same file for the whole run: a full file is regenerated daily, so a re-download mid-run may differ
 * slightly; lines are matched by number and a product read twice is simply unchanged the second time.
 */
export async function* eventsAfter(
  scope: RunScope,
  key: string,
  afterLine: number,
  openFile: () => AsyncIterable<PriceFileEvent>,
): AsyncGenerator<PriceFileEvent & { line: number }> {
  const fresh = (): OpenFile => ({ key, iterator: openFile()[Symbol.asyncIterator](), line: 0 });
  let file = await scope.get(SLOT, fresh, closeFile);
  if (file.key !== key || file.line !== afterLine) {
    await scope.drop(SLOT);
    file = await scope.get(SLOT, fresh, closeFile);
  }
  for (;;) {
    let next: IteratorResult<PriceFileEvent>;
    try {
      next = await file.iterator.next();
    } catch (error) {
      await scope.drop(SLOT);
      if (error instanceof AppError) throw error;
      throw new AppError(
        'price_file_interrupted',
        `The price file download broke off after line ${file.line} (${(error as Error).message}); the run resumes from there.`,
        { retryable: true },
      );
    }
    if (next.done) {
      await scope.drop(SLOT);
      return;
    }
    const event = next.value;
    const line = event.type === 'record' ? event.record.lineNumber : event.type === 'invalid' ? event.lineNumber : 1;
    file.line = line;
    if (line <= afterLine) continue;
    yield { ...event, line };
  }
}

export function priceFileNotFull(): AppError {
  return new AppError(
    'price_file_not_full',
    'TD SYNNEX sent a delta price file where a full one was asked for; the pass cannot be complete. Ask TD SYNNEX support for the full file.',
  );
}

/** Per chosen category, in code order, how many products fit under the cap. */
export function allowances(counts: Record<string, number>, cap: number): Record<string, number> {
  const allowed: Record<string, number> = {};
  let left = cap;
  for (const code of Object.keys(counts).sort()) {
    const n = Math.min(counts[code] ?? 0, left);
    allowed[code] = n;
    left -= n;
  }
  return allowed;
}
