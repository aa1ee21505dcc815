// The simulated WhatsApp side of a run, as one component with a room per feature: audience,
// send, limit, quality, templates, throughput, caps, pricing. A run drives it on the run's own
// engine (sim/run.ts); anything else — a test, the HTTP emulator — drives it from outside with
// `createPlatform`, on a virtual clock it advances itself.
import type { Limit, NumberStatus, Quality, TemplateStatus } from "../../models/rules/types.js";
import type { SimConfig } from "../config.js";
import { EventKinds, Simulation, streamFor } from "../engine/index.js";
import { Recorder } from "../recorder.js";
import type { RunEvent } from "../result.js";
import { Audience } from "./audience.js";
import { Caps } from "./caps.js";
import type { PlatformContext, Rooms } from "./context.js";
import { Draws } from "./draws.js";
import { Enforcement } from "./enforcement.js";
import { NO_LISTENER, type PlatformListener } from "./events.js";
import { BLOCKED, UNDELIVERABLE } from "./population.js";
import { Limits } from "./limit.js";
import { Pacing } from "./pacing.js";
import { Pricing } from "./pricing.js";
import { QualityRoom } from "./quality.js";
import { Send } from "./send.js";
import { CODE_REENGAGEMENT, CODE_UNDELIVERABLE, type AttemptInfo } from "../outcomes.js";
import { Templates } from "./templates.js";
import { Throughput } from "./throughput.js";
import type { WireTap } from "./tap.js";

export type { AttemptInfo } from "../outcomes.js";
export type { PlatformListener, PlatformSignal, PlatformTarget, UserMessageKind } from "./events.js";
export { NO_LISTENER } from "./events.js";
export type { TapMessage, WireTap } from "./tap.js";

/** What a platform runs on: the host's engine, event kinds and recorder, and its seed. */
export interface PlatformHost {
  seed: number;
  /** Draw every uniform as its complement: the antithetic twin of the run with `seed`. */
  antithetic?: boolean;
  engine: Simulation;
  kinds: EventKinds;
  rec: Recorder;
}

/**
 * The platform of one run: its rooms, wired together, on a host's engine.
 *
 * @example
 * ```ts
 * const platform = new Platform(config, host);
 * platform.listen(sender);   // the business side hears limit, quality, template and throughput changes
 * platform.start();          // users opt in; quality, verification and review timers start
 * platform.arm();            // limit timers
 * platform.attempt(user, template, phone, now);
 * platform.last.outcome;
 * ```
 */
export class Platform {
  readonly rooms: Rooms;
  private readonly ctx: PlatformContext;

  constructor(
    readonly cfg: SimConfig,
    host: PlatformHost,
  ) {
    const seed = host.seed;
    const antithetic = host.antithetic === true;
    const draws = new Draws(seed, antithetic);
    const ctx: PlatformContext = {
      cfg,
      rs: cfg.ruleSet,
      seed,
      antithetic,
      engine: host.engine,
      kinds: host.kinds,
      rec: host.rec,
      draws,
      listener: NO_LISTENER,
      tap: null,
      rooms: undefined as unknown as Rooms,
      uniformFor: (purpose) => {
        const s = streamFor(seed, purpose, antithetic);
        return () => s.nextFloat();
      },
      sampleHeadline: (now) => host.rec.sampleState(now, this.headlineLimit, this.headlineQuality),
    };
    this.ctx = ctx;
    const audience = new Audience(ctx);
    const capacity = audience.pop.capacity;
    const limits = new Limits(ctx, capacity);
    const throughput = new Throughput(ctx, limits.scopeOfPhone, capacity);
    const templates = new Templates(ctx);
    const quality = new QualityRoom(ctx, limits.scopes.length, templates.list.length, limits.scopeOfPhone);
    const caps = new Caps(ctx, audience.pop);
    const pricing = new Pricing(ctx, audience.pop, templates.list);
    const pacing = new Pacing(ctx);
    const enforcement = new Enforcement(ctx, limits.scopes.length);
    const send = new Send(ctx);
    this.rooms = ctx.rooms = { audience, limits, quality, templates, throughput, caps, pricing, pacing, enforcement, send };
    for (const room of [limits, quality, templates, throughput, pacing, enforcement, send]) room.link(this.rooms);
  }

  /** Tells `listener` about every platform change from now on. */
  listen(listener: PlatformListener): void {
    this.ctx.listener = listener;
  }

