// Throughput: each phone number's messages-per-second gate, the (number, user) pair rate, and
// the automatic upgrade to high throughput (1,000 mps), decided per number as Meta words it
// [S12]: the scope is unlimited, this number delivered to enough unique users outside the CSW
// in a moving 24 h, and this number's quality is good enough.
import { DistinctWindow } from "../../models/limit/distinct-window.js";
import { PairRate, ThroughputGate } from "../../models/throughput/index.js";
import type { PlatformContext, Rooms } from "./context.js";

export interface Phone {
  id: string;
  scope: number;
  gate: ThroughputGate;
  pair: PairRate;
  mps: number;
  coexistence: boolean;
  /** When the pending throughput upgrade happens (Infinity = none pending). */
  upgradeAt: number;
}

/**
 * The phone numbers of a run, their rate limits and throughput upgrades.
 *
 * @example
 * ```ts
 * const tp = new Throughput(ctx, limits.scopeOfPhone, capacity);
 * tp.phones[0].gate.tryAcquire(now);    // false when the number's mps is used up this second
 * ```
 */
export class Throughput {
  readonly phones: Phone[];
  /**
   * Per phone number sharing its scope with others: the unique users it delivered to outside
   * the CSW in the moving window (a number alone in its scope reads its scope's count).
   */
  private readonly unique: Array<DistinctWindow | null>;
  private readonly upKind: number;
  private rooms!: Rooms;

  constructor(
    private readonly ctx: PlatformContext,
    scopeOfPhone: Int32Array,
    capacity: number,
  ) {
    const { rs } = ctx;
    this.phones = ctx.cfg.business.phones.map((ph, i) => {
      const mps = ph.mps ?? (ph.coexistence ? rs.throughput.coexistenceMps : rs.throughput.mps);
      return { id: ph.id, scope: scopeOfPhone[i], gate: new ThroughputGate(mps), pair: new PairRate(rs.pairRate.burst, rs.pairRate.interval, capacity), mps, coexistence: ph.coexistence, upgradeAt: Infinity };
    });
    const phonesIn = new Int32Array(scopeOfPhone.length);
    for (const sc of scopeOfPhone) phonesIn[sc]++;
    this.unique = Array.from(scopeOfPhone, (sc) => (phonesIn[sc] > 1 ? new DistinctWindow(rs.limit.window, { refreshOnRepeat: true, initialCapacity: capacity }) : null));
    this.upKind = ctx.kinds.claim("throughput.upgrade", (ph, now) => this.up(ph, now));
  }

  /** A template from `phone` was delivered to `user` outside the CSW at `now`. */
  delivered(phone: number, user: number, now: number): void {
    this.unique[phone]?.admitCode(user, now, null);
  }

  link(rooms: Rooms): void {
    this.rooms = rooms;
  }

  /** Schedules the upgrade of each of the scope's numbers that has just become eligible. */
  checkUpgrade(scope: number, now: number): void {
    const { rs, cfg, engine } = this.ctx;
    const up = rs.throughput.upgrade;
    const s = this.rooms.limits.scopes[scope];
    if (!up.enabled || s.limit.limit !== null) return;
    for (const i of s.phones) {
      const ph = this.phones[i];
      if (ph.coexistence || ph.mps >= rs.throughput.highMps || ph.upgradeAt !== Infinity) continue;
      if (!up.minQuality.includes(this.rooms.quality.phoneRating(i))) continue;
      const unique = this.unique[i];
      if ((unique === null ? s.limit.count(now) : unique.count(now)) < up.minUnique24h) continue;
      ph.upgradeAt = now + up.delay;
      if (ph.upgradeAt < cfg.horizon) engine.schedule(ph.upgradeAt, this.upKind, i);
    }
  }

  private up(i: number, now: number): void {
    const { ctx } = this;
    const ph = this.phones[i];
    const to = ctx.rs.throughput.highMps;
    ctx.rec.event(now, { type: "throughput-changed", phone: ph.id, from: ph.mps, to });
    ctx.listener.signal({ type: "throughput-changed", from: ph.mps, to }, "phone", i, now);
    ph.mps = to;
    ph.gate.setMps(to);
    ctx.listener.wake("phone", i, now);
  }
}
