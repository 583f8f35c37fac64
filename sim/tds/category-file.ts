/**
 * The category list file TD SYNNEX sends beside the price file: one row per category code with its three level
 * names and UNSPSC, so a reseller can pick categories by name. Columns follow the public copy of the list
 * (nahidacm/synnex-parser: synnex_category_list_t.csv): `CatCode,Level1Description,Level2Description,
 * Level3Description,UNSPSC`, quoted CSV, CRLF. Level-1 and level-2 rows come first for each branch (codes of 3
 * and 6 digits), then the 9-digit leaves. The exact file name and whether TD SYNNEX ships it with every
 * delivery are unconfirmed (sim/tds/README.md).
 */
import { TDS_CATEGORIES, TDS_LEVEL1, TDS_LEVEL2 } from '../data/tds-categories.ts';

export const CATEGORY_FILE_NAME = 'SYNNEX_CATEGORY_LIST.csv';
const HEADER = 'CatCode,Level1Description,Level2Description,Level3Description,UNSPSC';

const quote = (value: string) => `"${value.replaceAll('"', '""')}"`;

export function categoryFileText(): string {
  const rows: string[] = [HEADER];
  const seen = new Set<string>();
  for (const leaf of TDS_CATEGORIES) {
    const l1 = leaf.code.slice(0, 3);
    const l2 = leaf.code.slice(0, 6);
    if (!seen.has(l1)) {
      seen.add(l1);
      rows.push([l1, TDS_LEVEL1[l1] ?? '', '', '', ''].map(quote).join(','));
    }
    if (!seen.has(l2)) {
      seen.add(l2);
      rows.push([l2, TDS_LEVEL1[l1] ?? '', TDS_LEVEL2[l2] ?? '', '', ''].map(quote).join(','));
    }
    rows.push([leaf.code, leaf.level1, leaf.level2, leaf.level3, leaf.unspsc].map(quote).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}