  /** Tells `tap` each message's wire moments from now on (what `--webhooks` writes). */
  tapWire(tap: WireTap | null): void {
    this.ctx.tap = tap;
  }

  /** Opted-in users join; the quality tick, verification and template reviews are scheduled. */
  start(): void {
    const r = this.rooms;
    r.audience.start();
    this.ctx.sampleHeadline(0);
    r.quality.start();
    r.limits.startVerification();
    r.templates.start();
  }

  /** Schedules the limits' first timers (after the business side has scheduled its own start). */
  arm(): void {
    this.rooms.limits.arm();
  }

  /**
   * Attempts one send; the outcome is in {@link last} until the next attempt. A held message
   * is resolved later through the listener's `resolved`, with `tag`.
   */
  attempt(user: number, template: number, phone: number, now: number, tag = -1): void {
    this.rooms.send.attempt(user, template, phone, now, tag);
  }

  /**
   * Replays one message a business's webhooks show delivered, at `now` (a backtest): it counts
   * toward the limit and feeds quality whatever the model would have decided; `read` is what
   * the log says. Returns the code the model would have refused it with, or 0 — also when a
   * limit change falls due by `until` (the end of the logged second). Runs never call it.
   *
   * @example
   * ```ts
   * const p = createPlatform(config);
   * p.advanceTo(at);
   * p.platform.replayDelivered(user, 0, 0, at, true); // 0: the model would have sent it too
   * ```
   */
  replayDelivered(user: number, template: number, phone: number, now: number, read: boolean, until = now, released = false): number {
    return this.rooms.send.replayDelivered(user, template, phone, now, read, until, released);
  }

  /**
   * Replay: when the pacing assessment of `template` under way is judged, if before `until`,
   * else −1 (see PacingRoom.replayReleaseDue). Runs never call it.
   */
  replayReleaseDue(template: number, until: number): number {
    return this.rooms.pacing.replayReleaseDue(template, until);
  }

  /**
   * When, within the logged second starting at `second` (ms), the next replayed message from
   * `phone` went out: the number's throughput gate lets a burst through at once and paces the
   * rest, so the moment is the gate's next free slot, kept inside that second (a log's whole
   * seconds say no more). Runs never call it.
   *
   * @example
   * ```ts
   * const at = platform.replaySlot(0, 15 * HOUR); // 15 h exactly while the burst lasts, then 12.5 ms apart at 80 mps
   * ```
   */
  replaySlot(phone: number, second: number): number {
    return Math.min(second + 999, Math.max(second, Math.ceil(this.rooms.throughput.phones[phone].gate.nextFreeAt(second))));
  }

  /** At the horizon: messages still held are in flight. */
  finish(): void {
    this.rooms.pacing.finish();
  }

  /** The business edits a paused or rejected template (it goes back to review). */
  editTemplate(template: number, now: number): void {
    this.rooms.templates.edit(template, now);
  }

  /** The business submits a replacement for a disabled template. */
  replaceTemplate(template: number, now: number): void {
    this.rooms.templates.replace(template, now);
  }

  /** Whether a review after bad portfolio-pacing feedback blocks template sends at `now`. */
  portfolioInReview(now: number): boolean {
    return this.rooms.pacing.portfolioInReview(now);
  }

  /** Current name of `template` (replacements are `<name>_v2`…). */
  templateName(template: number): string {
    return this.rooms.templates.list[template].name;
  }

  get last(): AttemptInfo {
    return this.rooms.send.last;
  }

  /** Limit reported in the summary: the portfolio's, or the first number's under per-number rules. */
  get headlineLimit(): Limit {
    return this.rooms.limits.headline;
  }

  get headlineQuality(): Quality {
    return this.rooms.quality.rating[0];
  }

  /** Index of the limit scope `phone` sends under. */
  scopeOf(phone: number): number {
    return this.rooms.limits.scopeOfPhone[phone];
  }

  /** Limit in force for `phone`'s scope (`null` = unlimited). */
  limitOf(phone: number): Limit {
    return this.rooms.limits.scopes[this.scopeOf(phone)].limit.limit;
  }

  /** Distinct users counted toward `phone`'s scope in the moving window at `now`, plus places held messages reserve. */
  countedOf(phone: number, now: number): number {
    return this.rooms.limits.countedOrReserved(this.scopeOf(phone), now);
  }

