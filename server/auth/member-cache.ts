/**
 * Remembers, for a few minutes, member authentications ConnectWise has already confirmed, so reopening a
 * screen does not cost a ConnectWise round trip before the pod can show anything. Keyed by a hash of the
 * whole authentication (the member hash is a session secret, never kept as is).
 */
import type { VerifiedMember } from '../tenants/cw-clients.ts';

const TTL_MS = 5 * 60_000;
const MAX = 5_000;

export class MemberCache {
  readonly #entries = new Map<string, { member: VerifiedMember; until: number }>();

  async key(tenantId: string, auth: { companyid: string; memberid: string; memberHash: string }): Promise<string> {
    const text = `${tenantId}\n${auth.companyid.toLowerCase()}\n${auth.memberid.toLowerCase()}\n${auth.memberHash}`;
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return btoa(String.fromCharCode(...new Uint8Array(digest)));
  }

  get(key: string, now: number): VerifiedMember | undefined {
    const hit = this.#entries.get(key);
    if (!hit) return undefined;
    if (hit.until <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return hit.member;
  }

  set(key: string, member: VerifiedMember, now: number): void {
    if (this.#entries.size >= MAX) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(key, { member, until: now + TTL_MS });
  }
}
