// Pair rate (reference §6.3): per (business number, user), 1 message per 6 s with bursts of 45
// that borrow from future quota — a token bucket of capacity `burst` refilled one token per
// `interval`. Exceeding it gives 131056. GCRA per user in a Float64Array: O(1), no objects.
/**
 * Per-user token buckets of one business number.
 *
 * @example
 * ```ts
 * const p = new PairRate(rs.pairRate.burst, rs.pairRate.interval); // 45, one per 6 s
 * for (let i = 0; i < 45; i++) p.tryAcquire(9, 0); // all true
 * p.canAcquire(9, 0);                  // false (takes nothing)
 * p.tryAcquire(9, 0);                  // false
 * p.nextFreeAt(9, 0);                  // 6_000
 * ```
 */
export class PairRate {
  private readonly interval: number;
  private readonly tolerance: number;
  private tat: Float64Array;

  /** `burst` sends at once, then one per `interval` ms (`rs.pairRate.burst`, `rs.pairRate.interval`). */
  constructor(burst: number, interval: number, initialCapacity = 1024) {
    if (!(burst >= 1) || !(interval > 0)) throw new RangeError(`pair rate needs burst ≥ 1 and interval > 0, got ${burst}, ${interval}`);
    this.interval = interval;
    this.tolerance = (burst - 1) * interval;
    this.tat = new Float64Array(Math.max(16, initialCapacity)).fill(-Infinity);
  }

  /** Whether {@link tryAcquire} would succeed for `user` at `now` (takes nothing). */
  canAcquire(user: number, now: number): boolean {
    if (user >= this.tat.length) return true;
    const prev = this.tat[user];
    return (prev > now ? prev : now) - now <= this.tolerance;
  }

  /** Take one send to `user` at `now` if their bucket has a token. */
  tryAcquire(user: number, now: number): boolean {
    if (user >= this.tat.length) this.grow(user);
    const prev = this.tat[user];
    const tat = prev > now ? prev : now;
    if (tat - now > this.tolerance) return false;
    this.tat[user] = tat + this.interval;
    return true;
  }

  /** Earliest time ≥ `now` at which a send to `user` passes. */
  nextFreeAt(user: number, now: number): number {
    if (user >= this.tat.length) return now;
    const t = this.tat[user] - this.tolerance;
    return t > now ? t : now;
  }

  private grow(user: number): void {
    if (!Number.isInteger(user) || user < 0) throw new RangeError(`user id must be a non-negative integer, got ${user}`);
    let n = this.tat.length;
    while (n <= user) n *= 2;
    const next = new Float64Array(n).fill(-Infinity);
    next.set(this.tat);
    this.tat = next;
  }
}
