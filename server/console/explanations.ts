/**
 * Plain-words explanations of the error codes a buyer meets in the Sync Activity Log and in diagnostics,
 * filed under the product manual's troubleshooting categories, each with the fix steps.
 */
export type IssueCategory = 'connection' | 'data_sync' | 'order_processing' | 'performance' | 'user_training';

export const CATEGORY_TITLES: Record<IssueCategory, string> = {
  connection: 'Connection/authentication problems',
  data_sync: 'Data sync issues',
  order_processing: 'Order processing failures',
  performance: 'Performance problems',
  user_training: 'User training needs',
};

export interface Explanation {
  title: string;
  category: IssueCategory;
  cause: string;
  fix: string[];
}

const CW_KEYS = [
  'In ConnectWise, open System → Members → API Members, pick the tds-bridge API member and check it is active.',
  'Create new API keys there if the old ones expired or were removed.',
  'Enter the public and private key under Setup → Connections → ConnectWise, with their expiry date.',
  'Press Verify to test the connection again.',
];
const TDS_LOGIN = [
  'Check the customer number, EC user name and password with your TD SYNNEX representative (passwords expire).',
  'Enter them under Setup → Connections → TD SYNNEX, with the password expiry date.',
  'Press Verify to test the connection again.',
];

export const EXPLANATIONS: Record<string, Explanation> = {
  cw_unauthorized: {
    title: 'ConnectWise refused the API keys',
    category: 'connection',
    cause: 'The API keys are expired, were regenerated, or belong to another company.',
    fix: CW_KEYS,
  },
  cw_forbidden: {
    title: 'The ConnectWise API member lacks a permission',
    category: 'connection',
    cause: "The API member's security role does not allow this screen or action.",
    fix: [
      "In ConnectWise, open the API member's security role (System → Security Roles).",
      'Allow the area named in the message (Procurement, Sales, System…).',
      'Press Verify to test the connection again.',
    ],
  },
  cw_network: {
    title: 'ConnectWise could not be reached',
    category: 'connection',
    cause: 'The network between tds-bridge and ConnectWise failed (DNS, firewall, or an outage).',
    fix: [
      'Check that the ConnectWise site opens in a browser.',
      'Check the API URL under Setup → Connections.',
      'Press Verify.',
    ],
  },
  cw_timeout: {
    title: 'ConnectWise did not answer in time',
    category: 'performance',
    cause: 'ConnectWise was slow or unreachable; tds-bridge retries on its own.',
    fix: ["Check ConnectWise's status page for maintenance.", 'Press Verify once ConnectWise answers normally.'],
  },
  cw_server_error: {
    title: 'ConnectWise reported an internal error',
    category: 'connection',
    cause: 'ConnectWise answered 5xx, usually during maintenance or an outage; tds-bridge retries on its own.',
    fix: ["Check ConnectWise's status page for maintenance.", 'Press Verify once it is over.'],
  },
  cw_rate_limited: {
    title: 'ConnectWise throttled tds-bridge',
    category: 'data_sync',
    cause: 'Too many API calls in a minute from this ConnectWise company (tds-bridge and other integrations together).',
    fix: [
      'Check which other integrations use the same ConnectWise company heavily.',
      'Schedule Product Sync off-peak (Setup → Schedules).',
      'tds-bridge waits and retries on its own; press Verify to check it is answered again.',
    ],
  },
  cw_invalid_object: {
    title: 'ConnectWise refused a record',
    category: 'data_sync',
    cause: "A field tds-bridge sent did not pass ConnectWise's validation (named in the message).",
    fix: [
      'Read the field named in the entry.',
      'Correct the record in ConnectWise or the setting in tds-bridge.',
      'Retry the operation.',
    ],
  },
  tds_auth_failed: {
    title: 'TD SYNNEX refused the login',
    category: 'connection',
    cause: 'The TD SYNNEX customer number, user name or password is wrong or has expired.',
    fix: TDS_LOGIN,
  },
  tds_not_authorized: {
    title: 'The TD SYNNEX account may not use this service',
    category: 'connection',
    cause: 'TD SYNNEX has not enabled XML ordering or price & availability for this account.',
    fix: ['Ask your TD SYNNEX representative to enable the XML services for the account.', 'Press Verify.'],
  },
  tds_ip_refused: {
    title: "TD SYNNEX refused this server's IP address",
    category: 'connection',
    cause: 'TD SYNNEX only accepts XML calls from registered IP addresses.',
    fix: ['Ask your TD SYNNEX representative to register the static IP tds-bridge calls from.', 'Press Verify.'],
  },
  tds_network: {
    title: 'TD SYNNEX could not be reached',
    category: 'connection',
    cause: 'The network between tds-bridge and TD SYNNEX failed.',
    fix: [
      'Check the TD SYNNEX XML URL under Setup → Connections.',
      "Check the server's outbound network.",
      'Press Verify.',
    ],
  },
  tds_timeout: {
    title: 'TD SYNNEX did not answer in time',
    category: 'performance',
    cause: 'TD SYNNEX was slow; tds-bridge retries on its own.',
    fix: ['Reduce the categories synced if Product Sync runs long.', 'Press Verify once TD SYNNEX answers normally.'],
  },
  tds_rate_limited: {
    title: 'TD SYNNEX throttled tds-bridge',
    category: 'data_sync',
    cause: 'TD SYNNEX limits calls per account; Product Sync or many price checks at once went over.',
    fix: [
      'Schedule Product Sync off-peak.',
      'For large catalogs, ask TD SYNNEX for a custom price file (Product Sync can read it).',
      'Press Verify.',
    ],
  },
  tds_server_error: {
    title: 'TD SYNNEX reported an internal error',
    category: 'connection',
    cause: 'TD SYNNEX answered 5xx (maintenance or outage); tds-bridge retries on its own.',
    fix: ['Wait for TD SYNNEX to recover; contact digitalbridge@tdsynnex.com if it persists.', 'Press Verify.'],
  },
  tds_business_error: {
    title: 'TD SYNNEX rejected the request',
    category: 'order_processing',
    cause: 'TD SYNNEX answered with a business error (named in the message).',
    fix: ["Read TD SYNNEX's reason in the entry.", 'Correct the order or SKU.', 'Retry the operation.'],
  },
  product_sync_cap_reached: {
    title: 'Product Sync reached its product limit',
    category: 'data_sync',
    cause: 'The selected categories hold more products than the cap (20,000 by default); the rest were not synced.',
    fix: [
      'Narrow the category selection (Setup → Product Sync categories), or',
      'ask TD SYNNEX for a custom price file for larger catalogs.',
      'Run Product Sync again.',
    ],
  },
  product_sync_nothing_in_scope: {
    title: 'Product Sync found no products',
    category: 'data_sync',
    cause: 'The category selection is too narrow (or names categories TD SYNNEX does not have).',
    fix: ['Widen the category selection under Setup → Product Sync categories.', 'Run Product Sync again.'],
  },
  product_sync_not_configured: {
    title: 'Product Sync has no settings',
    category: 'user_training',
    cause: 'Product Sync needs its categories and mapping before it can run.',
    fix: ['Open Setup → Template settings for Product Sync and save them.', 'Run Product Sync.'],
  },
  vendor_not_activated: {
    title: 'The TD SYNNEX vendor is not set up in ConnectWise',
    category: 'user_training',
    cause: 'Activation has not created the TD SYNNEX vendor company in ConnectWise yet.',
    fix: ['Open Setup → Activation, preview and apply.', 'Run the template again.'],
  },
  catalog_item_rejected: {
    title: 'ConnectWise refused a catalog item',
    category: 'data_sync',
    cause: "A product failed ConnectWise's validation (for example a missing category or unit of measure mapping).",
    fix: ['Read the field named in the entry.', 'Fix the mapping in Product Sync settings.', 'Run Product Sync again.'],
  },
  run_failed: {
    title: 'The run failed',
    category: 'data_sync',
    cause: 'The run stopped on an error it could not retry past.',
    fix: ["Open the run's entries for the first error.", 'Fix it, then run the template again.'],
  },
};

export function explain(code: string): Explanation | null {
  return EXPLANATIONS[code] ?? null;
}
