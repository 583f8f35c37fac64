/**
 * Setup → Product Sync's categories: TD SYNNEX's category list (read live from `GET /tenants/:t/tds-categories`)
 * as a tree of real checkboxes with a search box. A parent is half-ticked when some of what is under it is
 * chosen. Save writes only Product Sync's `categories` setting: the other settings are read again just before
 * the write and sent back unchanged, since the settings API replaces the whole object.
 */
import { useMemo, useState } from 'preact/hooks';
import type { SettingsView } from '../../../server/routes/admin/views.ts';
import { ErrorState, Loading } from '../../ui/states.tsx';
import { useAsync } from '../../ui/use-async.ts';
import { api } from '../api.ts';
import {
  buildCategoryTree,
  type CategoryListEntry,
  type CategoryNode,
  type CategoryTree,
  coveredCount,
  normaliseCodes,
  searchTree,
  tickState,
  toggleCode,
  unknownCodes,
} from './category-tree.ts';
import type { TenantSummary } from './section-props.ts';

const LIST_HELP =
  'The list comes from TD SYNNEX’s file delivery, beside the price file (the TD SYNNEX connection’s priceFile: host, login, categoriesUrl). Check it under Connections with Test connection, then try again.';

type Stored = Record<string, unknown> & { categories?: unknown; cap?: unknown };

function storedOf(view: SettingsView): Stored {
  const s = view.stored ?? view.settings;
  return s && typeof s === 'object' && !Array.isArray(s) ? (s as Stored) : {};
}

function savedCodes(view: SettingsView): string[] {
  const codes = storedOf(view).categories;
  return normaliseCodes(Array.isArray(codes) ? codes.filter((c): c is string => typeof c === 'string') : []);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function CategoryPicker({ tenant, onSaved }: { tenant: TenantSummary; onSaved?: () => void }) {
  const base = `/tenants/${encodeURIComponent(tenant.id)}`;
  const settingsPath = `${base}/templates/product-sync/settings`;
  const [list, reloadList] = useAsync(
    () => api.get<{ categories: CategoryListEntry[] }>(`${base}/tds-categories`),
    [tenant.id],
  );
  const [settings] = useAsync(() => api.get<SettingsView>(settingsPath), [tenant.id]);
  const [saved, setSaved] = useState<SettingsView | null>(null);
  const [edited, setEdited] = useState<string[] | null>(null);
  const [said, setSaid] = useState('');
  const [refused, setRefused] = useState('');
  const [busy, setBusy] = useState(false);
  const tree = useMemo(
    () => (list.status === 'ready' ? buildCategoryTree(list.value.categories) : null),
    [list.status === 'ready' ? list.value : null],
  );

  if (settings.status === 'loading') return <Loading label="Reading Product Sync’s settings…" />;
  if (settings.status === 'error') {
    return <ErrorState title="Product Sync’s settings are not available" message={settings.error.message} />;
  }
  const view = saved ?? settings.value;
  const savedList = savedCodes(view);
  const chosen = edited ?? savedList;
  const dirty = edited !== null && edited.join() !== savedList.join();
  const cap = storedOf(view).cap ?? (view.settings as Stored | null)?.cap;

  async function save() {
    setBusy(true);
    setSaid('');
    setRefused('');
    try {
      // Read again right before writing, so settings changed meanwhile (cap, mapping…) are not overwritten.
      const fresh = await api.get<SettingsView>(settingsPath);
      const next = await api.put<SettingsView>(settingsPath, { ...storedOf(fresh), categories: chosen });
      setSaved(next);
      setEdited(null);
      setSaid(`Saved: Product Sync now syncs ${plural(chosen.length, 'chosen category', 'chosen categories')}.`);
      onSaved?.();
    } catch (e) {
      setRefused((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="category-picker" data-testid="category-picker">
      {list.status === 'loading' ? <Loading label="Reading TD SYNNEX’s category list…" /> : null}
      {list.status === 'error' ? (
        <ErrorState
          title="TD SYNNEX’s category list could not be read"
          message={`${list.error.message} ${LIST_HELP}`}
          action={
            <button type="button" onClick={reloadList}>
              Read the category list again
            </button>
          }
        />
      ) : null}
      {tree ? (
        <TreeEditor tree={tree} chosen={chosen} cap={typeof cap === 'number' ? cap : undefined} onChange={setEdited} />
      ) : (
        <p data-testid="category-saved">
          Saved selection:{' '}
          {savedList.length
            ? savedList.map((c) => <code key={c}>{c} </code>)
            : 'no category chosen (nothing is synced)'}
        </p>
      )}
      <p class="category-actions">
        <button type="button" disabled={!tree || !dirty || busy} onClick={save}>
          Save categories
        </button>{' '}
        <button type="button" disabled={!dirty || busy} onClick={() => setEdited(null)}>
          Undo changes
        </button>{' '}
        {dirty ? <span class="muted">Unsaved changes</span> : null}
      </p>
      <div role="status" data-testid="category-said">
        {said}
      </div>
      {refused ? <ErrorState title="The categories were not saved" message={refused} /> : null}
    </div>
  );
}

function TreeEditor({
  tree,
  chosen,
  cap,
  onChange,
}: {
  tree: CategoryTree;
  chosen: string[];
  cap: number | undefined;
  onChange: (codes: string[]) => void;
}) {
  const [query, setQuery] = useState('');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const search = useMemo(() => searchTree(tree, query), [tree, query]);
  const chosenSet = new Set(chosen);
  const unknown = unknownCodes(tree, chosen);
  const ctx: NodeContext = {
    chosen,
    chosenSet,
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

interface NodeContext {
  chosen: string[];
  chosenSet: ReadonlySet<string>;
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
