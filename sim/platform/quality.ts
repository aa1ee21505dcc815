// Quality: the hourly re-rating of every number or portfolio (from blocks and reports) and of
// every template (from negative feedback and read rates). A scope's new rating opens or shuts
// its limit's scaling gate and is announced; a template's new rating goes to the template's
// status machine (a RED one is paused).
import { QualityMeter } from "../../models/quality/quality-meter.js";
import { TemplateQualityMeter } from "../../models/templates/lifecycle.js";
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
  private readonly scopeMeters: QualityMeter[];
  private readonly templateMeters: TemplateQualityMeter[];
  private readonly tickKind: number;
  private rooms!: Rooms;

  constructor(
    private readonly ctx: PlatformContext,
    scopes: number,
    templates: number,
  ) {
    const initial = ctx.cfg.business.quality;
    this.rating = Array.from({ length: scopes }, () => initial);
    this.scopeMeters = Array.from({ length: scopes }, () => new QualityMeter(ctx.rs, initial));
    this.templateMeters = Array.from({ length: templates }, () => new TemplateQualityMeter(ctx.rs));
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
  }

  recordRead(template: number, now: number): void {
    this.templateMeters[template].recordRead(now);
  }

  recordBlock(scope: number, template: number, now: number): void {
    this.scopeMeters[scope].recordBlock(now);
    this.templateMeters[template].recordBlock(now);
  }

  recordReport(scope: number, template: number, now: number): void {
    this.scopeMeters[scope].recordReport(now);
    this.templateMeters[template].recordReport(now);
  }

  private evaluate(now: number): void {
    const { ctx, rooms } = this;
    const scopeKind = ctx.rs.limit.scope === "portfolio" ? "portfolio" : "number";
    for (const s of rooms.limits.scopes) {
      const i = s.index;
      const r = this.scopeMeters[i].rating(now);
      if (r !== this.rating[i]) {
        const from = this.rating[i];
        this.rating[i] = r;
        ctx.rec.event(now, { type: "quality-changed", scope: scopeKind, from, to: r, ...(scopeKind === "number" ? { phone: ctx.cfg.business.phones[s.phones[0]].id } : {}) });
        ctx.listener.signal({ type: "quality-changed", from, to: r }, "scope", i, now);
        rooms.limits.setQuality(i, r, now);
        if (i === 0) ctx.sampleHeadline(now);
        ctx.listener.wake("scope", i, now);
      }
      rooms.throughput.checkUpgrade(i, now);
    }
    this.templateMeters.forEach((m, t) => rooms.templates.observeQuality(t, m.rating(now), now));
    const next = now + ctx.rs.quality.evaluateEvery;
    if (next < ctx.cfg.horizon) ctx.engine.schedule(next, this.tickKind, 0);
  }
}
