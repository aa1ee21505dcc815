// Quality: the hourly re-rating of every number or portfolio (from blocks and reports) and of
// every template (from negative feedback and read rates). A scope's new rating opens or shuts
// its limit's scaling gate and is announced; a template's new rating goes to the template's
// status machine (a RED one is paused).
import { QualityMeter } from "../../models/quality/quality-meter.js";
import { TemplateQualityMeter } from "../../models/templates/quality.js";
import type { Quality } from "../../models/rules/types.js";
import type { PlatformContext, Rooms } from "./context.js";

/**
 * Meters and ratings of the scopes and templates, and the evaluation tick.
 *
 * @example
 * ```ts
 * const quality = new QualityRoom(ctx, scopes, templates);
 * quality.recordDelivered(scope, template, now);
 * quality.rating[scope];   // "GREEN" until the next evaluation says otherwise
 * ```
 */
export class QualityRoom {
  /** Rating in force per scope. */
  readonly rating: Quality[];
  /** A rating a test pinned per scope (the emulator's control plane), or `null`: the meter's. */
  private readonly pinned: (Quality | null)[];
  private readonly scopeMeters: QualityMeter[];
  private readonly templateMeters: TemplateQualityMeter[];
  /** Feedback on every template delivery of the portfolio, for portfolio pacing's checks. */
  private readonly portfolioMeter: TemplateQualityMeter;
  private readonly tickKind: number;
  private rooms!: Rooms;

  constructor(
    private readonly ctx: PlatformContext,
    scopes: number,
    templates: number,
  ) {
    const initial = ctx.cfg.business.quality;
    this.rating = Array.from({ length: scopes }, () => initial);
    this.pinned = Array.from({ length: scopes }, () => null);
    this.scopeMeters = Array.from({ length: scopes }, () => new QualityMeter(ctx.rs, initial));
    this.templateMeters = Array.from({ length: templates }, () => new TemplateQualityMeter(ctx.rs));
    this.portfolioMeter = new TemplateQualityMeter(ctx.rs);
    this.tickKind = ctx.kinds.claim("quality.evaluate", (_, now) => this.evaluate(now));
  }

  link(rooms: Rooms): void {
    this.rooms = rooms;
  }

  /** Schedules the first evaluation. */
  start(): void {
    this.ctx.engine.schedule(this.ctx.rs.quality.evaluateEvery, this.tickKind, 0);
  }

  recordDelivered(scope: number, template: number, now: number): void {
    this.scopeMeters[scope].recordDelivered(now);
    this.templateMeters[template].recordDelivered(now);
    this.portfolioMeter.recordDelivered(now);
  }

  /** A message of `template` delivered at `deliveredAt` is read. */
  recordRead(template: number, deliveredAt: number): void {
    this.templateMeters[template].recordRead(deliveredAt);
    this.portfolioMeter.recordRead(deliveredAt);
  }

  /**
   * A user blocks (and, if `report`, reports) at `now`, answering a message of `template`
   * delivered at `deliveredAt`: the number's rating counts it when it arrives, the template's
   * against the delivery it answers.
   */
  recordFeedback(scope: number, template: number, deliveredAt: number, now: number, report: boolean): void {
    this.scopeMeters[scope].recordFeedback(now, report);
    this.templateMeters[template].recordFeedback(deliveredAt, report);
    this.portfolioMeter.recordFeedback(deliveredAt, report);
  }

  /** A user who blocked earlier reports now. */
  upgradeToReport(scope: number, template: number, deliveredAt: number, now: number): void {
    this.scopeMeters[scope].upgradeToReport(now);
    for (const m of [this.templateMeters[template], this.portfolioMeter]) {
      m.recordFeedback(deliveredAt, true);
      m.removeBlock(deliveredAt);
    }
  }

  /** The template starts afresh (unpaused, edited or replaced): deliveries before `now` no longer count. */
  resetTemplate(template: number, now: number): void {
    this.templateMeters[template].reset(now);
  }

  /** Whether the feedback on `template`'s deliveries since `since` is bad: at least `badAt` on at least `minFeedback` deliveries. */
  templateFeedbackAtLeast(template: number, since: number, now: number, minFeedback: number, badAt: number): boolean {
    return feedbackAtLeast(this.templateMeters[template], since, now, minFeedback, badAt);
  }

  /** The same, on every template delivery of the portfolio since `since`. */
  portfolioFeedbackAtLeast(since: number, now: number, minFeedback: number, badAt: number): boolean {
    return feedbackAtLeast(this.portfolioMeter, since, now, minFeedback, badAt);
  }

  /**
   * A test pins `scope`'s rating to `rating` from `now` (`null` hands it back to the meter at the
   * next evaluation): it changes at once, as an evaluation would change it, and stays.
   */
  pin(scope: number, rating: Quality | null, now: number): void {
    this.pinned[scope] = rating;
    if (rating !== null) this.rate(scope, rating, now);
  }

  private evaluate(now: number): void {
    const { ctx, rooms } = this;
    for (const s of rooms.limits.scopes) {
      const i = s.index;
      this.rate(i, this.pinned[i] ?? this.scopeMeters[i].rating(now), now);
      rooms.throughput.checkUpgrade(i, now);
    }
    this.templateMeters.forEach((m, t) => rooms.templates.observeQuality(t, m.rating(now), now));
    const next = now + ctx.rs.quality.evaluateEvery;
    if (next < ctx.cfg.horizon) ctx.engine.schedule(next, this.tickKind, 0);
  }

  /** Scope `i` is rated `r` at `now`: a change is recorded, announced and gates the limit. */
  private rate(i: number, r: Quality, now: number): void {
    if (r === this.rating[i]) return;
    const { ctx, rooms } = this;
    const scopeKind = ctx.rs.limit.scope === "portfolio" ? "portfolio" : "number";
    const from = this.rating[i];
    this.rating[i] = r;
    ctx.rec.event(now, { type: "quality-changed", scope: scopeKind, from, to: r, ...(scopeKind === "number" ? { phone: ctx.cfg.business.phones[rooms.limits.scopes[i].phones[0]].id } : {}) });
    ctx.listener.signal({ type: "quality-changed", from, to: r }, "scope", i, now);
    rooms.limits.setQuality(i, r, now);
    if (i === 0) ctx.sampleHeadline(now);
    ctx.listener.wake("scope", i, now);
  }
}

function feedbackAtLeast(m: TemplateQualityMeter, since: number, now: number, minFeedback: number, badAt: number): boolean {
  const c = m.counts(since, now);
  return c.delivered >= Math.max(1, minFeedback) && m.atLeast(c, badAt);
}
