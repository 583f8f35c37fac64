/**
 * Setup → Activation: the option to register this console as a ConnectWise Tab on a chosen screen (default
 * Company). Saving changes only the option; the activation preview then shows the Tab step and Apply registers,
 * moves or disables it. Members of the roles under Console access open it there.
 */
import { useState } from 'preact/hooks';
import {
  type ActivationOptions,
  CONSOLE_TAB_SCREENS,
  type ConsoleTabScreen,
} from '../../../server/wire/activation-options.ts';
import { api } from '../api.ts';
import type { SectionProps } from './section-props.ts';

const SCREEN_LABELS: Record<ConsoleTabScreen, string> = {
  company: 'Company',
  contact: 'Contact',
  ticket: 'Service Ticket',
  salesorder: 'Sales Order',
  opportunity: 'Opportunity',
  purchaseorder: 'Purchase Order',
};

export function ConsoleTabOption({ tenant }: Pick<SectionProps, 'tenant'>) {
  const path = `/tenants/${encodeURIComponent(tenant.id)}/activation/options`;
  const [options, setOptions] = useState<ActivationOptions | null>(null);
  const [said, setSaid] = useState('');
  if (options === null && !said) {
    api.get<ActivationOptions>(path).then(setOptions, (e: Error) => setSaid(e.message));
  }
  const tab = options?.consoleTab ?? { enabled: false, screen: 'company' as ConsoleTabScreen };
  const change = (next: Partial<ActivationOptions['consoleTab']>) => setOptions({ consoleTab: { ...tab, ...next } });
  return (
    <form
      data-testid="console-tab-option"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await api.put(path, { consoleTab: tab });
          setSaid('Saved. Preview and apply activation to register, move or turn off the Tab in ConnectWise.');
        } catch (err) {
          setSaid((err as Error).message);
        }
      }}
    >
      <label>
        <input
          type="checkbox"
          checked={tab.enabled}
          disabled={options === null}
          onChange={(e) => change({ enabled: (e.target as HTMLInputElement).checked })}
        />{' '}
        Show this console as a ConnectWise Tab
      </label>{' '}
      <label for="console-tab-screen">on the screen</label>{' '}
      <select
        id="console-tab-screen"
        value={tab.screen}
        disabled={options === null}
        onChange={(e) => change({ screen: (e.target as HTMLSelectElement).value as ConsoleTabScreen })}
      >
        {CONSOLE_TAB_SCREENS.map((s) => (
          <option key={s} value={s}>
            {SCREEN_LABELS[s]}
          </option>
        ))}
      </select>{' '}
      <button type="submit" disabled={options === null}>
        Save option
      </button>
      <div role="status">{said}</div>
    </form>
  );
}
