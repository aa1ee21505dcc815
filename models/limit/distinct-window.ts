// The moving-window distinct-recipient count behind every messaging limit. A user counted at
// time c stays counted while now < c + window. Per user we keep only the time they were last
// counted (a Float64Array indexed by user id); a FIFO ring of (user, time) entries, in time
// order because `now` never decreases, lets expiry run lazily in amortised O(1): an entry whose
// time no longer equals the user's counted-at time is stale (the user was re-counted later)
// and is skipped.

/** {@link DistinctWindow.admitCode} outcome: refused, the window is full. */
export const WINDOW_REFUSED = 0;
/** {@link DistinctWindow.admitCode} outcome: the user was not counted and now is. */
export const WINDOW_COUNTED_NEW = 1;
/** {@link DistinctWindow.admitCode} outcome: the user was already counted. */
export const WINDOW_ALREADY_COUNTED = 2;
export type WindowAdmitCode = typeof WINDOW_REFUSED | typeof WINDOW_COUNTED_NEW | typeof WINDOW_ALREADY_COUNTED;

/** Options of {@link DistinctWindow}. */
export interface DistinctWindowOptions {
  /**
   * A repeat admission of a counted user restarts their window. True for "unique users
   * delivered to in the moving 24 h" (current rules); false for 2022–2025 business-initiated
   * conversations, which last 24 h from their opening whatever is sent inside them.
   */
  refreshOnRepeat?: boolean;
  /** Initial number of user slots; the arrays grow on demand. */
  initialCapacity?: number;
}

const NEVER = -Infinity;

/**
 * Distinct users counted in a moving window of `windowMs`, with an optional cap.
 *
 * Times passed to one instance must be non-decreasing (the simulator's virtual clock).
 *
 * @example
 * ```ts
 * const w = new DistinctWindow(24 * 3_600_000);
 * w.admit(7, 0, 1);          // true: user 7 counted at t = 0
 * w.admit(8, 1_000, 1);      // false: limit 1 reached
 * w.admit(7, 2_000, 1);      // true: already counted
 * w.count(24 * 3_600_000);   // 0: user 7's window ended
 * ```
 */
export class DistinctWindow {
  readonly windowMs: number;
  readonly refreshOnRepeat: boolean;
  private countedAt: Float64Array;
  private ringUser: Int32Array;
  private ringTime: Float64Array;
  private head = 0;
  private size = 0;
  private live = 0;

  constructor(windowMs: number, opts: DistinctWindowOptions = {}) {
    if (!(windowMs > 0)) throw new RangeError(`window must be > 0 ms, got ${windowMs}`);
    this.windowMs = windowMs;
    this.refreshOnRepeat = opts.refreshOnRepeat ?? false;
    const cap = Math.max(16, opts.initialCapacity ?? 1024);
    this.countedAt = new Float64Array(cap).fill(NEVER);
    let ring = 16;
    while (ring < cap) ring *= 2;
    this.ringUser = new Int32Array(ring);
    this.ringTime = new Float64Array(ring);
  }

  /**
   * Admit `user` at `now` under `limit` (`null` = unlimited): already counted → true (their
   * window restarts when `refreshOnRepeat`); else counted if fewer than `limit` users are, → true;
   * else false.
   */
  admit(user: number, now: number, limit: number | null): boolean {
    return this.admitCode(user, now, limit) !== WINDOW_REFUSED;
  }

  /** {@link admit} telling apart a new count from a repeat: one of the `WINDOW_*` codes. */
  admitCode(user: number, now: number, limit: number | null): WindowAdmitCode {
    if (user >= this.countedAt.length) this.growUsers(user);
    // Fast path first: most calls have nothing to expire, and skipping the call matters here.
    if (this.size !== 0 && this.ringTime[this.head] <= now - this.windowMs) this.expire(now);
    const c = this.countedAt[user];
    if (now < c + this.windowMs) {
      if (this.refreshOnRepeat && c !== now) {
        this.countedAt[user] = now;
        this.push(user, now);
      }
      return WINDOW_ALREADY_COUNTED;
    }
    if (limit !== null && this.live >= limit) return WINDOW_REFUSED;
    this.countedAt[user] = now;
    this.live++;
    this.push(user, now);
    return WINDOW_COUNTED_NEW;
  }

