/**
 * The console shell: who is signed in, the tenant picker, the section menu (from sections/index.ts) and
 * the open section, chosen by the location hash (`#status`, `#activity?run=12`) so links and the
 * browser's back button work. Signed out → the sign-in page. In a ConnectWise Tab (embedded.ts) the member is
 * signed in over the Hosted API first; a refusal (e.g. a role the tenant does not allow) says why and who decides.
 */
import type { ComponentType } from 'preact';
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { ApiError } from '../api.ts';
import { BridgeError } from '../bridge/types.ts';
import { DENIED_TITLES } from '../ui/denied-titles.ts';
import { Denied, ErrorState, Loading } from '../ui/states.tsx';
import { api, ConsoleApiError } from './api.ts';
import { embeddedTenant, isEmbedded, signInFromConnectWise } from './embedded.ts';
import { type SectionEntry, sections } from './sections/index.ts';
import type { Me, SectionProps, TenantSummary } from './sections/section-props.ts';

interface Place {
  section: SectionEntry;
  params: Record<string, string>;
}

function readPlace(): Place {
  const [id = '', search = ''] = location.hash.replace(/^#/, '').split('?');
  const section = sections.find((s) => s.id === id) ?? (sections[0] as SectionEntry);
  return { section, params: Object.fromEntries(new URLSearchParams(search)) };
}

type Boot =
  | { name: 'loading' }
  | { name: 'ready'; me: Me; tenants: TenantSummary[] }
  | { name: 'denied'; title: string; message: string }
  | { name: 'failed'; message: string };

/** What the shell shows when it cannot open; standalone, a 401 goes to the sign-in page instead. */
function bootFailure(error: Error, inTab: boolean): Boot | null {
  const code = (error as { code?: string }).code ?? '';
  const title = DENIED_TITLES[code];
  if (title) return { name: 'denied', title, message: error.message };
  if (error instanceof ConsoleApiError && error.status === 401 && !inTab) return null;
  if (error instanceof BridgeError)
    return { name: 'failed', message: `Cannot reach the ConnectWise screen: ${error.message}` };
  if (error instanceof ApiError) return { name: 'failed', message: `Cannot sign in to tds-bridge: ${error.message}` };
  return { name: 'failed', message: error.message };
}

/**
 * The remembered tenant. A ConnectWise Tab is a third-party frame, where the browser may deny storage (reading
 * `localStorage` then throws): the console works without it, the Tab names its tenant anyway.
 */
const rememberedTenant = {
  get(): string {
    try {
      return localStorage.getItem('tds-console-tenant') ?? '';
    } catch {
      return '';
    }
  },
  set(id: string): void {
    try {
      rememberedTenant.set(id);
    } catch {
      // Not remembered across visits; nothing else depends on it.
    }
  },
};

export function ConsoleApp() {
  const [boot, setBoot] = useState<Boot>({ name: 'loading' });
  const [place, setPlace] = useState<Place>(readPlace);
  const [tenantId, setTenantId] = useState<string>(() =>
    isEmbedded() ? (embeddedTenant() ?? '') : rememberedTenant.get(),
  );
  const [Section, setSection] = useState<{ id: string; C: ComponentType<SectionProps> } | null>(null);

  useLayoutEffect(() => {
    const inTab = isEmbedded();
    (async () => {
      if (inTab) await signInFromConnectWise();
      const [me, { tenants }] = await Promise.all([
        api.get<Me>('/me'),
        api.get<{ tenants: TenantSummary[] }>('/tenants'),
      ]);
      setBoot({ name: 'ready', me, tenants });
    })().catch((error: Error) => {
      const failure = bootFailure(error, inTab);
      if (failure) setBoot(failure);
      else location.assign('/console/sign-in');
    });
    const onHash = () => setPlace(readPlace());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    let live = true;
    place.section.load().then(
      (m) => live && setSection({ id: place.section.id, C: m.default }),
      (error: Error) =>
        live && setBoot({ name: 'failed', message: `Could not load ${place.section.title}: ${error.message}` }),
    );
    document.title = `${place.section.title} · tds-bridge console`;
    return () => {
      live = false;
    };
  }, [place.section]);

  if (boot.name === 'loading') return <Loading label="Opening the console…" />;
  if (boot.name === 'denied') return <Denied title={boot.title} message={boot.message} />;
  if (boot.name === 'failed') return <ErrorState title="The console could not open" message={boot.message} />;
  const tenant = boot.tenants.find((t) => t.id === tenantId) ?? boot.tenants[0];
  const go = (section: string, params: Record<string, string> = {}) => {
    const search = new URLSearchParams(params).toString();
    location.hash = `${section}${search ? `?${search}` : ''}`;
  };

  return (
    <div class="console">
      <header class="console-top">
        <strong class="console-name">tds-bridge console</strong>
        {boot.tenants.length > 1 ? (
          <label class="console-tenant">
            Tenant{' '}
            <select
              value={tenant?.id}
              onChange={(e) => {
                const id = (e.target as HTMLSelectElement).value;
                rememberedTenant.set(id);
                setTenantId(id);
              }}
            >
              {boot.tenants.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
        ) : tenant ? (
          <span class="console-tenant">{tenant.name}</span>
        ) : null}
        <span class="console-who" data-testid="console-actor">
          {boot.me.actor}
        </span>
        {boot.me.kind === 'member_session' ? null : (
          <form method="post" action="/console/sign-out" class="console-signout">
            <button type="submit">Sign out</button>
          </form>
        )}
      </header>
      <nav class="console-nav" aria-label="Console sections">
        <ul>
          {sections.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`} aria-current={s.id === place.section.id ? 'page' : undefined}>
                {s.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main class="console-main" id="console-main">
        {!tenant ? (
          <ErrorState
            title="No tenant yet"
            message="Create a tenant first (POST /api/admin/tenants, or npm start seeds a demo tenant)."
          />
        ) : Section && Section.id === place.section.id ? (
          <Section.C key={`${Section.id}/${tenant.id}`} tenant={tenant} me={boot.me} go={go} params={place.params} />
        ) : (
          <Loading label={`Opening ${place.section.title}…`} />
        )}
      </main>
    </div>
  );
}
