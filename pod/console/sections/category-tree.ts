/**
 * The rules behind the console's category picker, kept apart from the screen so they are tested on their own:
 * TD SYNNEX's category list (3-, 6- and 9-digit codes) as a tree, which boxes are ticked, half-ticked or empty
 * for a chosen set of codes, what a tick changes, and the search filter. A chosen code covers every code that
 * starts with it (as Product Sync reads `categories`), so the set is kept normalised: no code covered by another.
 */

/** One row of `GET /tenants/:t/tds-categories` (the fields the picker reads). */
export interface CategoryListEntry {
  code: string;
  name: string;
  level1?: string;
  level2?: string;
}

export interface CategoryNode {
  code: string;
  name: string;
  children: CategoryNode[];
  /** Codes of the leaves under this node (itself when it has no children). */
  leaves: string[];
}

export interface CategoryTree {
  roots: CategoryNode[];
  byCode: Map<string, CategoryNode>;
  /** Every leaf code of the list, in code order. */
  leaves: string[];
}

export type TickState = 'checked' | 'mixed' | 'unchecked';

const parentCode = (code: string) => (code.length > 3 ? code.slice(0, code.length - 3) : undefined);

/**
 * Builds the tree from the list as TD SYNNEX gives it. A code whose parent row is missing gets a parent named
 * from the row's own level names (or its code), so no category is lost to a gap in the file.
 */
export function buildCategoryTree(entries: readonly CategoryListEntry[]): CategoryTree {
  const byCode = new Map<string, CategoryNode>();
  const ensure = (code: string, name: string): CategoryNode => {
    let node = byCode.get(code);
    if (!node) {
      node = { code, name: name || code, children: [], leaves: [] };
      byCode.set(code, node);
    } else if (name && node.name === code) node.name = name;
    return node;
  };
  for (const entry of [...entries].sort((a, b) => a.code.localeCompare(b.code))) {
    ensure(entry.code, entry.name.trim());
    const l1 = entry.code.slice(0, 3);
    if (entry.code.length >= 6) ensure(l1, entry.level1?.trim() ?? '');
    if (entry.code.length === 9) ensure(entry.code.slice(0, 6), entry.level2?.trim() ?? '');
  }
  const roots: CategoryNode[] = [];
  for (const node of [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code))) {
    const parent = parentCode(node.code);
    if (parent) byCode.get(parent)?.children.push(node);
    else roots.push(node);
  }
  const fillLeaves = (node: CategoryNode): string[] => {
    node.leaves = node.children.length ? node.children.flatMap(fillLeaves) : [node.code];
    return node.leaves;
  };
  return { roots, byCode, leaves: roots.flatMap(fillLeaves) };
}

/** Drops codes already covered by a shorter chosen code ("006" covers "006052"), sorted. */
export function normaliseCodes(codes: Iterable<string>): string[] {
  const sorted = [...new Set(codes)].sort((a, b) => a.length - b.length || a.localeCompare(b));
  const kept: string[] = [];
  for (const code of sorted) if (!kept.some((k) => code.startsWith(k))) kept.push(code);
  return kept.sort();
}

export function tickState(code: string, chosen: readonly string[]): TickState {
  if (chosen.some((c) => code.startsWith(c))) return 'checked';
  if (chosen.some((c) => c.startsWith(code))) return 'mixed';
  return 'unchecked';
}

/**
 * The chosen codes after ticking or unticking `code`. Ticking a half-ticked or empty box chooses it (its
 * descendants' codes fold into it) and, when that completes a parent, the parent. Unticking a box covered by a
 * chosen ancestor replaces that ancestor with the ancestor's other branches, so only `code` leaves the scope.
 */
export function toggleCode(tree: CategoryTree, chosen: readonly string[], code: string): string[] {
  if (tickState(code, chosen) !== 'checked') {
    let next = normaliseCodes([...chosen.filter((c) => !c.startsWith(code)), code]);
    for (let parent = parentCode(code); parent; parent = parentCode(parent)) {
      const node = tree.byCode.get(parent);
      if (!node?.children.length || !node.children.every((child) => tickState(child.code, next) === 'checked')) break;
      next = normaliseCodes([...next.filter((c) => !c.startsWith(parent)), parent]);
    }
    return next;
  }
  const ancestor = chosen.find((c) => code.startsWith(c)) ?? code;
  const next = chosen.filter((c) => c !== ancestor);
  // Walk down from the chosen ancestor to `code`, keeping every sibling branch on the way.
  for (let at = ancestor; at !== code; ) {
    const node = tree.byCode.get(at);
    const step = node?.children.find((child) => code.startsWith(child.code));
    if (!node || !step) break;
    for (const child of node.children) if (child !== step) next.push(child.code);
    at = step.code;
  }
  return normaliseCodes(next);
}

/** Whether `code` is in scope: it or one of its shorter prefixes (3, 6 digits) is chosen. */
export function isCovered(code: string, chosen: ReadonlySet<string>): boolean {
  for (let n = 3; n <= code.length; n += 3) if (chosen.has(code.slice(0, n))) return true;
  return false;
}

/** How many of `leaves` the chosen codes cover (a node's leaves, or the whole list's). */
export function coveredCount(leaves: readonly string[], chosen: ReadonlySet<string>): number {
  let n = 0;
  for (const leaf of leaves) if (isCovered(leaf, chosen)) n++;
  return n;
}

/** Chosen codes that TD SYNNEX's list does not name (kept on save; shown so an operator can drop them). */
export function unknownCodes(tree: CategoryTree, chosen: readonly string[]): string[] {
  return chosen.filter((c) => !tree.byCode.has(c));
}

/**
 * The codes to show for a search (by name or code, any case): each match, its ancestors (so the path stays
 * visible) and its descendants; `open` holds the ancestors, expanded so the matches are in view. Null = no search.
 */
export function searchTree(tree: CategoryTree, query: string): { shown: Set<string>; open: Set<string> } | null {
  const q = query.trim().toLowerCase();
  if (!q) return null;
  const shown = new Set<string>();
  const open = new Set<string>();
  // Returns whether a node at or below `node` matches by itself (a match's ancestors open; its subtree stays shut).
  const visit = (node: CategoryNode, ancestorMatched: boolean): boolean => {
    // By code, the shortest code starting with the query matches (its branch is under it anyway).
    const byCode = node.code.startsWith(q) && !parentCode(node.code)?.startsWith(q);
    const own = byCode || node.name.toLowerCase().includes(q);
    let below = false;
    for (const child of node.children) below = visit(child, ancestorMatched || own) || below;
    if (below) open.add(node.code);
    if (ancestorMatched || own || below) shown.add(node.code);
    return own || below;
  };
  for (const root of tree.roots) visit(root, false);
  return { shown, open };
}

/**
 * Synced product counts per code (`GET …/product-sync/category-counts` gives them per 9-digit code) summed up to
 * each 6- and 3-digit prefix, so every node of the tree can show what Product Sync keeps under it.
 */
export function countsByPrefix(counts: Readonly<Record<string, number>>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [code, n] of Object.entries(counts)) {
    for (let len = 3; len <= code.length; len += 3) {
      const prefix = code.slice(0, len);
      out.set(prefix, (out.get(prefix) ?? 0) + n);
    }
  }
  return out;
}

/** Of the synced products, those the chosen codes cover (the rest leave at the next full pass). */
export function countInChosen(counts: Readonly<Record<string, number>>, chosen: ReadonlySet<string>): number {
  let n = 0;
  for (const [code, count] of Object.entries(counts)) if (isCovered(code, chosen)) n += count;
  return n;
}
