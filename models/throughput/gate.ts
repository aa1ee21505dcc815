// Per-number throughput (reference §6.2): at most `mps` messages per second, refused with
// 130429 beyond. Modelled as a token bucket of capacity `mps` refilled at `mps` per second,
// implemented as GCRA (one "theoretical arrival time" instead of a token count), which is
// exact in integer-millisecond arithmetic whenever 1000 / mps is.

/**
 * Token bucket with capacity `mps` and refill `mps`/s: a full bucket lets `mps` sends through
 * at one instant, then one every 1000 / mps ms. Over any interval of length T at most
 * mps + T·mps/1 s sends pass, so the long-run rate is `mps`; a strict sliding one-second window
 * would also forbid a full burst right after a steady second, which Meta does not describe.
 *
 * @example
 * ```ts
 * const g = new ThroughputGate(80);
 * for (let i = 0; i < 80; i++) g.tryAcquire(0); // all true
 * g.canAcquire(0);       // false (takes nothing)
 * g.tryAcquire(0);       // false
 * g.nextFreeAt(0);       // 12.5
 * ```
 */
export class ThroughputGate {
  private interval: number;
  private tolerance: number;
  private tat = -Infinity;
  private last = -Infinity;

  constructor(mps: number) {
    if (!(mps > 0)) throw new RangeError(`mps must be > 0, got ${mps}`);
    this.interval = 1000 / mps;
    this.tolerance = (mps - 1) * this.interval;
  }

  get mps(): number {
    return 1000 / this.interval;
  }

  /** Whether {@link tryAcquire} would succeed at `now` (takes nothing). */
  canAcquire(now: number): boolean {
    return (this.tat > now ? this.tat : now) - now <= this.tolerance;
  }

  /** Take one send slot at `now` if the bucket has a token. */
  tryAcquire(now: number): boolean {
    this.last = now;
    const tat = this.tat > now ? this.tat : now;
    if (tat - now > this.tolerance) return false;
    this.tat = tat + this.interval;
    return true;
  }

  /** Earliest time ≥ `now` at which {@link tryAcquire} succeeds. */
  nextFreeAt(now: number): number {
    const t = this.tat - this.tolerance;
    return t > now ? t : now;
  }

  /**
   * Change the rate (e.g. the automatic upgrade to 1,000 mps). The tokens owed at the last call
   * are kept as a count of sends and re-expressed at the new rate.
   */
  setMps(mps: number): void {
    if (!(mps > 0)) throw new RangeError(`mps must be > 0, got ${mps}`);
    const next = 1000 / mps;
    if (this.tat > this.last) this.tat = this.last + ((this.tat - this.last) / this.interval) * next;
    this.interval = next;
    this.tolerance = (mps - 1) * next;
  }
}
