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
import { buildCategoryTree, type CategoryListEntry, normaliseCodes } from './category-tree.ts';
import { plural, TreeEditor } from './category-tree-view.tsx';
import type { TenantSummary } from './section-props.ts';

const LIST_HELP =
  'The list comes from TD SYNNEX’s file delivery, beside the price file (the TD SYNNEX connection’s priceFile: host, login, categoriesUrl). Check it under Connections with Test connection, then try again.';

interface SyncedCounts {
  counts: Record<string, number>;
  total: number;
}

type Stored = Record<string, unknown> & { categories?: unknown; cap?: unknown };

function storedOf(view: SettingsView): Stored {
  const s = view.stored ?? view.settings;
  return s && typeof s === 'object' && !Array.isArray(s) ? (s as Stored) : {};
}

function savedCodes(view: SettingsView): string[] {
  const codes = storedOf(view).categories;
  return normaliseCodes(Array.isArray(codes) ? codes.filter((c): c is string => typeof c === 'string') : []);
}

export function CategoryPicker({ tenant, onSaved }: { tenant: TenantSummary; onSaved?: () => void }) {
  const base = `/tenants/${encodeURIComponent(tenant.id)}`;
  const settingsPath = `${base}/templates/product-sync/settings`;
  const [list, reloadList] = useAsync(
    () => api.get<{ categories: CategoryListEntry[] }>(`${base}/tds-categories`),
    [tenant.id],
  );
  const [settings] = useAsync(() => api.get<SettingsView>(settingsPath), [tenant.id]);
  // What Product Sync keeps in ConnectWise per category; the picker works without it (the counts are left out).
  const [synced] = useAsync(() => api.get<SyncedCounts>(`${base}/product-sync/category-counts`), [tenant.id]);
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
        <TreeEditor
          tree={tree}
          chosen={chosen}
          cap={typeof cap === 'number' ? cap : undefined}
          synced={synced.status === 'ready' ? synced.value.counts : undefined}
          onChange={setEdited}
        />
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