  /** Count `user` at `now` with no cap; true when they were not counted before. */
  record(user: number, now: number): boolean {
    return this.admitCode(user, now, null) === WINDOW_COUNTED_NEW;
  }

  /** Whether `user` is counted at `now`. Does not expire anything, so `now` may be any time ≥ the last call's. */
  isCounted(user: number, now: number): boolean {
    return user < this.countedAt.length && now < this.countedAt[user] + this.windowMs;
  }

  /** Time at which `user` was last counted (their window may have ended since), or `-Infinity` if never. */
  countedSince(user: number): number {
    return user < this.countedAt.length ? this.countedAt[user] : NEVER;
  }

  /** Distinct users counted at `now`. */
  count(now: number): number {
    this.expire(now);
    return this.live;
  }

  /**
   * Time at which the count next drops (the oldest live user's window ends), or `null` when
   * nobody is counted. Lets a caller sleep until capacity frees instead of polling.
   */
  nextExpiryAt(now: number): number | null {
    this.expire(now);
    const mask = this.ringUser.length - 1;
    for (let i = 0; i < this.size; i++) {
      const j = (this.head + i) & mask;
      const t = this.ringTime[j];
      if (this.countedAt[this.ringUser[j]] === t) return t + this.windowMs;
    }
    return null;
  }

  private expire(now: number): void {
    const cutoff = now - this.windowMs;
    const users = this.ringUser;
    const times = this.ringTime;
    const counted = this.countedAt;
    const mask = users.length - 1;
    let head = this.head;
    let size = this.size;
    while (size > 0) {
      const t = times[head];
      if (t > cutoff) break;
      // Stale entries (the user was counted again later) are skipped. An expired user's
      // counted-at time is left as is: `now < c + window` already reads it as not counted,
      // and not writing back saves a cache miss per expiry.
      if (counted[users[head]] === t) this.live--;
      head = (head + 1) & mask;
      size--;
    }
    this.head = head;
    this.size = size;
  }

  private push(user: number, t: number): void {
    if (this.size === this.ringUser.length) this.growRing();
    const j = (this.head + this.size) & (this.ringUser.length - 1);
    this.ringUser[j] = user;
    this.ringTime[j] = t;
    this.size++;
  }

  private growRing(): void {
    // Ring capacity is a power of two so the index wraps with a mask instead of a modulo.
    // Unwrap into the new arrays with two block copies: at millions of entries a per-element
    // loop here shows up in the admission benchmark.
    const n = this.ringUser.length;
    const users = new Int32Array(n * 2);
    const times = new Float64Array(n * 2);
    const firstPart = Math.min(this.size, n - this.head);
    users.set(this.ringUser.subarray(this.head, this.head + firstPart), 0);
    times.set(this.ringTime.subarray(this.head, this.head + firstPart), 0);
    if (firstPart < this.size) {
      users.set(this.ringUser.subarray(0, this.size - firstPart), firstPart);
      times.set(this.ringTime.subarray(0, this.size - firstPart), firstPart);
    }
    this.ringUser = users;
    this.ringTime = times;
    this.head = 0;
  }

  private growUsers(user: number): void {
    if (!Number.isInteger(user) || user < 0 || user > 0x7fffffff) throw new RangeError(`user id must be an integer in [0, 2^31), got ${user}`);
    let n = this.countedAt.length;
    while (n <= user) n *= 2;
    const next = new Float64Array(n).fill(NEVER);
    next.set(this.countedAt);
    this.countedAt = next;
  }
}
