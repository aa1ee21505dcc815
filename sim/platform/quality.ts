// Quality: the hourly re-rating of every number or portfolio (from blocks and reports) and of
// every template (from negative feedback and read rates). A scope's new rating opens or shuts
// its limit's scaling gate and is announced; a template's new rating goes to the template's
// status machine (a RED one is paused). Where a portfolio holds several numbers, each number
// is rated too, from its own deliveries: Meta's 1,000 mps upgrade asks for the number's quality.
import { QualityMeter } from "../../models/quality/quality-meter.js";
import { TemplateQualityMeter } from "../../models/templates/quality.js";
import type { Quality } from "../../models/rules/types.js";
import type { PlatformContext, Rooms } from "./context.js";

/**
 * Meters and ratings of the scopes and templates, and the evaluation tick.
 *
 * @example
 * ```ts
 * const quality = new QualityRoom(ctx, scopes, templates, limits.scopeOfPhone);
 * quality.recordDelivered(phone, template, now);
 * quality.rating[scope];   // "GREEN" until the next evaluation says otherwise
 * ```
 */
export class QualityRoom {
  /** Rating in force per scope. */
  readonly rating: Quality[];
  /** A rating a test pinned per scope (the emulator's control plane), or `null`: the meter's. */
  private readonly pinned: (Quality | null)[];
  private readonly scopeMeters: QualityMeter[];
  /** Per phone number: its own meter and rating where its scope holds several numbers; `null` where the number is its scope. */
  private readonly phoneMeters: Array<QualityMeter | null>;
  private readonly phoneRatings: Quality[];
  private readonly templateMeters: TemplateQualityMeter[];
  /** Feedback on every template delivery of the portfolio, for portfolio pacing's checks. */
  private readonly portfolioMeter: TemplateQualityMeter;
  private readonly tickKind: number;
  /** Time of the pending evaluation tick, and of the last evaluation. */
  private tickAt = Infinity;
  private evaluatedAt = -Infinity;
  /**
   * Deliveries (and their reads) not yet added to the meters: a pump batch delivers thousands
   * of messages from one number, of one template, at one instant, and four meters counting
   * each of them cost a twentieth of a delivery. They are counted here and added in one step
   * (see settle) when the instant, number or template changes or anything reads a meter.
   */
  private pendingPhone = -1;
  private pendingTemplate = -1;
  private pendingAt = NaN;
  private pendingDelivered = 0;
  private pendingRead = 0;
  private rooms!: Rooms;

  constructor(
    private readonly ctx: PlatformContext,
    scopes: number,
    templates: number,
    private readonly scopeOfPhone: Int32Array,
  ) {
    const initial = ctx.cfg.business.quality;
    this.rating = Array.from({ length: scopes }, () => initial);
    this.pinned = Array.from({ length: scopes }, () => null);
    this.scopeMeters = Array.from({ length: scopes }, () => new QualityMeter(ctx.rs, initial));
    const phonesIn = new Int32Array(scopes);
    for (const sc of scopeOfPhone) phonesIn[sc]++;
    this.phoneMeters = Array.from(scopeOfPhone, (sc) => (phonesIn[sc] > 1 ? new QualityMeter(ctx.rs, initial) : null));
    this.phoneRatings = Array.from(scopeOfPhone, () => initial);
    this.templateMeters = Array.from({ length: templates }, () => new TemplateQualityMeter(ctx.rs));
    this.portfolioMeter = new TemplateQualityMeter(ctx.rs);
    this.tickKind = ctx.kinds.claim("quality.evaluate", (_, now) => this.tick(now));
  }

  link(rooms: Rooms): void {
    this.rooms = rooms;
  }

  /** Schedules the first evaluation. */
  start(): void {
    this.ctx.engine.schedule((this.tickAt = this.ctx.rs.quality.evaluateEvery), this.tickKind, 0);
  }

  /**
   * Runs the evaluation due at `now`, if one is and has not run yet: at one instant ratings are
   * evaluated before the limits' timers (a flag that ends at an evaluation reads its rating).
   */
  evaluateIfDue(now: number): void {
    if (this.tickAt === now && this.evaluatedAt !== now) this.evaluate(now);
  }

  /** Rating of phone number `phone`: its own where it shares its scope, else its scope's. */
  phoneRating(phone: number): Quality {
    return this.phoneMeters[phone] === null ? this.rating[this.scopeOfPhone[phone]] : this.phoneRatings[phone];
  }

  /** A message of `template` sent from `phone` is delivered at `now`. */
  recordDelivered(phone: number, template: number, now: number): void {
    if (phone !== this.pendingPhone || template !== this.pendingTemplate || now !== this.pendingAt) {
      this.settle();
      this.pendingPhone = phone;
      this.pendingTemplate = template;
      this.pendingAt = now;
    }
    this.pendingDelivered++;
  }

