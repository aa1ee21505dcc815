// Templates: review (approved or rejected after a drawn delay), resubmission of a rejected
// one, and the status machine of models/templates (pause 3 h, 6 h, then disabled) with its
// timers. Every status change is recorded and announced; a change that may let campaigns send
// again wakes them.
import type { PricingCategory } from "../../models/pricing.js";
import { pricingCategory } from "../../models/pricing.js";
import type { Quality, TemplateCategory } from "../../models/rules/types.js";
import { TemplateState, reviewDelay, type TemplateTransition } from "../../models/templates/lifecycle.js";
import type { SimTemplate } from "../config.js";
import { streamFor, type Xoshiro128ss } from "../engine/index.js";
import type { PlatformContext } from "./context.js";

export interface TemplateRuntime {
  cfg: SimTemplate;
  state: TemplateState;
  marketing: boolean;
  category: TemplateCategory;
  pricingCategory: PricingCategory;
  resubmits: number;
  /** Time of the pending status timer, to avoid duplicates. */
  dueAt: number;
}

/**
 * The templates of a run.
 *
 * @example
 * ```ts
 * const templates = new Templates(ctx);
 * templates.start();                       // schedules the review of PENDING templates
 * templates.list[0].state.sendCode(now);   // 0, 132015 (paused), 132016 (disabled)…
 * ```
 */
export class Templates {
  readonly list: TemplateRuntime[];
  private readonly reviewStreams = new Map<number, Xoshiro128ss>();
  private readonly dueKind: number;
  private readonly reviewKind: number;
  private readonly resubmitKind: number;

  constructor(private readonly ctx: PlatformContext) {
    this.list = ctx.cfg.templates.map((t) => ({
      cfg: t,
      state: new TemplateState(ctx.rs, t.status === "APPROVED" ? "APPROVED" : "PENDING"),
      marketing: t.category === "MARKETING",
      category: t.category,
      pricingCategory: pricingCategory(t.category),
      resubmits: 0,
      dueAt: Infinity,
    }));
    this.dueKind = ctx.kinds.claim("templates.due", (t, now) => this.due(t, now));
    this.reviewKind = ctx.kinds.claim("templates.review", (t, now) => this.review(t, now));
    this.resubmitKind = ctx.kinds.claim("templates.resubmit", (t, now) => this.resubmit(t, now));
  }

  /** Schedules the review of every template submitted for review. */
  start(): void {
    this.list.forEach((t, i) => {
      if (t.state.status === "PENDING") this.ctx.engine.schedule(Math.max(0, t.cfg.submittedAt) + this.reviewDelay(i), this.reviewKind, i);
    });
  }

  /** The template's meter rated it `q` at `now`. */
  observeQuality(i: number, q: Quality, now: number): void {
    const t = this.list[i];
    if (q !== t.state.quality) this.transitions(i, t.state.observeQuality(q, now), now);
  }

  private transitions(i: number, transitions: readonly TemplateTransition[], now: number): void {
    const { ctx } = this;
    const t = this.list[i];
    let statusMoved = false;
    for (const tr of transitions) {
      if (tr.kind === "status") {
        statusMoved = true;
        ctx.rec.event(tr.at, { type: "template-status-changed", template: t.cfg.name, from: tr.from, to: tr.to, reason: tr.reason });
        ctx.listener.signal({ type: "template-status-changed", template: t.cfg.name, from: tr.from, to: tr.to }, "template", i, now);
      } else {
        ctx.rec.event(tr.at, { type: "template-quality-changed", template: t.cfg.name, from: tr.from, to: tr.to });
      }
    }
    if (statusMoved) ctx.listener.wake("template", i, now);
    const due = t.state.nextDueAt();
    if (due !== null && due < ctx.cfg.horizon && due < t.dueAt) {
      t.dueAt = due;
      ctx.engine.schedule(due, this.dueKind, i);
    }
  }

  private due(i: number, now: number): void {
    const t = this.list[i];
    if (t.dueAt !== now) return;
    t.dueAt = Infinity;
    this.transitions(i, t.state.advance(now), now);
  }

  private review(i: number, now: number): void {
    const t = this.list[i];
    const approved = this.reviewUniform(i) >= t.cfg.review.rejectProbability;
    this.transitions(i, t.state.reviewed(approved, now), now);
    if (!approved && t.cfg.review.resubmitAfter !== null && t.resubmits < t.cfg.review.maxResubmits) {
      this.ctx.engine.schedule(now + t.cfg.review.resubmitAfter, this.resubmitKind, i);
    }
  }

  private resubmit(i: number, now: number): void {
    const t = this.list[i];
    t.resubmits++;
    this.transitions(i, t.state.resubmit(now), now);
    this.ctx.engine.schedule(now + this.reviewDelay(i), this.reviewKind, i);
  }

  /** Review time of a submission of template `i`, capped by the rule set. */
  private reviewDelay(i: number): number {
    const r = this.list[i].cfg.review;
    return reviewDelay(r.median, r.p95, this.ctx.rs.templates.reviewMax, this.reviewUniform(i));
  }

  /** Review draws: one stream per template name, so adding a template shifts no other. */
  private reviewUniform(i: number): number {
    let s = this.reviewStreams.get(i);
    if (!s) this.reviewStreams.set(i, (s = streamFor(this.ctx.seed, `review:${this.list[i].cfg.name}`)));
    return s.nextFloat();
  }
}