  /**
   * Whether `phone`'s scope is held at its limit by the legacy Flagged status at `now`: Flagged,
   * with usage that would otherwise scale it (a stall at the limit is then `number-flagged`).
   */
  limitHeldByFlag(phone: number, now: number): boolean {
    return this.rooms.limits.scopes[this.scopeOf(phone)].limit.flagHoldsUpgrade(now);
  }

  /** End of the enforcement block in force at `now` (`Infinity` once locked), or `null` if none is. */
  enforcementBlockEnds(now: number): number | null {
    const e = this.rooms.enforcement;
    return e.blocked(now) ? e.blockEnds : null;
  }

  /** When capacity next frees in `phone`'s scope (`null` if nobody is counted). */
  nextCapacityAt(phone: number, now: number): number | null {
    return this.rooms.limits.scopes[this.scopeOf(phone)].limit.nextCapacityAt(now);
  }

  /** Quality rating of `phone`'s scope. */
  qualityOf(phone: number): Quality {
    return this.rooms.quality.rating[this.scopeOf(phone)];
  }

  /** Quality rating of phone number `phone` itself (its scope's when it is alone in it). */
  numberQualityOf(phone: number): Quality {
    return this.rooms.quality.phoneRating(phone);
  }

  templateStatus(template: number): TemplateStatus {
    return this.rooms.templates.list[template].state.status;
  }

  /** Throughput of `phone`, messages per second. */
  mpsOf(phone: number): number {
    return this.rooms.throughput.phones[phone].mps;
  }

  // What the HTTP emulator needs besides template sends: the audience, session messages, the
  // business's unpause, and the settings a test may force (a limit, a rating, a status).

  /** Users in the audience now (ids 0 … n − 1, in opt-in order). */
  get userCount(): number {
    return this.rooms.audience.pop.size;
  }

  /** A new user joins the audience now (traits from the same keyed draws as everyone's); returns their id. */
  addUser(): number {
    return this.rooms.audience.join();
  }

  /** Index of `user`'s segment in the configuration's `audience.segments`. */
  segmentOf(user: number): number {
    return this.rooms.audience.pop.segment[user];
  }

  /** Market code of `user` (as in the configuration's `audience.markets`). */
  marketOf(user: number): string {
    return this.cfg.audience.markets[this.rooms.audience.pop.market[user]].code;
  }

  /** Whether `user`'s customer-service window is open at `now`. */
  windowOpen(user: number, now: number): boolean {
    return this.rooms.audience.pop.cswUntil[user] > now;
  }

  /** `user` writes to the business at `now`: their customer-service window opens for 24 h. */
  userWrites(user: number, now: number): void {
    this.rooms.audience.openWindow(user, now);
  }

  /**
   * A free-form (non-template) message from `phone` to `user` at `now`: it takes the number's
   * throughput and the pair rate like any message, needs an open customer-service window and a
   * reachable user, and never counts toward the limit. Returns 0 when it may go out, else the
   * code it fails with (368 during a block of all messaging or the lock, 130429, 131056 refused
   * at once; 131047, 131026 at delivery).
   */
  session(user: number, phone: number, now: number): number {
    const rs = this.ctx.rs;
    if (this.rooms.enforcement.blocksAllMessaging(now)) return rs.enforcement.blockCode;
    const ph = this.rooms.throughput.phones[phone];
    if (!ph.gate.tryAcquire(now)) return rs.throughput.code;
    if (!ph.pair.tryAcquire(user, now)) return rs.pairRate.code;
    const pop = this.rooms.audience.pop;
    if (pop.has(user, UNDELIVERABLE) || pop.has(user, BLOCKED)) return CODE_UNDELIVERABLE;
    if (!(pop.cswUntil[user] > now)) return CODE_REENGAGEMENT;
    return 0;
  }

  /** Quality rating of `template`. */
  templateQuality(template: number): Quality {
    return this.rooms.templates.list[template].state.quality;
  }

  /** Legacy status of `phone`'s scope (always CONNECTED where the rule set has no Flagged period). */
  statusOf(phone: number): NumberStatus {
    return this.rooms.limits.scopes[this.scopeOf(phone)].limit.status;
  }

  /** Messages held for quality assessment right now. */
  get heldNow(): number {
    return this.rooms.pacing.heldNow;
  }