  /** A message of `template` delivered at `deliveredAt` is read. */
  recordRead(template: number, deliveredAt: number): void {
    if (template !== this.pendingTemplate || deliveredAt !== this.pendingAt) {
      this.settle();
      this.templateMeters[template].recordRead(deliveredAt);
      this.portfolioMeter.recordRead(deliveredAt);
      return;
    }
    this.pendingRead++;
  }

  /**
   * Adds what is pending to the meters. Every method that reads or changes a meter calls it
   * first, so that each meter sees the same counts, in the same order, as if fed one message
   * at a time: the counts are whole numbers, exact in a double whatever they are added in.
   */
  private settle(): void {
    const n = this.pendingDelivered;
    const at = this.pendingAt;
    if (n > 0) {
      const phone = this.pendingPhone;
      this.scopeMeters[this.scopeOfPhone[phone]].recordDelivered(at, n);
      this.phoneMeters[phone]?.recordDelivered(at, n);
      this.templateMeters[this.pendingTemplate].recordDelivered(at, n);
      this.portfolioMeter.recordDelivered(at, n);
      this.pendingDelivered = 0;
    }
    const r = this.pendingRead;
    if (r > 0) {
      this.templateMeters[this.pendingTemplate].recordRead(at, r);
      this.portfolioMeter.recordRead(at, r);
      this.pendingRead = 0;
    }
  }

  /**
   * A user blocks (and, if `report`, reports) at `now`, answering a message of `template` sent
   * from `phone` and delivered at `deliveredAt`: the number's rating counts it when it
   * arrives, the template's against the delivery it answers.
   */
  recordFeedback(phone: number, template: number, deliveredAt: number, now: number, report: boolean): void {
    this.settle();
    this.scopeMeters[this.scopeOfPhone[phone]].recordFeedback(now, report);
    this.phoneMeters[phone]?.recordFeedback(now, report);
    this.templateMeters[template].recordFeedback(deliveredAt, report);
    this.portfolioMeter.recordFeedback(deliveredAt, report);
  }

  /** A user who blocked earlier reports now. */
  upgradeToReport(phone: number, template: number, deliveredAt: number, now: number): void {
    this.settle();
    this.scopeMeters[this.scopeOfPhone[phone]].upgradeToReport(now);
    this.phoneMeters[phone]?.upgradeToReport(now);
    for (const m of [this.templateMeters[template], this.portfolioMeter]) {
      m.recordFeedback(deliveredAt, true);
      m.removeBlock(deliveredAt);
    }
  }

  /** The template starts afresh (unpaused, edited or replaced): deliveries before `now` no longer count. */
  resetTemplate(template: number, now: number): void {
    this.settle();
    this.templateMeters[template].reset(now);
  }

  /** Whether the feedback on `template`'s deliveries since `since` is bad: at least `badAt` on at least `minFeedback` deliveries. */
  templateFeedbackAtLeast(template: number, since: number, now: number, minFeedback: number, badAt: number): boolean {
    this.settle();
    return feedbackAtLeast(this.templateMeters[template], since, now, minFeedback, badAt);
  }

  /** The same, on every template delivery of the portfolio since `since`. */
  portfolioFeedbackAtLeast(since: number, now: number, minFeedback: number, badAt: number): boolean {
    this.settle();
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

  private tick(now: number): void {
    if (this.evaluatedAt !== now) this.evaluate(now);
    const next = now + this.ctx.rs.quality.evaluateEvery;
    this.tickAt = Infinity;
    if (next < this.ctx.cfg.horizon) this.ctx.engine.schedule((this.tickAt = next), this.tickKind, 0);
  }

  private evaluate(now: number): void {
    this.settle();
    this.evaluatedAt = now;
    const { ctx, rooms } = this;
    for (const s of rooms.limits.scopes) {
      const i = s.index;
      const r = this.pinned[i] ?? this.scopeMeters[i].rating(now);
      this.rate(i, r, now);
      rooms.enforcement.observeScope(i, r, this.scopeMeters[i].weighted(now).rate, now);
    }
    rooms.enforcement.evaluated(now);
    // Numbers sharing a portfolio are rated on their own deliveries (events only: the business
    // side paces on the portfolio's rating, which is what the limit follows).
    this.phoneMeters.forEach((m, p) => {
      if (m === null) return;
      const r = m.rating(now);
      if (r === this.phoneRatings[p]) return;
      ctx.rec.event(now, { type: "quality-changed", scope: "number", from: this.phoneRatings[p], to: r, phone: ctx.cfg.business.phones[p].id });
      this.phoneRatings[p] = r;
    });
    for (const s of rooms.limits.scopes) rooms.throughput.checkUpgrade(s.index, now);
    this.templateMeters.forEach((m, t) => rooms.templates.observeQuality(t, m.rating(now), now));
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
