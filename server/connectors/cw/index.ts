/** ConnectWise PSA connector: typed REST client, conditions helpers, member verification, callback signatures. */
export * from './callbacks.ts';
export * from './client.ts';
export * from './conditions.ts';
export * from './errors.ts';
export { parseLinkHeader } from './link.ts';
export type { CwCookieForm, CwMemberAuth, CwVerifiedMember } from './member.ts';
export * from './schemas.ts';
