/**
 * "API Connection Failed": expired or wrong keys, an inactive API member, a wrong company id, network
 * trouble, ConnectWise or TD SYNNEX maintenance — recognised from the live test-connection checks
 * (server/setup/checks), one finding per issue.
 */
import { EXPLANATIONS } from '../../console/explanations.ts';
import type { Check } from '../../setup/checks/check.ts';
import { type Diagnostic, type Finding, type FindingState, finding } from './types.ts';

const MAINTENANCE = /\b5\d\d\b|maintenance|server error|unavailable/i;

interface Spec {
  id: string;
  title: string;
  /** The check this issue is read from, and (optionally) which of its failures belong to this issue. */
  check: string;
  matches?: (c: Check) => boolean;
  fix: string[];
  absent: string;
}

const SPECS: Spec[] = [
  {
    id: 'cw_keys_refused',
    title: 'ConnectWise API keys expired or changed',
    check: 'cw_keys',
    fix: EXPLANATIONS.cw_unauthorized?.fix ?? [],
    absent: 'ConnectWise accepts the API keys.',
  },
  {
    id: 'cw_keys_expiring',
    title: 'ConnectWise API keys about to expire',
    check: 'cw_key_expiry',
    fix: EXPLANATIONS.cw_unauthorized?.fix ?? [],
    absent: 'The ConnectWise API keys are not close to their expiry date.',
  },
  {
    id: 'cw_member_inactive',
    title: 'ConnectWise API member inactive',
    check: 'cw_member_active',
    fix: [
      'In ConnectWise, open System → Members → API Members and make the tds-bridge API member active again,',
      'or create a new API member with the same security role and save its keys under Setup → Connections.',
      'Press Verify.',
    ],
    absent: 'The ConnectWise API member is active.',
  },
  {
    id: 'cw_company_wrong',
    title: 'Wrong ConnectWise company id',
    check: 'cw_company',
    fix: [
      'Use the company id members type on the ConnectWise login page ("Company").',
      'Save it under Setup → Connections → ConnectWise.',
      'Press Verify.',
    ],
    absent: 'The ConnectWise company id is right.',
  },
  {
    id: 'cw_client_id',
    title: 'ConnectWise clientId refused',
    check: 'cw_client_id',
    fix: [
      'Register tds-bridge at developer.connectwise.com for a clientId.',
      'Save it under Setup → Connections.',
      'Press Verify.',
    ],
    absent: 'ConnectWise accepts the clientId.',
  },
  {
    id: 'cw_network',
    title: 'Network cannot reach ConnectWise',
    check: 'cw_reachable',
    matches: (c) => !MAINTENANCE.test(c.detail),
    fix: EXPLANATIONS.cw_network?.fix ?? [],
    absent: 'ConnectWise answers over the network.',
  },
  {
    id: 'cw_maintenance',
    title: 'ConnectWise in maintenance or down',
    check: 'cw_reachable',
    matches: (c) => MAINTENANCE.test(c.detail),
    fix: EXPLANATIONS.cw_server_error?.fix ?? [],
    absent: 'ConnectWise is not reporting maintenance or server errors.',
  },
  {
    id: 'tds_credentials_refused',
    title: 'TD SYNNEX login refused (expired or wrong password)',
    check: 'tds_credentials',
    fix: EXPLANATIONS.tds_auth_failed?.fix ?? [],
    absent: 'TD SYNNEX accepts the login.',
  },
  {
    id: 'tds_password_expiring',
    title: 'TD SYNNEX password about to expire',
    check: 'tds_credential_expiry',
    fix: EXPLANATIONS.tds_auth_failed?.fix ?? [],
    absent: 'The TD SYNNEX password is not close to its expiry date.',
  },
  {
    id: 'tds_ip_refused',
    title: "TD SYNNEX refuses this server's IP address",
    check: 'tds_ip',
    fix: EXPLANATIONS.tds_ip_refused?.fix ?? [],
    absent: "TD SYNNEX accepts this server's IP address.",
  },
  {
    id: 'tds_network',
    title: 'Network cannot reach TD SYNNEX',
    check: 'tds_reachable',
    matches: (c) => !MAINTENANCE.test(c.detail + (c.fix ?? '')),
    fix: EXPLANATIONS.tds_network?.fix ?? [],
    absent: 'TD SYNNEX answers over the network.',
  },
  {
    id: 'tds_maintenance',
    title: 'TD SYNNEX in maintenance or down',
    check: 'tds_reachable',
    matches: (c) => MAINTENANCE.test(c.detail + (c.fix ?? '')),
    fix: EXPLANATIONS.tds_server_error?.fix ?? [],
    absent: 'TD SYNNEX is not reporting maintenance or server errors.',
  },
];

const LIGHT: Record<Check['status'], FindingState> = { fail: 'red', warn: 'yellow', pass: 'green', skipped: 'gray' };

export const connectionDiagnostic: Diagnostic = {
  id: 'connection',
  category: 'connection',
  title: 'API connection failed',
  async detect(ctx) {
    const result = await ctx.liveChecks();
    return SPECS.map((spec): Finding => {
      const base = {
        id: spec.id,
        category: 'connection' as const,
        title: spec.title,
        verify: { kind: 'recheck' as const, label: 'Test the connection again' },
      };
      const found = result.checks.find((c) => c.id === spec.check);
      const connected = result.checks.find((c) => c.id === `${spec.check.split('_')[0]}_connected`);
      if (connected && connected.status === 'fail')
        return finding(base, 'gray', connected.detail, [connected.fix ?? '']);
      if (!found) return finding(base, 'gray', 'This check did not run.');
      const relevant = spec.matches ? found.status !== 'fail' || spec.matches(found) : true;
      if (!relevant) return finding(base, 'green', spec.absent);
      const state = LIGHT[found.status];
      if (state === 'green') return finding(base, 'green', spec.absent);
      if (state === 'gray') {
        // Expiry "skipped" means no date is recorded: worth a word, not a colour.
        return finding(base, 'gray', found.detail, found.fix ? [found.fix] : []);
      }
      return finding(base, state, found.detail, [...(found.fix ? [found.fix] : []), ...spec.fix]);
    });
  },
};
