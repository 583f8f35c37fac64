/**
 * "Products not syncing": categories too narrow, API rate limiting, the catalog cap reached, TD SYNNEX
 * discontinuing products, and Product Sync failing — judged from Product Sync's last finished run and the
 * recorded upstream calls.
 */
import { explain } from '../../console/explanations.ts';
import { callStats, lastFinishedRun } from './history.ts';
import { type Diagnostic, type Finding, finding } from './types.ts';

const PRODUCT_SYNC = 'product-sync';
const RUN_AGAIN = { kind: 'run' as const, label: 'Run Product Sync now', templateId: PRODUCT_SYNC };

export const dataSyncDiagnostic: Diagnostic = {
  id: 'data_sync',
  category: 'data_sync',
  title: 'Products not syncing',
  async detect(ctx) {
    const { db } = ctx.deps;
    const registered = ctx.engine.templates.some((t) => t.id === PRODUCT_SYNC);
    const run = registered ? await lastFinishedRun(db, ctx.tenantId, PRODUCT_SYNC) : undefined;
    const base = (id: string, title: string) => ({ id, category: 'data_sync' as const, title, verify: RUN_AGAIN });
    const never = (id: string, title: string) =>
      finding(base(id, title), 'gray', 'Product Sync has not finished a run yet, so there is nothing to judge.', [
        'Run Product Sync now (Status → Run Product Sync now).',
      ]);
    const out: Finding[] = [];

    // Product Sync failing.
    if (!run) out.push(never('product_sync_failing', 'Product Sync failing'));
    else if (run.state === 'failed') {
      const why = explain(run.errorCode ?? '');
      out.push(
        finding(
          base('product_sync_failing', 'Product Sync failing'),
          'red',
          `Product Sync run #${run.id} failed: ${run.errorMessage ?? run.errorCode ?? 'no message'}${why ? ` (${why.cause})` : ''}`,
          why?.fix ?? ['Open the run in the activity log for its first error, fix it, and run Product Sync again.'],
        ),
      );
    } else
      out.push(
        finding(base('product_sync_failing', 'Product Sync failing'), 'green', `Product Sync run #${run.id} finished.`),
      );

    // Categories too narrow.
    const processed = run ? run.counts.added + run.counts.updated + run.counts.unchanged : 0;
    const nothing = run?.warnings.find((w) => w.code === 'product_sync_nothing_in_scope');
    if (!run) out.push(never('categories_too_narrow', 'Category selection too narrow'));
    else if (nothing || (run.state !== 'failed' && processed === 0))
      out.push(
        finding(
          base('categories_too_narrow', 'Category selection too narrow'),
          'yellow',
          nothing?.message ??
            `Product Sync run #${run.id} found no products in the chosen categories, so nothing reaches the ConnectWise catalog.`,
          explain('product_sync_nothing_in_scope')?.fix ?? [],
        ),
      );
    else
      out.push(
        finding(
          base('categories_too_narrow', 'Category selection too narrow'),
          'green',
          `The chosen categories gave ${processed.toLocaleString('en-US')} products in run #${run.id}.`,
        ),
      );

    // Catalog cap.
    const capped = run?.warnings.find(
      (w) => w.code === 'product_sync_cap_reached' || w.code === 'catalogue_window_exceeded',
    );
    const overCap = run?.skippedReasons.over_cap ?? 0;
    if (!run) out.push(never('catalog_cap_reached', 'ConnectWise catalog limit reached'));
    else if (capped || overCap > 0)
      out.push(
        finding(
          base('catalog_cap_reached', 'ConnectWise catalog limit reached'),
          'yellow',
          capped?.message ??
            `${overCap.toLocaleString('en-US')} products over the cap were left out in run #${run.id}.`,
          explain('product_sync_cap_reached')?.fix ?? [],
        ),
      );
    else
      out.push(
        finding(
          base('catalog_cap_reached', 'ConnectWise catalog limit reached'),
          'green',
          'The last run stayed within the product cap.',
        ),
      );

    // Discontinued products.
    const discontinued = (run?.counts.deactivated ?? 0) + (run?.skippedReasons.discontinued ?? 0);
    if (!run) out.push(never('products_discontinued', 'Products discontinued by TD SYNNEX'));
    else if (discontinued > 0)
      out.push(
        finding(
          base('products_discontinued', 'Products discontinued by TD SYNNEX'),
          'yellow',
          `In run #${run.id}, ${run.counts.deactivated} catalog items were deactivated and ${run.skippedReasons.discontinued ?? 0} not created because TD SYNNEX discontinued them.`,
          [
            "Search the activity log for the run's deactivated SKUs.",
            'Replace them on open quotes and opportunities with a current SKU.',
            'This clears after a run with no newly discontinued products.',
          ],
        ),
      );
    else
      out.push(
        finding(
          base('products_discontinued', 'Products discontinued by TD SYNNEX'),
          'green',
          `No product was discontinued in run #${run.id}.`,
        ),
      );

    // Rate limiting (either system), since the last successful verify.
    const id = 'rate_limited';
    const stats = await Promise.all([
      callStats(db, ctx.tenantId, 'cw', ctx.since(id)),
      callStats(db, ctx.tenantId, 'tds', ctx.since(id)),
    ]);
    const throttled = stats.filter((s) => s.throttled > 0);
    const rateBase = {
      id,
      category: 'data_sync' as const,
      title: 'API rate limiting',
      verify: { kind: 'recheck' as const, label: 'Test the connection again' },
    };
    out.push(
      throttled.length
        ? finding(
            rateBase,
            'yellow',
            `${throttled
              .map(
                (s) =>
                  `${s.system === 'cw' ? 'ConnectWise' : 'TD SYNNEX'} throttled ${s.throttled} of ${s.calls} calls`,
              )
              .join('; ')} since the last check.`,
            explain(throttled[0]?.system === 'cw' ? 'cw_rate_limited' : 'tds_rate_limited')?.fix ?? [],
          )
        : finding(rateBase, 'green', 'No call was throttled since the last check.'),
    );
    return out;
  },
};
