/**
 * Remembers a member's ConnectWise security role for a minute. A member who opens the console (standalone or in
 * its ConnectWise Tab) makes an admin API call every few seconds, and each call checks the role: without this,
 * each would be a ConnectWise request, spending the tenant's API budget the syncs need. A role changed or
 * revoked in ConnectWise takes effect within the minute. Per process: a miss is one more ConnectWise read.
 */
const TTL_MS = 60_000;
const MAX = 5_000;

export class MemberRoleCache {
  readonly #entries = new Map<string, { role: string | null; until: number }>();

  /** The role, `null` for a member without one, `undefined` when not known (or no longer fresh). */
  get(member: { tenantId: string; memberRecId: number }, now: number): string | null | undefined {
    const key = `${member.tenantId}\n${member.memberRecId}`;
    const hit = this.#entries.get(key);
    if (!hit) return undefined;
    if (hit.until > now) return hit.role;
    this.#entries.delete(key);
    return undefined;
  }

  set(member: { tenantId: string; memberRecId: number }, role: string | null, now: number): void {
    if (this.#entries.size >= MAX) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(`${member.tenantId}\n${member.memberRecId}`, { role, until: now + TTL_MS });
  }
}
