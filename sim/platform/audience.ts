// The audience: who exists and when they talk first. Users opt in at the start and then
// hourly (Poisson growth); unsolicited inbound messages open customer-service windows. Each
// user's segment, market and deliverability are fixed at opt-in by keyed draws, so the same
// user has the same traits in every scenario compared under one seed.
import { HOUR, DAY } from "../../models/duration.js";
import { exponential, poisson, streamFor, type Xoshiro128ss } from "../engine/index.js";
import type { PlatformContext } from "./context.js";
import { Population } from "./population.js";

/**
 * Population growth, inbound messages and customer-service windows.
 *
 * @example
 * ```ts
 * const audience = new Audience(ctx);
 * audience.start();                 // opted-in users, then hourly growth and inbound events
 * audience.openWindow(user, now);   // the user wrote: templates to them are free of the limit for 24 h
 * ```
 */
export class Audience {
  readonly pop: Population;
  private readonly segCumulative: Float64Array;
  private readonly marketCumulative: Float64Array;
  private readonly segInbound: Float64Array;
  private readonly maxInbound: number;
  private readonly traits = new Float64Array(3);
  private readonly growth: Xoshiro128ss;
  private readonly inboundRng: Xoshiro128ss;
  private readonly growthKind: number;
  private readonly inboundKind: number;

  constructor(private readonly ctx: PlatformContext) {
    const a = ctx.cfg.audience;
    const expected = a.optedIn + Math.ceil(a.growthPerDay * (ctx.cfg.horizon / DAY) * 1.1) + 16;
    this.pop = new Population(expected);
    this.growth = streamFor(ctx.seed, "growth", ctx.antithetic);
    this.inboundRng = streamFor(ctx.seed, "inbound", ctx.antithetic);
    this.segCumulative = cumulative(a.segments.map((s) => s.share));
    this.marketCumulative = cumulative(a.markets.map((m) => m.share));
    this.segInbound = Float64Array.from(a.segments, (s) => s.inboundPerDay);
    this.maxInbound = Math.max(0, ...a.segments.map((s) => s.inboundPerDay));
    this.growthKind = ctx.kinds.claim("audience.growth", (_, now) => this.grow(now));
    this.inboundKind = ctx.kinds.claim("audience.inbound", (_, now) => this.inbound(now));
  }

  /** Adds the opted-in users and schedules growth and inbound messages. */
  start(): void {
    for (let i = 0; i < this.ctx.cfg.audience.optedIn; i++) this.addUser();
    if (this.ctx.cfg.audience.growthPerDay > 0) this.ctx.engine.schedule(HOUR, this.growthKind, 0);
    this.scheduleInbound(0);
  }

  /** A message from `user` at `now`: their customer-service window runs 24 h from it. */
  openWindow(user: number, now: number): void {
    this.pop.cswUntil[user] = now + this.ctx.rs.windows.csw;
  }

  /**
   * A user joins the audience now (the emulator's recipients beyond the scenario's list): their
   * traits come from the same keyed draws as everyone's. Returns their id.
   */
  join(): number {
    return this.addUser();
  }

  private addUser(): number {
    const u = this.pop.size;
    this.ctx.draws.traits(u, this.traits);
    const seg = pick(this.segCumulative, this.traits[0]);
    const market = pick(this.marketCumulative, this.traits[1]);
    return this.pop.add(seg, market, this.traits[2] < this.ctx.cfg.audience.undeliverable);
  }

  private grow(now: number): void {
    const n = poisson(this.growth, this.ctx.cfg.audience.growthPerDay / 24);
    for (let i = 0; i < n; i++) this.addUser();
    if (now + HOUR < this.ctx.cfg.horizon) this.ctx.engine.schedule(now + HOUR, this.growthKind, 0);
  }

  private scheduleInbound(now: number): void {
    // Thinning: the next candidate comes at the population's peak rate; each is accepted
    // with its segment's share of that rate.
    const rate = (this.pop.size * this.maxInbound) / DAY;
    if (rate <= 0) return;
    const at = now + Math.max(1, Math.round(exponential(this.inboundRng, 1 / rate)));
    if (at < this.ctx.cfg.horizon) this.ctx.engine.schedule(at, this.inboundKind, 0);
  }

  private inbound(now: number): void {
    const pop = this.pop;
    const u = Math.min(pop.size - 1, Math.floor(this.inboundRng.nextFloat() * pop.size));
    if (this.inboundRng.nextFloat() * this.maxInbound < this.segInbound[pop.segment[u]]) {
      this.openWindow(u, now);
      this.ctx.listener.userMessage?.(u, "inbound", now);
      this.ctx.tap?.inbound(u, now);
    }
    this.scheduleInbound(now);
  }
}

function cumulative(shares: number[]): Float64Array {
  const out = new Float64Array(shares.length);
  let acc = 0;
  shares.forEach((s, i) => (out[i] = acc += s));
  out[out.length - 1] = Infinity;
  return out;
}

function pick(cum: Float64Array, u: number): number {
  let i = 0;
  while (u >= cum[i]) i++;
  return i;
}
