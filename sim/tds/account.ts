/**
 * The demo TD SYNNEX account and the wording of its errors. Error texts marked [I] in README.md are our
 * best guess: the real strings for a bad login are not published.
 */
export const DEMO_CREDENTIALS = {
  customerNo: '100001',
  user: 'demo@tds-bridge.test',
  password: 'demo-password',
} as const;

export const DEMO_OAUTH = { clientId: 'tds-bridge-demo', clientSecret: 'demo-client-secret' } as const;

/** Warehouse whose stock the REST catalogue reports as `quantityAvailableLocal` for the demo account. */
export const HOME_WAREHOUSE = 6;

export const AUTH_FAILED = {
  errorMessage: 'Authentication Failed',
  errorDetail: 'Invalid customer number, user name or password. Check the TD SYNNEX EC login used for XML services.',
};

/** Details the business_error fault uses for the known TD SYNNEX error texts (reference §3.4). */
export const BUSINESS_ERROR_DETAIL: Record<string, string> = {
  'IP Address Invalid': 'The request came from an IP address that is not registered for XML access on this account.',
  PO_TIMEOUT: 'The order system did not answer in time. The PO may or may not have been created; query its status.',
  ServerError: 'An internal error occurred while processing the request.',
  IncompleteXML01: 'The XML document is incomplete or could not be parsed.',
  DatabaseIssue: 'A database error occurred while processing the request.',
  'Internal API Fault': 'An internal API fault occurred.',
};

export function credentialsMatch(customerNo: string, user: string, password: string): boolean {
  return (
    customerNo === DEMO_CREDENTIALS.customerNo &&
    user.toLowerCase() === DEMO_CREDENTIALS.user &&
    password === DEMO_CREDENTIALS.password
  );
}

/**
 * The demo account's price-file FTP login. TD SYNNEX gives each eligible customer its own FTP login, separate
 * from the EC login (td-synnex.md §6); this one is the simulator's.
 */
export const DEMO_FTP = { user: 'u100001', password: 'demo-ftp-password' } as const;
