/**
 * Headings for sign-in refusals a ConnectWise member can do nothing about from the frame (the pod and the console
 * in a Tab show the same ones): each says what happened; the server's message says why and what to do next.
 */
export const DENIED_TITLES: Record<string, string> = {
  member_not_verified: 'ConnectWise did not confirm who you are',
  tenant_not_connected: 'This ConnectWise company is not connected',
  bridge_origin_not_allowed: 'Not opened from a ConnectWise screen tds-bridge knows',
  member_inactive: 'Your ConnectWise member is inactive',
  member_not_allowed: 'This ConnectWise member cannot use the pod',
  console_role_not_allowed: 'Your security role may not open the tds-bridge console',
};
