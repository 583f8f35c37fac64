/**
 * The operations console as a ConnectWise Hosted API Tab, when the tenant's activation options ask for it
 * (server/activation/options.ts): one Tab on the chosen screen pointing at `/console/?host=cw&tenant=…`, so the
 * console page can name that tenant's ConnectWise origins in its CSP and sign the member in over the Hosted API.
 * Found by its URL (`/console/?host=`), so a change of screen or server moves the one Tab rather than adding a
 * second; turning the option off disables it (ConnectWise keeps the row, as a member might have customised it).
 */
import type { CwClient } from '../connectors/cw/index.ts';
import type { PodTarget } from './hosted-setups.ts';
import type { ActivationOptions } from './options.ts';
import type { PlannedStep } from './step.ts';

export const CONSOLE_TAB_DESCRIPTION = 'tds-bridge console';
export const CONSOLE_TAB_KEY = 'console:tab';
const STEP_ID = `hosted_setup:${CONSOLE_TAB_KEY}`;

export function consoleTabUrl(target: PodTarget): string {
  const base = target.origin.replace(/\/+$/, '');
  return `${base}/console/?host=cw&tenant=${encodeURIComponent(target.tenantId)}&screen=[cw_screen]&id=[cw_id]`;
}

const norm = (v: unknown) =>
  String(v ?? '')
    .toLowerCase()
    .replace(/[\s_-]/g, '');

type Row = Record<string, unknown> & { id: number };

export async function planConsoleTab(
  cw: CwClient,
  target: PodTarget,
  option: ActivationOptions['consoleTab'],
): Promise<PlannedStep[]> {
  const [screens, setups] = await Promise.all([
    cw.list('system/connectWiseHostedScreens', { pageSize: 1000 }),
    cw.list('system/connectwisehostedsetups', { pageSize: 1000 }),
  ]);
  const ours = (setups as Row[]).filter(
    (s) => String(s.type ?? '').toLowerCase() === 'tab' && /\/console\/\?host=/.test(String(s.url ?? '')),
  );
  const base = { id: STEP_ID, kind: 'hosted_setup' as const, key: CONSOLE_TAB_KEY };
  const patch = (id: number, ops: Array<{ op: 'replace'; path: string; value: unknown }>) => async () => {
    await cw.patch('system/connectwisehostedsetups', id, ops);
    return id;
  };

  if (!option.enabled) {
    const active = ours.find((s) => !s.disabledFlag);
    if (!active) return [];
    return [
      {
        ...base,
        name: `Tab "${CONSOLE_TAB_DESCRIPTION}" (turned off in the activation options)`,
        action: 'update',
        cwId: active.id,
        detail: `Disable hosted setup #${active.id}; the console stays at ${target.origin.replace(/\/+$/, '')}/console.`,
        apply: patch(active.id, [{ op: 'replace', path: 'disabledFlag', value: true }]),
      },
    ];
  }

  const name = `Tab "${CONSOLE_TAB_DESCRIPTION}" on the ${option.screen} screen`;
  const screen = (screens as Row[]).find((s) => norm(s.screenId) === option.screen || norm(s.name) === option.screen);
  if (!screen) {
    return [
      {
        ...base,
        name,
        action: 'unavailable',
        detail: `This ConnectWise offers no Hosted API tabs on the ${option.screen} screen; pick another screen in the activation options.`,
      },
    ];
  }
  const url = consoleTabUrl(target);
  const exact = ours.find((s) => Number(s.screenId) === screen.id && s.url === url && !s.disabledFlag);
  if (exact) return [{ ...base, name, action: 'exists', cwId: exact.id, detail: `Hosted setup #${exact.id}.` }];
  const origin = new URL(target.origin).origin;
  const existing = ours[0];
  if (existing) {
    const where = [
      Number(existing.screenId) !== screen.id ? `on screen #${String(existing.screenId)}` : '',
      existing.url !== url ? `at ${String(existing.url)}` : '',
      existing.disabledFlag ? 'disabled' : '',
    ].filter(Boolean);
    return [
      {
        ...base,
        name,
        action: 'update',
        cwId: existing.id,
        detail: `now ${where.join(', ')}`,
        apply: patch(existing.id, [
          { op: 'replace', path: 'screenId', value: screen.id },
          { op: 'replace', path: 'url', value: url },
          { op: 'replace', path: 'origin', value: origin },
          { op: 'replace', path: 'disabledFlag', value: false },
        ]),
      },
    ];
  }
  return [
    {
      ...base,
      name,
      action: 'create',
      detail: `Register the console at ${url.split('?')[0]} as a Tab.`,
      apply: async () =>
        (
          await cw.create('system/connectwisehostedsetups', {
            screenId: screen.id,
            description: CONSOLE_TAB_DESCRIPTION,
            url,
            type: 'Tab',
            origin,
            disabledFlag: false,
          })
        ).id,
    },
  ];
}
