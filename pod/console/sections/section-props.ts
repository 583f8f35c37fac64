/** What the console shell gives every section. */
export interface TenantSummary {
  id: string;
  name: string;
  timeZone: string;
}

export interface Me {
  kind: 'admin_token' | 'operator_session' | 'member_session';
  actor: string;
}

export interface SectionProps {
  /** The tenant picked in the header (every section is per tenant). */
  tenant: TenantSummary;
  me: Me;
  /** Open another section, optionally with its own query (e.g. the activity log filtered on a run). */
  go: (section: string, params?: Record<string, string>) => void;
  /** The query of the current location (`#activity?run=12` → { run: '12' }). */
  params: Record<string, string>;
}