  /** The business unpauses a paused template at `now`; false when it is not paused. */
  unpauseTemplate(template: number, now: number): boolean {
    return this.rooms.templates.unpause(template, now);
  }

  /** A test sets `scope`'s limit at `now` (event reason `forced`); the rules go on from there. */
  forceLimit(scope: number, limit: Limit, now: number): void {
    this.rooms.limits.force(scope, limit, now);
  }

  /** A test pins `scope`'s quality rating from `now` until it pins `null` (the meter's rating again). */
  pinQuality(scope: number, rating: Quality | null, now: number): void {
    this.rooms.quality.pin(scope, rating, now);
  }

  /** A test moves `template` to `status` at `now` by the platform's own moves; false when none leads there. */
  forceTemplateStatus(template: number, status: TemplateStatus, now: number): boolean {
    return this.rooms.templates.force(template, status, now);
  }
}

/** Options of {@link createPlatform}. */
export interface CreatePlatformOptions {
  /** Seed of the platform's draws (default: the configuration's). */
  seed?: number;
  /** Hears every platform change (default: nobody). */
  listener?: PlatformListener;
}

/** A platform on its own virtual clock, driven from outside (see {@link createPlatform}). */
export interface StandalonePlatform {
  readonly platform: Platform;
  /** Virtual time, ms since the scenario start. */
  readonly now: number;
  /**
   * Runs every platform timer due before `t` (an upgrade, an unpause, a review…), then sets the
   * clock to `t`. Time never goes back.
   */
  advanceTo(t: number): void;
  /**
   * Advances to `t` and also runs the timers due at exactly `t` (a verification, an upgrade, a
   * quality tick), as a run runs them before a send scheduled after them: what a replay of
   * logged sends needs, where a send at `t` follows everything the platform had due then.
   */
  advanceThrough(t: number): void;
  /**
   * Advances to `at`, then attempts one template send; the returned info is valid until the
   * next send. A held message is resolved later through the listener, with `tag`.
   */
  send(at: number, user: number, template: number, phone?: number, tag?: number): AttemptInfo;
  /** Events so far (the run's event log: limit, quality, template and throughput changes). */
  readonly events: readonly RunEvent[];
  /** The recorder: message counts, failures by code, cost. */
  readonly recorder: Recorder;
  /** Time of the platform's next timer (a delivery, reply, review, quality tick…), or Infinity. */
  nextEventAt(): number;
}

/**
 * The platform as a component, on a virtual clock of its own, with no campaign: users are the
 * scenario's audience (ids 0, 1, … in opt-in order), and every send is the caller's.
 *
 * @example
 * ```ts
 * // Meta's 2-day worked example: 500 distinct users at 15:00 on day 1 → 10K at 15:00 on day 2.
 * const p = createPlatform(config);
 * for (let u = 0; u < 500; u++) p.send(15 * HOUR, u, 0);
 * p.advanceTo(40 * HOUR);
 * p.events.find((e) => e.type === "limit-changed"); // { at: "…T15:00:00.000Z" (day 2), from: 1000, to: 10000, … }
 * ```
 */
export function createPlatform(config: SimConfig, options: CreatePlatformOptions = {}): StandalonePlatform {
  const engine = new Simulation();
  const kinds = new EventKinds(engine);
  const iso = (t: number): string => new Date(config.startEpoch + t).toISOString();
  const rec = new Recorder(config.dayStarts, config.dayLabels, config.horizon, iso);
  const platform = new Platform(config, { seed: options.seed ?? config.seed, engine, kinds, rec });
  if (options.listener) platform.listen(options.listener);
  platform.start();
  platform.arm();
  const advanceTo = (t: number): void => {
    if (!(t >= engine.now)) throw new RangeError(`cannot go back in time: now is ${engine.now}, asked for ${t}`);
    if (t > engine.now) engine.runUntil(t);
  };
  return {
    platform,
    get now() {
      return engine.now;
    },
    advanceTo,
    advanceThrough(t) {
      advanceTo(t);
      while (engine.nextTime() === t) engine.step();
    },
    send(at, user, template, phone = 0, tag = -1) {
      advanceTo(at);
      platform.attempt(user, template, phone, engine.now, tag);
      return platform.last;
    },
    events: rec.events,
    recorder: rec,
    nextEventAt: () => engine.nextTime(),
  };
}
