// Throughput: each phone number's messages-per-second gate, the (number, user) pair rate, and
// the automatic upgrade to high throughput (1,000 mps) once the scope is unlimited with enough
// unique users and good quality.
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
    this.upKind = ctx.kinds.claim("throughput.upgrade", (ph, now) => this.up(ph, now));
  }

  link(rooms: Rooms): void {
    this.rooms = rooms;
  }

  /** Schedules the upgrade of the scope's numbers when the scope has just become eligible. */
  checkUpgrade(scope: number, now: number): void {
    const { rs, cfg, engine } = this.ctx;
    const up = rs.throughput.upgrade;
    const s = this.rooms.limits.scopes[scope];
    if (!up.enabled || s.limit.limit !== null || !up.minQuality.includes(this.rooms.quality.rating[scope])) return;
    if (s.limit.count(now) < up.minUnique24h) return;
    for (const i of s.phones) {
      const ph = this.phones[i];
      if (ph.coexistence || ph.mps >= rs.throughput.highMps || ph.upgradeAt !== Infinity) continue;
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
