/**
 * The category picker's tree: the search box, the counts line, what Product Sync keeps synced, and one row per
 * category (a fold button with aria-expanded, a real checkbox that is indeterminate when part of what is under it
 * is chosen, and its label). The picker (category-picker.tsx) loads and saves; this draws and reports ticks.
 */
import { useMemo, useState } from 'preact/hooks';
import {
  type CategoryNode,
  type CategoryTree,
  countInChosen,
  countsByPrefix,
  coveredCount,
  searchTree,
  tickState,
  toggleCode,
  unknownCodes,
} from './category-tree.ts';

export const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function TreeEditor({
  tree,
  chosen,
  cap,
  synced,
  onChange,
}: {
  tree: CategoryTree;
  chosen: string[];
  cap: number | undefined;
  /** Products Product Sync keeps per 9-digit code (undefined while unknown). */
  synced: Record<string, number> | undefined;
  onChange: (codes: string[]) => void;
}) {
  const [query, setQuery] = useState('');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const search = useMemo(() => searchTree(tree, query), [tree, query]);
  const chosenSet = new Set(chosen);
  const unknown = unknownCodes(tree, chosen);
  const syncedByCode = useMemo(() => (synced ? countsByPrefix(synced) : undefined), [synced]);
  const ctx: NodeContext = {
    chosen,
    chosenSet,
    synced: syncedByCode,
    shown: search?.shown,
    expanded,
    toggle: (code) => onChange(toggleCode(tree, chosen, code)),
    expand: (code) => {
      const next = new Set(expanded);
      if (!next.delete(code)) next.add(code);
      setExpanded(next);
    },
  };
  const roots = tree.roots.filter((r) => !search || search.shown.has(r.code));
  return (
    <>
      <p data-testid="category-count">
        {plural(chosen.length, 'code')} chosen, covering {coveredCount(tree.leaves, chosenSet).toLocaleString('en-US')}{' '}
        of {plural(tree.leaves.length, 'TD SYNNEX category', 'TD SYNNEX categories')}
        {cap ? `; Product Sync keeps at most ${cap.toLocaleString('en-US')} products (the cap).` : '.'}
      </p>
      {synced ? <SyncedLine synced={synced} chosen={chosenSet} cap={cap} /> : null}
      <p class="category-search">
        <label for="category-search">Search categories by name or code</label>{' '}
        <input
          id="category-search"
          type="search"
          value={query}
          onInput={(e) => {
            const q = (e.target as HTMLInputElement).value;
            setQuery(q);
            // A search opens the branches that lead to its matches; the operator can still fold them.
            const found = searchTree(tree, q);
            if (found) setExpanded(found.open);
          }}
        />{' '}
        <span role="status" class="muted">
          {search ? `${plural(search.shown.size, 'category', 'categories')} shown` : ''}
        </span>
      </p>
      {roots.length ? (
        <ul class="category-tree" aria-label="TD SYNNEX categories">
          {roots.map((node) => (
            <TreeNode key={node.code} node={node} ctx={ctx} />
          ))}
        </ul>
      ) : (
        <p>No category matches “{query.trim()}”.</p>
      )}
      {unknown.length ? (
        <fieldset class="category-unknown">
          <legend>Chosen but not in TD SYNNEX’s list (kept when saving unless unticked)</legend>
          {unknown.map((code) => (
            <label key={code}>
              <input type="checkbox" checked onChange={() => onChange(chosen.filter((c) => c !== code))} />{' '}
              <code>{code}</code>{' '}
            </label>
          ))}
        </fieldset>
      ) : null}
    </>
  );
}

/** What Product Sync keeps in ConnectWise now, from the chosen categories (against the cap) and from others. */
function SyncedLine({
  synced,
  chosen,
  cap,
}: {
  synced: Record<string, number>;
  chosen: ReadonlySet<string>;
  cap: number | undefined;
}) {
  const inChosen = countInChosen(synced, chosen);
  const others = Object.values(synced).reduce((sum, n) => sum + n, 0) - inChosen;
  return (
    <p data-testid="category-synced">
      In ConnectWise now: {plural(inChosen, 'product')} synced from these categories
      {cap ? ` (${Math.round((inChosen / cap) * 100)} % of the cap)` : ''}
      {others > 0 ? `, ${plural(others, 'product')} from others (deactivated at the next full pass)` : ''}. Products of
      a newly chosen category are counted after Product Sync’s next run.
    </p>
  );
}

interface NodeContext {
  chosen: string[];
  chosenSet: ReadonlySet<string>;
  /** Synced products under each code (undefined while unknown). */
  synced: ReadonlyMap<string, number> | undefined;
  /** Codes a search shows (undefined: no search, everything is shown). */
  shown: ReadonlySet<string> | undefined;
  expanded: ReadonlySet<string>;
  toggle: (code: string) => void;
  expand: (code: string) => void;
}

function TreeNode({ node, ctx }: { node: CategoryNode; ctx: NodeContext }) {
  const state = tickState(node.code, ctx.chosen);
  const open = ctx.expanded.has(node.code);
  const children = node.children.filter((c) => !ctx.shown || ctx.shown.has(c.code));
  const id = `category-${node.code}`;
  return (
    <li data-code={node.code} data-state={state}>
      <span class="category-row">
        {node.children.length ? (
          <button
            type="button"
            class="category-twisty"
            aria-expanded={open}
            aria-controls={`${id}-children`}
            aria-label={`Subcategories of ${node.name}`}
            onClick={() => ctx.expand(node.code)}
          >
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          </button>
        ) : (
          <span class="category-twisty" aria-hidden="true" />
        )}
        <input
          type="checkbox"
          id={id}
          checked={state === 'checked'}
          indeterminate={state === 'mixed'}
          onChange={() => ctx.toggle(node.code)}
        />
        <label for={id}>
          {node.name} <span class="muted">{node.code}</span>
          {node.children.length ? (
            <span class="muted">
              {' '}
              · {coveredCount(node.leaves, ctx.chosenSet)}/{node.leaves.length}
            </span>
          ) : null}
          {ctx.synced?.get(node.code) ? (
            <span class="muted"> · {plural(ctx.synced.get(node.code) ?? 0, 'product')} synced</span>
          ) : null}
        </label>
      </span>
      {node.children.length && open ? (
        <ul id={`${id}-children`}>
          {children.map((child) => (
            <TreeNode key={child.code} node={child} ctx={ctx} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
