/**
 * ConnectWise throttles by capacity: beyond it, 429 with `Retry-After` (seconds). A token bucket of
 * `perMinute` tokens refilling continuously; 0 turns it off. Real time, not the sim clock: throttling is
 * about the caller's actual request rate.
 */
export class TokenBucket {
  #tokens: number;
  #last: number;

  constructor(
    private perMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#tokens = perMinute;
    this.#last = now();
  }

  get capacity(): number {
    return this.perMinute;
  }

  configure(perMinute: number): void {
    this.perMinute = perMinute;
    this.#tokens = perMinute;
    this.#last = this.now();
  }

  /** Takes a token; returns 0 when allowed, otherwise the seconds to wait (≥ 1). */
  take(): number {
    if (this.perMinute <= 0) return 0;
    const now = this.now();
    const perMs = this.perMinute / 60_000;
    this.#tokens = Math.min(this.perMinute, this.#tokens + (now - this.#last) * perMs);
    this.#last = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - this.#tokens) / perMs / 1000));
  }
}
