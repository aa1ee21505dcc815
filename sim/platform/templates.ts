// Templates: review (approved or rejected after a drawn delay), resubmission of a rejected
// one, edits and replacements the business asks for, and the status machine of
// models/templates (pause 3 h, 6 h, then disabled) with its timers. Every status change is
// recorded and announced; a change that may let campaigns send again wakes them. A fresh start
// (approval, unpause, edit, replacement) also starts the template's quality meter afresh and
// makes pacing assess it before it sends freely.
import type { PricingCategory } from "../../models/pricing.js";
import { pricingCategory } from "../../models/pricing.js";
import type { Quality, TemplateCategory, TemplateStatus } from "../../models/rules/types.js";
import { TemplateState, reviewDelay, type TemplateTransition } from "../../models/templates/lifecycle.js";
import type { SimTemplate } from "../config.js";
import { rewritable, streamFor, type Xoshiro128ss } from "../engine/index.js";
import type { PlatformContext, Rooms } from "./context.js";

export interface TemplateRuntime {
  cfg: SimTemplate;
  /** Current name: the configured one, then `<name>_v2`, `_v3`… for replacements. */
  name: string;
  /** 1 for the configured template, +1 per replacement. */
  generation: number;
  /** A replacement is in review: its approval is the switch (`template-replaced`). */
  replacing: boolean;
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
 * templates.edit(0, now);                  // a paused template edited: back to review
 * ```
 */
export class Templates {
  readonly list: TemplateRuntime[];
  private readonly reviewStreams = new Map<number, Xoshiro128ss>();
  private readonly dueKind: number;
  private readonly reviewKind: number;
  private readonly resubmitKind: number;
  private rooms!: Rooms;

  constructor(private readonly ctx: PlatformContext) {
    this.list = ctx.cfg.templates.map((t) => {
      const rt: TemplateRuntime = {
        cfg: t,
        name: t.name,
        generation: 1,
        replacing: false,
        state: new TemplateState(ctx.rs, t.status === "APPROVED" ? "APPROVED" : "PENDING"),
        marketing: t.category === "MARKETING",
        category: t.category,
        pricingCategory: pricingCategory(t.category),
        resubmits: 0,
        dueAt: Infinity,
      };
      // Written only when a template is replaced or resubmitted, which few runs see.
      rewritable(rt, "name", "generation", "replacing", "resubmits");
      return rt;
    });
    this.dueKind = ctx.kinds.claim("templates.due", (t, now) => this.due(t, now));
    this.reviewKind = ctx.kinds.claim("templates.review", (t, now) => this.review(t, now));
    this.resubmitKind = ctx.kinds.claim("templates.resubmit", (t, now) => this.resubmit(t, now));
  }

  link(rooms: Rooms): void {
    this.rooms = rooms;
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
    if (q !== t.state.quality) this.transitions(i, t.state.observeQuality(q, now), now, "quality-rating");
  }

  /** Bad early feedback under pacing: the template takes its next pause step. */
  strike(i: number, now: number): void {
    this.transitions(i, this.list[i].state.observeQuality("RED", now), now, "pacing-feedback");
  }

  /** The business edits a paused (or rejected) template: it goes back to review. */
  edit(i: number, now: number): void {
    const t = this.list[i];
    const transitions = t.state.resubmit(now);
    if (transitions.length === 0) return;
    this.transitions(i, transitions, now);
    this.ctx.engine.schedule(now + this.reviewDelay(i), this.reviewKind, i);
  }

  /** The business submits a new template for a disabled one; campaigns switch to it when it is approved. */
  replace(i: number, now: number): void {
    const t = this.list[i];
    const transitions = t.state.replace(now);
    if (transitions.length === 0) return;
    t.generation++;
    t.resubmits = 0;
    t.replacing = true;
    const from = t.name;
    t.name = `${t.cfg.name}_v${t.generation}`;
    this.ctx.rec.event(now, { type: "template-submitted", template: t.name, replaces: from });
    this.transitions(i, transitions, now);
    this.ctx.engine.schedule(now + this.reviewDelay(i), this.reviewKind, i);
  }

  /** The business unpauses a paused template (`POST /{template-id}/unpause`); false when it is not paused. */
  unpause(i: number, now: number): boolean {
    const transitions = this.list[i].state.unpause(now);
    if (transitions.length === 0) return false;
    this.transitions(i, transitions, now);
    return true;
  }

  /**
   * A test moves the template to `to` at `now` through the moves the platform itself makes: a
   * review (PENDING → APPROVED or REJECTED), the next pause step (APPROVED → PAUSED, or
   * DISABLED once the ladder is spent), an unpause (PAUSED → APPROVED), an edit (PAUSED or
   * REJECTED → PENDING, reviewed later as usual), or disabling. Returns false when no such move
   * leads from the current status to `to`.
   */
  force(i: number, to: TemplateStatus, now: number): boolean {
    const t = this.list[i];
    const from = t.state.status;
    if (from === to) return true;
    if (to === "DISABLED") {
      this.transitions(i, t.state.disable(now), now);
      return true;
    }
    if (from === "PENDING" && (to === "APPROVED" || to === "REJECTED")) {
      this.transitions(i, t.state.reviewed(to === "APPROVED", now), now);
      return true;
    }
    if (from === "APPROVED" && to === "PAUSED") {
      this.strike(i, now);
      return true;
    }
    if (from === "PAUSED" && to === "APPROVED") return this.unpause(i, now);
    if ((from === "PAUSED" || from === "REJECTED") && to === "PENDING") {
      this.edit(i, now);
      return true;
    }
    return false;
  }

  /** Applies `transitions`; a pause says what triggered it (the hourly rating, or pacing's early feedback). */
  private transitions(i: number, transitions: readonly TemplateTransition[], now: number, trigger?: "quality-rating" | "pacing-feedback"): void {
    const { ctx, rooms } = this;
    const t = this.list[i];
    let statusMoved = false;
    for (const tr of transitions) {
      if (tr.kind === "status") {
        statusMoved = true;
        const paused = tr.to === "PAUSED" || tr.to === "DISABLED";
        ctx.rec.event(tr.at, { type: "template-status-changed", template: t.name, from: tr.from, to: tr.to, reason: tr.reason, ...(paused && trigger ? { trigger } : {}) });
        ctx.listener.signal({ type: "template-status-changed", template: t.name, from: tr.from, to: tr.to }, "template", i, now);
        if (tr.to === "APPROVED" && t.replacing) {
          t.replacing = false;
          ctx.rec.event(tr.at, { type: "template-replaced", template: t.cfg.name, replacement: t.name });
        }
        if (tr.to === "APPROVED" || tr.to === "PENDING") {
          // A fresh start: feedback from before it no longer counts, and pacing assesses it anew.
          rooms.quality.resetTemplate(i, tr.at);
          rooms.pacing.requireAssessment(i);
        } else if (tr.to === "PAUSED" || tr.to === "DISABLED") {
          if (t.category === "UTILITY") rooms.pacing.noteUtilityPause(tr.at);
          rooms.pacing.onPaused(i, now);
        }
      } else {
        ctx.rec.event(tr.at, { type: "template-quality-changed", template: t.name, from: tr.from, to: tr.to });
        // A rating that falls below GREEN makes pacing assess the template again.
        if ((tr.to === "YELLOW" || tr.to === "RED") && tr.from !== "RED") rooms.pacing.requireAssessment(i);
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
    if (t.state.status !== "PENDING") return;
    const approved = this.reviewUniform(i) >= t.cfg.review.rejectProbability;
    this.transitions(i, t.state.reviewed(approved, now), now);
    if (!approved && t.cfg.review.resubmitAfter !== null && t.resubmits < t.cfg.review.maxResubmits) {
      this.ctx.engine.schedule(now + t.cfg.review.resubmitAfter, this.resubmitKind, i);
    }
  }

  private resubmit(i: number, now: number): void {
    const t = this.list[i];
    if (t.state.status !== "REJECTED") return;
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
    if (!s) this.reviewStreams.set(i, (s = streamFor(this.ctx.seed, `review:${this.list[i].cfg.name}`, this.ctx.antithetic)));
    return s.nextFloat();
  }
}
