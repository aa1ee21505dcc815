// The business side of a run: its campaigns, each pumped through its throttle, with retries
// and paralysis episodes. It hears the platform through the PlatformListener interface — a
// limit that rose, an unpaused template — and wakes the campaigns concerned.
import type { SimConfig } from "../config.js";
import type { EventKinds, Simulation } from "../engine/index.js";
import type { PlatformListener, PlatformSignal, PlatformTarget } from "../platform/events.js";
import type { Platform } from "../platform/index.js";
import type { Recorder } from "../recorder.js";
import type { TraceRow } from "../result.js";
import { CampaignRun } from "./campaign.js";
import type { SenderContext } from "./context.js";
import { Lifecycle } from "./lifecycle.js";
import { Paralysis } from "./paralysis.js";
import { Pump } from "./pump.js";
import { Retries } from "./retries.js";
import { TemplateManager } from "./templates.js";
import { builtinThrottle, type Throttle } from "./throttle.js";
import { Tracer } from "./trace.js";
import { FAILED, OUTCOME_NAMES, type AttemptInfo } from "../outcomes.js";

/** What a sender runs on. */
export interface SenderHost {
  seed: number;
  /** Draw every uniform as its complement: the antithetic twin of the run with `seed`. */
  antithetic?: boolean;
  engine: Simulation;
  kinds: EventKinds;
  rec: Recorder;
  platform: Platform;
  iso: (t: number) => string;
  /** Called once per send attempt, in time order. */
  trace?: (row: TraceRow) => void;
  /** Throttle per campaign index; default: the campaign's declarative `throttle`. */
  throttles?: ReadonlyArray<Throttle | undefined>;
}

/**
 * The campaigns of a run.
 *
 * @example
 * ```ts
 * const sender = new Sender(config, host);
 * platform.listen(sender);
 * sender.start();          // first occurrences, plan entries and campaign ends are scheduled
 * // … engine.runUntil(horizon) …
 * sender.finish(horizon);  // open paralysis episodes are closed at the horizon
 * ```
 */
export class Sender implements PlatformListener {
  readonly campaigns: CampaignRun[];
  private readonly ctx: SenderContext;
  private readonly templates: TemplateManager;

  constructor(cfg: SimConfig, host: SenderHost) {
    const segments = cfg.audience.segments.length;
    this.campaigns = cfg.campaigns.map(
      (c, i) => new CampaignRun(i, c, host.throttles?.[i] ?? builtinThrottle(c.throttle), segments, cfg.templates[c.template].category === "MARKETING"),
    );
    const ctx: SenderContext = {
      cfg,
      seed: host.seed,
      antithetic: host.antithetic === true,
      engine: host.engine,
      kinds: host.kinds,
      rec: host.rec,
      platform: host.platform,
      campaigns: this.campaigns,
      tracer: host.trace ? new Tracer(host.trace) : undefined,
      iso: host.iso,
      modules: undefined as unknown as SenderContext["modules"],
    };
    ctx.modules = { lifecycle: new Lifecycle(ctx), paralysis: new Paralysis(host.rec, (t) => host.platform.templateName(t)), pump: new Pump(ctx), retries: new Retries(ctx) };
    this.ctx = ctx;
    this.templates = new TemplateManager(ctx);
  }

  /** Schedules every campaign's first occurrence or plan entries, and its end. */
  start(): void {
    this.ctx.modules.lifecycle.start();
  }

  /** Tells the throttles of the campaigns concerned (and the business's template management). */
  signal(signal: PlatformSignal, target: PlatformTarget, index: number, now: number): void {
    if (signal.type === "template-status-changed") this.templates.onStatus(index, signal.to, now);
    for (const c of this.campaigns) if (c.throttle.onSignal && this.concerns(c, target, index)) c.throttle.onSignal(signal, now);
  }

  /** Wakes the started campaigns concerned: they may be able to send again. */
  wake(target: PlatformTarget, index: number, now: number): void {
    const pump = this.ctx.modules.pump;
    for (const c of this.campaigns) if (c.started && !c.completed && this.concerns(c, target, index)) pump.wake(c, now);
  }

  /** A held message was released or dropped: its throttle hears the outcome, a failure may be retried. */
  resolved(tag: number, user: number, info: Readonly<AttemptInfo>, ticket: number, now: number): void {
    const c = this.campaigns[tag];
    if (!c) return;
    c.throttle.onOutcome?.(OUTCOME_NAMES[info.outcome], info.code, now);
    this.ctx.tracer?.resolve(ticket, info, this.ctx.iso(now));
    if (info.outcome === FAILED && !c.completed) this.ctx.modules.retries.later(c, user, info.code, now);
  }

  /** Closes every open paralysis episode at the horizon and hands on the last trace rows. */
  finish(horizon: number): void {
    const paralysis = this.ctx.modules.paralysis;
    for (const c of this.campaigns) paralysis.finish(c, horizon);
    this.ctx.tracer?.finish();
  }

  private concerns(c: CampaignRun, target: PlatformTarget, index: number): boolean {
    switch (target) {
      case "scope":
        return this.ctx.platform.scopeOf(c.cfg.phone) === index;
      case "template":
        return c.cfg.template === index;
      case "phone":
        return c.cfg.phone === index;
      case "portfolio":
        return true;
    }
  }
}
