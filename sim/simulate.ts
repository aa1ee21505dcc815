// One simulated run: the campaign model on the discrete-event engine. Event handlers are
// registered once per kind; each event carries one integer (a user, a campaign, a scope…),
// so the run allocates nothing per message. Campaigns are pumped: a pump event attempts as
// many sends as the throttle permits, then sleeps until the throttle, the limit, a template
// or a window lets it go on — and records a paralysis whenever it wants to send and cannot.
import type { LimitChange } from "../models/limit/messaging-limit.js";
import { TEMPLATE_NOT_APPROVED_CODE, type TemplateTransition } from "../models/templates/lifecycle.js";
import type { Limit, TemplateStatus } from "../models/rules/types.js";
import { Simulation, streamFor, exponential, poisson } from "./engine/index.js";
import { TOOL_NAME, VERSION } from "../index-version.js";
import { CampaignRun } from "./campaign.js";
import type { SimConfig } from "./config.js";
import { Draws } from "./draws.js";
import { DELIVERED, FAILED, OUTCOME_NAMES } from "./outcomes.js";
import { EV_BLOCK_BASE, EV_REPLY, Platform, type Scope } from "./platform.js";
import { OPTED_OUT, Population } from "./population.js";
import { Recorder } from "./recorder.js";
import { round6 } from "./round.js";
import { tierKey } from "./tiers.js";
import type { ParalysisCause, RunResult, RunSummary, TraceRow } from "./result.js";
import { GIVE_UP } from "./retry.js";
import { builtinThrottle, type Throttle, type ThrottleSignal, type ThrottleView } from "./throttle.js";

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Called once per send attempt, in time order (the `--trace` JSONL rows). */
  trace?: (row: TraceRow) => void;
  /** Throttle per campaign index; default: the campaign's declarative `throttle`. */
  throttles?: ReadonlyArray<Throttle | undefined>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Upper bound on attempts in one pump event, so other events interleave even with `none`. */
const MAX_BATCH = 100_000;
/** A stall that resumes within this long after easing continues the same paralysis episode. */
const STALL_MERGE = 10 * 60_000;

// Event kinds (the platform owns EV_REPLY and EV_BLOCK_BASE…).
const EV_PUMP = 10;
const EV_OCCURRENCE = 11;
const EV_PLAN = 12;
const EV_GROWTH = 13;
const EV_INBOUND = 14;
const EV_QUALITY = 15;
const EV_LIMIT_DUE = 16;
const EV_TEMPLATE_DUE = 17;
const EV_REVIEW = 18;
const EV_RESUBMIT = 19;
const EV_VERIFY = 20;
const EV_THROUGHPUT_UP = 21;
const EV_CAMPAIGN_END = 22;

/**
 * Runs one scenario once and returns its result (`tiersim/run@1`). Pure: no IO, no clock; the
 * same configuration and seed give the same result, byte for byte once serialised.
 *
 * @example
 * ```ts
 * const loaded = loadScenarioFile("scenarios/quickstart.yaml");
 * if (loaded.ok) {
 *   const result = simulate(compileScenario(loaded.scenario, loaded.ruleSet));
 *   console.log(result.summary.reachedAt.unlimited);
 * }
 * ```
 */
export function simulate(config: SimConfig, options: SimulateOptions = {}): RunResult {
  return new Run(config, options).execute();
}

class Run {
  private readonly seed: number;
  private readonly engine: Simulation;
  /** Retry events: this base + campaign index × 2 + (1 if waiting out a per-user cap); after the block kinds. */
  private readonly retryBase: number;
  private readonly pop: Population;
  private readonly rec: Recorder;
  private readonly draws: Draws;
  private readonly platform: Platform;
  private readonly campaigns: CampaignRun[];
  private readonly view: ThrottleView;
  private readonly iso: (t: number) => string;
  private readonly segCumulative: Float64Array;
  private readonly marketCumulative: Float64Array;
  private readonly segInbound: Float64Array;
  private readonly maxInbound: number;
  private readonly traits = new Float64Array(3);
  private readonly reachedAt = new Map<string, number>();
  private initialLimit: Limit;
  private freshCursor = 0;
  private readonly growth: ReturnType<typeof streamFor>;
  private readonly inboundRng: ReturnType<typeof streamFor>;

  constructor(
    private readonly cfg: SimConfig,
    private readonly options: SimulateOptions,
  ) {
    this.seed = options.seed ?? cfg.seed;
    this.retryBase = EV_BLOCK_BASE + cfg.templates.length * cfg.business.phones.length * 2;
    this.engine = new Simulation({ maxKind: this.retryBase + 2 * cfg.campaigns.length });
    const start = cfg.startEpoch;
    this.iso = (t) => new Date(start + t).toISOString();
    const expected = cfg.audience.optedIn + Math.ceil(cfg.audience.growthPerDay * (cfg.horizon / DAY) * 1.1) + 16;
    this.pop = new Population(expected);
    this.rec = new Recorder(cfg.dayStarts, cfg.dayLabels, cfg.horizon, this.iso);
    this.draws = new Draws(this.seed);
    const uniformFor = (purpose: string): (() => number) => {
      const s = streamFor(this.seed, purpose);
      return () => s.nextFloat();
    };
    this.platform = new Platform(cfg, this.pop, this.rec, this.draws, this.engine, uniformFor);
    this.growth = streamFor(this.seed, "growth");
    this.inboundRng = streamFor(this.seed, "inbound");
    const segs = cfg.audience.segments;
    this.segCumulative = cumulative(segs.map((s) => s.share));
    this.marketCumulative = cumulative(cfg.audience.markets.map((m) => m.share));
    this.segInbound = Float64Array.from(segs, (s) => s.inboundPerDay);
    this.maxInbound = Math.max(0, ...segs.map((s) => s.inboundPerDay));
    this.campaigns = cfg.campaigns.map(
      (c, i) => new CampaignRun(i, c, options.throttles?.[i] ?? builtinThrottle(c.throttle), segs.length, cfg.templates[c.template].category === "MARKETING"),
    );
    this.initialLimit = this.platform.headlineLimit;
    this.view = { now: 0, limit: null, counted24h: 0, nextCapacityAt: null, quality: "UNKNOWN", templateStatus: "APPROVED", mps: 0, pending: 0 };
  }

  execute(): RunResult {
    this.register();
    this.setup();
    this.engine.runUntil(this.cfg.horizon);
    return this.finish();
  }

  // ----------------------------------------------------------------------------------
  // Wiring

  private register(): void {
    const e = this.engine;
    const p = this.platform;
    e.on(EV_REPLY, (u, now) => p.reply(u, now));
    const blockKinds = this.cfg.templates.length * this.cfg.business.phones.length * 2;
    for (let k = 0; k < blockKinds; k++) e.on(EV_BLOCK_BASE + k, (u, now) => p.block(k, u, now));
    e.on(EV_PUMP, (c, now) => this.pump(this.campaigns[c], now));
    e.on(EV_OCCURRENCE, (c, now) => this.occurrence(this.campaigns[c], now));
    e.on(EV_PLAN, (c, now) => this.planEntry(this.campaigns[c], now));
    e.on(EV_CAMPAIGN_END, (c, now) => this.campaignEnd(this.campaigns[c], now));
    e.on(EV_GROWTH, (_, now) => this.grow(now));
    e.on(EV_INBOUND, (_, now) => this.inbound(now));
    e.on(EV_QUALITY, (_, now) => this.evaluateQuality(now));
    e.on(EV_LIMIT_DUE, (s, now) => this.limitDue(p.scopes[s], now));
    e.on(EV_TEMPLATE_DUE, (t, now) => this.templateDue(t, now));
    e.on(EV_REVIEW, (t, now) => this.review(t, now));
    e.on(EV_RESUBMIT, (t, now) => this.resubmit(t, now));
    e.on(EV_VERIFY, (_, now) => this.verify(now));
    e.on(EV_THROUGHPUT_UP, (ph, now) => this.throughputUp(ph, now));
    for (const c of this.campaigns) {
      e.on(this.retryBase + c.index * 2, (u, now) => this.retryDue(c, u, now, false));
      e.on(this.retryBase + c.index * 2 + 1, (u, now) => this.retryDue(c, u, now, true));
    }
  }

  private setup(): void {
    const cfg = this.cfg;
    for (let i = 0; i < cfg.audience.optedIn; i++) this.addUser();
    this.rec.sampleState(0, this.platform.headlineLimit, this.platform.headlineQuality);
    if (cfg.audience.growthPerDay > 0) this.engine.schedule(HOUR, EV_GROWTH, 0);
    this.scheduleInbound(0);
    this.engine.schedule(cfg.ruleSet.quality.evaluateEvery, EV_QUALITY, 0);
    if (cfg.business.verifiedAt !== null && cfg.business.verifiedAt < cfg.horizon) this.engine.schedule(Math.max(0, cfg.business.verifiedAt), EV_VERIFY, 0);
    this.platform.templates.forEach((t, i) => {
      if (t.state.status === "PENDING") {
        const at = Math.max(0, t.cfg.submittedAt);
        this.engine.schedule(at + this.platform.reviewDelay(t, this.reviewUniform(i)), EV_REVIEW, i);
      }
    });
    for (const c of this.campaigns) {
      if (c.cfg.start >= cfg.horizon) continue;
      if (c.isPlan) {
        for (const entry of c.cfg.plan!) if (entry.at < cfg.horizon) this.engine.schedule(Math.max(0, entry.at), EV_PLAN, c.index);
      } else {
        this.engine.schedule(Math.max(0, c.cfg.start), EV_OCCURRENCE, c.index);
      }
      if (c.cfg.end < cfg.horizon) this.engine.schedule(c.cfg.end, EV_CAMPAIGN_END, c.index);
    }
    for (const s of this.platform.scopes) this.ensureLimitDue(s);
  }

  /** Review outcome draws: one stream per template name, so adding a template shifts no other. */
  private readonly reviewStreams = new Map<number, ReturnType<typeof streamFor>>();
  private reviewUniform(i: number): number {
    let s = this.reviewStreams.get(i);
    if (!s) this.reviewStreams.set(i, (s = streamFor(this.seed, `review:${this.platform.templates[i].cfg.name}`)));
    return s.nextFloat();
  }

  private addUser(): number {
    const u = this.pop.size;
    this.draws.traits(u, this.traits);
    const seg = pick(this.segCumulative, this.traits[0]);
    const market = pick(this.marketCumulative, this.traits[1]);
    return this.pop.add(seg, market, this.traits[2] < this.cfg.audience.undeliverable);
  }

  // ----------------------------------------------------------------------------------
  // Audience: growth and unsolicited inbound messages

  private grow(now: number): void {
    const n = poisson(this.growth, this.cfg.audience.growthPerDay / 24);
    for (let i = 0; i < n; i++) this.addUser();
    if (now + HOUR < this.cfg.horizon) this.engine.schedule(now + HOUR, EV_GROWTH, 0);
  }

  private scheduleInbound(now: number): void {
    // Thinning: the next candidate comes at the population's peak rate; each is accepted
    // with its segment's share of that rate.
    const rate = (this.pop.size * this.maxInbound) / DAY;
    if (rate <= 0) return;
    const at = now + Math.max(1, Math.round(exponential(this.inboundRng, 1 / rate)));
    if (at < this.cfg.horizon) this.engine.schedule(at, EV_INBOUND, 0);
  }

  private inbound(now: number): void {
    const u = Math.min(this.pop.size - 1, Math.floor(this.inboundRng.nextFloat() * this.pop.size));
    if (this.inboundRng.nextFloat() * this.maxInbound < this.segInbound[this.pop.segment[u]]) this.platform.inbound(u, now);
    this.scheduleInbound(now);
  }

  // ----------------------------------------------------------------------------------
  // Campaign lifecycle

  private occurrence(c: CampaignRun, now: number): void {
    if (c.completed) return;
    if (c.occurrence >= 0) {
      this.rec.dropped += this.remainingAudience(c);
      c.rotation = c.cursor < c.cursorEnd ? c.userAt(c.cursor) : c.rotation;
    }
    c.occurrence++;
    c.span = this.pop.size;
    if (c.rotation >= c.span) c.rotation = 0;
    c.cursor = 0;
    c.cursorEnd = c.span;
    c.readySince = now;
    if (!c.started) {
      c.started = true;
      this.rec.event(now, { type: "campaign-started", campaign: c.cfg.name });
    }
    const next = c.cfg.every > 0 ? now + c.cfg.every : Infinity;
    if (next < Math.min(c.cfg.end, this.cfg.horizon)) this.engine.schedule(next, EV_OCCURRENCE, c.index);
    else c.lastOccurrence = true;
    this.wake(c, now);
  }

  private planEntry(c: CampaignRun, now: number): void {
    if (c.completed) return;
    const plan = c.cfg.plan!;
    if (c.planLeft === 0) c.readySince = now;
    c.planLeft += plan[c.planNext].count;
    c.planNext++;
    c.lastOccurrence = c.planNext >= plan.length || plan[c.planNext].at >= this.cfg.horizon;
    if (!c.started) {
      c.started = true;
      this.rec.event(now, { type: "campaign-started", campaign: c.cfg.name });
    }
    this.wake(c, now);
  }

  private campaignEnd(c: CampaignRun, now: number): void {
    if (c.completed) return;
    this.endStall(c, now);
    this.complete(c, now);
  }

  private complete(c: CampaignRun, now: number): void {
    c.completed = true;
    this.endStall(c, now);
    if (c.pumpHandle >= 0) this.engine.cancel(c.pumpHandle);
    c.pumpAt = Infinity;
    this.rec.event(now, { type: "campaign-completed", campaign: c.cfg.name, sent: c.sent });
  }

  /** Users of the current occurrence not yet attempted (they are dropped when the next one starts). */
  private remainingAudience(c: CampaignRun): number {
    let n = c.queue.size;
    for (let i = c.cursor; i < c.cursorEnd; i++) if (this.eligible(c, c.userAt(i))) n++;
    return n;
  }

  private eligible(c: CampaignRun, u: number): boolean {
    if (c.segMask[this.pop.segment[u]] === 0) return false;
    // The business learns of marketing opt-outs through the user_preferences webhook.
    if (c.marketing && this.pop.has(u, OPTED_OUT)) return false;
    return c.cfg.share >= 1 || this.draws.sampled(c.index, c.occurrence, u) < c.cfg.share;
  }

  /** Next user to attempt, or −1 when the campaign has no work right now. */
  private nextUser(c: CampaignRun): number {
    if (c.queue.size > 0) {
      const u = c.queue.popFront();
      c.lastReady = c.queue.lastReady;
      return u;
    }
    c.lastReady = c.readySince;
    if (c.isPlan) {
      if (c.planLeft === 0) return -1;
      if (this.freshCursor >= this.pop.size) {
        // Plans ask for fresh users; an exhausted audience drops the rest of the entry.
        this.rec.dropped += c.planLeft;
        c.planLeft = 0;
        return -1;
      }
      c.planLeft--;
      return this.freshCursor++;
    }
    while (c.cursor < c.cursorEnd) {
      const u = c.userAt(c.cursor++);
      if (this.eligible(c, u)) return u;
    }
    return -1;
  }

  private hasWork(c: CampaignRun): boolean {
    if (c.queue.size > 0) return true;
    if (c.isPlan) return c.planLeft > 0;
    return c.cursor < c.cursorEnd;
  }

  private wake(c: CampaignRun, at: number): void {
    if (c.completed || at >= this.cfg.horizon) return;
    if (c.pumpAt <= at && c.pumpHandle >= 0 && this.engine.isPending(c.pumpHandle)) return;
    if (c.pumpHandle >= 0) this.engine.cancel(c.pumpHandle);
    c.pumpAt = at;
    c.pumpHandle = this.engine.schedule(at, EV_PUMP, c.index);
  }

  private wakeAll(now: number, filter: (c: CampaignRun) => boolean = () => true): void {
    for (const c of this.campaigns) if (c.started && !c.completed && filter(c)) this.wake(c, now);
  }

  /** Matches the campaigns whose sending number belongs to `scope`. */
  private sendsFrom(scope: Scope): (c: CampaignRun) => boolean {
    return (c) => this.platform.phones[c.cfg.phone].scope === scope.index;
  }

  /** Tells the throttles of the matching campaigns about a platform change. */
  private signal(signal: ThrottleSignal, now: number, filter: (c: CampaignRun) => boolean): void {
    for (const c of this.campaigns) if (c.throttle.onSignal && filter(c)) c.throttle.onSignal(signal, now);
  }

  // ----------------------------------------------------------------------------------
  // The pump: attempts sends while the throttle permits, records paralysis otherwise

  private pump(c: CampaignRun, now: number): void {
    c.pumpAt = Infinity;
    c.pumpHandle = -1;
    if (c.completed) return;
    if (now >= c.cfg.end) return this.complete(c, now);
    if (!this.hasWork(c)) return this.idle(c, now);
    const win = this.windowState(c, now);
    if (win > now) {
      // Outside the send window the campaign does not want to send: no paralysis.
      this.endStall(c, now);
      return this.wake(c, win);
    }
    if (now < c.backoffUntil) return this.wake(c, c.backoffUntil);

    const closes = this.windowCloses(c, now);
    const tmpl = this.platform.templates[c.cfg.template];
    const status = tmpl.state.status;
    if (status !== "APPROVED") {
      this.setStall(c, templateCause(status), now);
      // Woken by the template's next status change, or the window's close.
      if (closes < Infinity) this.wake(c, closes);
      return;
    }

    const scope = this.platform.scopeOfPhone(c.cfg.phone);
    const phone = this.platform.phones[c.cfg.phone];
    const v = this.view;
    const trace = this.options.trace;
    let sentHere = 0;
    for (;;) {
      v.now = now;
      v.limit = scope.limit.limit;
      v.counted24h = scope.limit.count(now);
      v.nextCapacityAt = null;
      v.quality = scope.rating;
      v.templateStatus = tmpl.state.status;
      v.mps = phone.mps;
      v.pending = c.pending;
      let n = c.throttle.permits(v);
      if (n <= 0 || !(n > 0)) {
        v.nextCapacityAt = scope.limit.nextCapacityAt(now);
        const cause = c.throttle.holdCause(v);
        if (cause) this.setStall(c, cause, now);
        else this.endStall(c, now);
        const at = Math.max(now + 1, Math.ceil(c.throttle.wakeAt(v)));
        this.wake(c, Math.min(Number.isFinite(at) ? at : now + HOUR, closes));
        break;
      }
      n = Math.min(n, MAX_BATCH - sentHere);
      let attempted = 0;
      let accepted = 0;
      let halt = false;
      while (attempted < n) {
        const u = this.nextUser(c);
        if (u < 0) break;
        attempted++;
        this.platform.attempt(u, c.cfg.template, c.cfg.phone, now);
        const last = this.platform.last;
        if (trace) {
          trace({
            at: this.iso(now),
            user: u,
            campaign: c.cfg.name,
            template: tmpl.cfg.name,
            phone: phone.id,
            outcome: OUTCOME_NAMES[last.outcome],
            code: last.code === 0 ? null : last.code,
            countsTowardLimit: last.countsTowardLimit,
            insideCsw: last.insideCsw,
            waitMs: now - c.lastReady,
          });
        }
        c.throttle.onOutcome?.(OUTCOME_NAMES[last.outcome], last.code, now);
        if (last.countsTowardLimit) this.afterCount(scope, now);
        if (last.outcome === DELIVERED) {
          c.sent++;
          accepted++;
          c.backoffLevel = 0;
          continue;
        }
        if (last.outcome === FAILED) {
          c.sent++;
          accepted++;
          this.retryLater(c, u, last.code, now);
          continue;
        }
        // Refused before sending.
        halt = this.refused(c, u, last.code, now, scope, closes);
        if (halt) break;
      }
      c.throttle.spend(now, attempted);
      sentHere += attempted;
      // Sends went out: whatever held the campaign has eased (a renewed stall merges back).
      if (accepted > 0 && !halt) this.endStall(c, now);
      if (halt) break;
      if (!this.hasWork(c)) {
        this.idle(c, now);
        break;
      }
      if (sentHere >= MAX_BATCH) {
        this.wake(c, now + 1);
        break;
      }
      if (attempted === 0) break;
    }
  }

  /** A refusal: re-queue, back off or retry; returns whether the pump must stop now. */
  private refused(c: CampaignRun, u: number, code: number, now: number, scope: Scope, closes: number): boolean {
    const rs = this.cfg.ruleSet;
    const ready = c.lastReady;
    if (code === rs.limit.overLimitCode) {
      c.queue.pushFront(u, ready);
      this.defer(now);
      this.setStall(c, "messaging-limit", now);
      this.wake(c, Math.min(scope.limit.nextCapacityAt(now) ?? now + HOUR, closes));
      return true;
    }
    if (code === rs.throughput.code) {
      c.backoffLevel++;
      const d = this.retryDelay(c, code, c.backoffLevel, now);
      if (d === GIVE_UP) {
        c.backoffLevel = 0;
        return false;
      }
      c.queue.pushFront(u, ready);
      this.defer(now);
      c.backoffUntil = now + d;
      this.setStall(c, "throughput", now);
      this.wake(c, c.backoffUntil);
      return true;
    }
    if (code === rs.templates.pausedCode || code === rs.templates.disabledCode || code === TEMPLATE_NOT_APPROVED_CODE) {
      c.queue.pushFront(u, ready);
      this.setStall(c, templateCause(this.platform.templates[c.cfg.template].state.status), now);
      if (closes < Infinity) this.wake(c, closes);
      return true;
    }
    this.retryLater(c, u, code, now);
    return false;
  }

  /** The throttle's choice if it makes one, else the campaign's retry rules. */
  private retryDelay(c: CampaignRun, code: number, attempt: number, now: number): number {
    const chosen = c.throttle.onError?.(code, attempt, now);
    if (chosen === undefined) return c.retry.delay(code, attempt);
    return chosen < 0 ? GIVE_UP : Math.max(1, Math.round(chosen));
  }

  private retryLater(c: CampaignRun, u: number, code: number, now: number): void {
    const d = this.retryDelay(c, code, c.bumpFailures(u), now);
    if (d === GIVE_UP) return;
    const cap = code === this.cfg.ruleSet.perUserCap.code;
    c.retriesPending++;
    if (cap) c.capRetriesPending++;
    this.defer(now);
    this.engine.schedule(now + d, this.retryBase + c.index * 2 + (cap ? 1 : 0), u);
  }

  private retryDue(c: CampaignRun, u: number, now: number, cap: boolean): void {
    c.retriesPending--;
    if (cap) c.capRetriesPending--;
    if (c.completed) return;
    c.queue.pushBack(u, now);
    this.wake(c, now);
  }

  private defer(now: number): void {
    this.rec.messages.deferred++;
    this.rec.add("deferred", now);
  }

  /** No work right now: waiting for retries, the next occurrence, or done. */
  private idle(c: CampaignRun, now: number): void {
    if (c.retriesPending > 0) {
      // Waiting only for users the per-user cap turned away is a stall of its own.
      if (c.capRetriesPending === c.retriesPending) this.setStall(c, "per-user-cap", now);
      else this.endStall(c, now);
      return;
    }
    this.endStall(c, now);
    if (c.lastOccurrence && !c.completed) this.complete(c, now);
  }

  /** `now` when inside the campaign's send window, else the next opening. */
  private windowState(c: CampaignRun, now: number): number {
    const w = c.cfg.window;
    if (w === null) return now;
    const d = this.rec.dayOf(now);
    const starts = this.cfg.dayStarts;
    const minute = (now - starts[d]) / 60_000;
    if (minute >= w.from && minute < w.to) return now;
    if (minute < w.from) return starts[d] + w.from * 60_000;
    return d + 1 < starts.length ? starts[d + 1] + w.from * 60_000 : Infinity;
  }

  /** End of the send window containing `now` (Infinity when the campaign has none). */
  private windowCloses(c: CampaignRun, now: number): number {
    const w = c.cfg.window;
    if (w === null) return Infinity;
    return this.cfg.dayStarts[this.rec.dayOf(now)] + w.to * 60_000;
  }

  private setStall(c: CampaignRun, cause: ParalysisCause, now: number): void {
    if (c.stall === cause) return;
    this.endStall(c, now);
    if (c.endedCause === cause && now - c.endedAt <= STALL_MERGE) {
      // The same stall resumed moments after it eased (capacity freed one user at a time): one episode.
      c.stall = cause;
      c.stallSince = c.endedSince;
      c.endedCause = null;
      return;
    }
    this.flushStall(c);
    c.stall = cause;
    c.stallSince = now;
    this.rec.event(now, { type: "paralysis-started", campaign: c.cfg.name, cause });
  }

  private endStall(c: CampaignRun, now: number): void {
    if (c.stall === null) return;
    this.flushStall(c);
    c.endedCause = c.stall;
    c.endedSince = c.stallSince;
    c.endedAt = now;
    c.stall = null;
  }

  /** Records the episode that ended last, once it can no longer merge with a new one. */
  private flushStall(c: CampaignRun): void {
    if (c.endedCause === null) return;
    const cause = c.endedCause;
    this.rec.paralysis(cause, c.endedSince, c.endedAt);
    this.rec.event(c.endedAt, { type: "paralysis-ended", campaign: c.cfg.name, cause, hours: round6((c.endedAt - c.endedSince) / HOUR) });
    c.endedCause = null;
  }

  // ----------------------------------------------------------------------------------
  // Platform dynamics: limit, quality, templates, verification, throughput

  private afterCount(scope: Scope, now: number): void {
    const due = scope.limit.nextDueAt();
    if (due !== null && due < scope.dueAt) this.ensureLimitDue(scope, now);
  }

  private ensureLimitDue(scope: Scope, now = 0): void {
    const due = scope.limit.nextDueAt();
    if (due === null || due >= this.cfg.horizon || due >= scope.dueAt) return;
    scope.dueAt = Math.max(due, now);
    this.engine.schedule(scope.dueAt, EV_LIMIT_DUE, scope.index);
  }

  private limitDue(scope: Scope, now: number): void {
    if (scope.dueAt !== now) return; // superseded by an earlier one
    scope.dueAt = Infinity;
    this.applyLimitChanges(scope, scope.limit.advance(now), now);
    this.ensureLimitDue(scope, now);
  }

  private applyLimitChanges(scope: Scope, changes: LimitChange[], now: number): void {
    let moved = false;
    const phoneId = this.cfg.ruleSet.limit.scope === "number" ? this.platform.phones[scope.phones[0]].id : undefined;
    for (const ch of changes) {
      if (ch.kind === "limit") {
        moved = true;
        this.rec.event(ch.at, { type: "limit-changed", from: ch.from, to: ch.to, reason: ch.reason, ...(phoneId ? { phone: phoneId } : {}) });
        if (scope.index === 0) this.noteReached(ch.to, ch.at);
        this.signal({ type: "limit-changed", from: ch.from, to: ch.to }, now, this.sendsFrom(scope));
      } else if (ch.kind === "status") {
        this.rec.event(ch.at, { type: "status-changed", number: phoneId ?? "portfolio", from: ch.from, to: ch.to });
      } else {
        this.rec.event(ch.at, { type: "scaling-path-completed", path: ch.path, outcome: ch.outcome });
      }
    }
    if (moved) {
      if (scope.index === 0) this.rec.sampleState(now, this.platform.headlineLimit, this.platform.headlineQuality);
      this.wakeAll(now, this.sendsFrom(scope));
      this.checkThroughputUpgrade(scope, now);
    }
  }

  private noteReached(limit: Limit, at: number): void {
    const ladder = this.cfg.ruleSet.limit.ladder;
    for (const rung of ladder) {
      if (!above(rung, this.initialLimit)) continue;
      if (above(rung, limit)) continue;
      const key = tierKey(rung);
      if (!this.reachedAt.has(key)) this.reachedAt.set(key, at);
    }
  }

  private evaluateQuality(now: number): void {
    const p = this.platform;
    const scopeKind = this.cfg.ruleSet.limit.scope === "portfolio" ? "portfolio" : "number";
    for (const s of p.scopes) {
      const r = s.quality.rating(now);
      if (r !== s.rating) {
        const from = s.rating;
        s.rating = r;
        this.rec.event(now, { type: "quality-changed", scope: scopeKind, from, to: r, ...(scopeKind === "number" ? { phone: p.phones[s.phones[0]].id } : {}) });
        this.signal({ type: "quality-changed", from, to: r }, now, this.sendsFrom(s));
        s.limit.setQuality(r, now);
        this.applyLimitChanges(s, s.limit.advance(now), now);
        this.ensureLimitDue(s, now);
        if (s.index === 0) this.rec.sampleState(now, p.headlineLimit, p.headlineQuality);
        this.wakeAll(now, this.sendsFrom(s));
      }
      this.checkThroughputUpgrade(s, now);
    }
    p.templates.forEach((t, i) => {
      const q = t.quality.rating(now);
      if (q !== t.state.quality) this.templateTransitions(i, t.state.observeQuality(q, now), now);
    });
    const next = now + this.cfg.ruleSet.quality.evaluateEvery;
    if (next < this.cfg.horizon) this.engine.schedule(next, EV_QUALITY, 0);
  }

  private templateTransitions(i: number, transitions: readonly TemplateTransition[], now: number): void {
    const t = this.platform.templates[i];
    let statusMoved = false;
    for (const tr of transitions) {
      if (tr.kind === "status") {
        statusMoved = true;
        this.rec.event(tr.at, { type: "template-status-changed", template: t.cfg.name, from: tr.from, to: tr.to, reason: tr.reason });
        this.signal({ type: "template-status-changed", template: t.cfg.name, from: tr.from, to: tr.to }, now, (c) => c.cfg.template === i);
      } else {
        this.rec.event(tr.at, { type: "template-quality-changed", template: t.cfg.name, from: tr.from, to: tr.to });
      }
    }
    if (statusMoved) this.wakeAll(now, (c) => c.cfg.template === i);
    const due = t.state.nextDueAt();
    if (due !== null && due < this.cfg.horizon && due < t.dueAt) {
      t.dueAt = due;
      this.engine.schedule(due, EV_TEMPLATE_DUE, i);
    }
  }

  private templateDue(i: number, now: number): void {
    const t = this.platform.templates[i];
    if (t.dueAt !== now) return;
    t.dueAt = Infinity;
    this.templateTransitions(i, t.state.advance(now), now);
  }

  private review(i: number, now: number): void {
    const t = this.platform.templates[i];
    const approved = this.reviewUniform(i) >= t.cfg.review.rejectProbability;
    this.templateTransitions(i, t.state.reviewed(approved, now), now);
    if (!approved && t.cfg.review.resubmitAfter !== null && t.resubmits < t.cfg.review.maxResubmits) {
      this.engine.schedule(now + t.cfg.review.resubmitAfter, EV_RESUBMIT, i);
    }
  }

  private resubmit(i: number, now: number): void {
    const t = this.platform.templates[i];
    t.resubmits++;
    this.templateTransitions(i, t.state.resubmit(now), now);
    this.engine.schedule(now + this.platform.reviewDelay(t, this.reviewUniform(i)), EV_REVIEW, i);
  }

  private verify(now: number): void {
    const kind = this.cfg.business.verification === "partner-verified" ? "partner-verified" : "verified";
    for (const s of this.platform.scopes) {
      s.limit.verify(now, kind);
      this.applyLimitChanges(s, s.limit.advance(now), now);
      this.ensureLimitDue(s, now);
    }
  }

  private checkThroughputUpgrade(scope: Scope, now: number): void {
    const up = this.cfg.ruleSet.throughput.upgrade;
    if (!up.enabled || scope.limit.limit !== null || !up.minQuality.includes(scope.rating)) return;
    if (scope.limit.count(now) < up.minUnique24h) return;
    for (const i of scope.phones) {
      const ph = this.platform.phones[i];
      if (ph.coexistence || ph.mps >= this.cfg.ruleSet.throughput.highMps || ph.upgradeAt !== Infinity) continue;
      ph.upgradeAt = now + up.delay;
      if (ph.upgradeAt < this.cfg.horizon) this.engine.schedule(ph.upgradeAt, EV_THROUGHPUT_UP, i);
    }
  }

  private throughputUp(i: number, now: number): void {
    const ph = this.platform.phones[i];
    const to = this.cfg.ruleSet.throughput.highMps;
    this.rec.event(now, { type: "throughput-changed", phone: ph.id, from: ph.mps, to });
    this.signal({ type: "throughput-changed", from: ph.mps, to }, now, (c) => c.cfg.phone === i);
    ph.mps = to;
    ph.gate.setMps(to);
    this.wakeAll(now, (c) => c.cfg.phone === i);
  }

  // ----------------------------------------------------------------------------------
  // Result

  private finish(): RunResult {
    const horizon = this.cfg.horizon;
    for (const c of this.campaigns) {
      this.endStall(c, horizon);
      this.flushStall(c);
    }
    // Ended stalls are written when they can no longer merge, so restore time order (stable: FIFO at equal times).
    this.rec.events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const p = this.platform;
    this.rec.sampleState(horizon, p.headlineLimit, p.headlineQuality);
    const reachedAt: Record<string, string | null> = {};
    for (const rung of this.cfg.ruleSet.limit.ladder) {
      if (!above(rung, this.initialLimit)) continue;
      const key = tierKey(rung);
      const at = this.reachedAt.get(key);
      reachedAt[key] = at === undefined ? null : this.iso(at);
    }
    const rec = this.rec;
    const byCause: Partial<Record<ParalysisCause, number>> = {};
    for (const [k, v] of [...rec.paralysisHours.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) byCause[k] = round6(v);
    const summary: RunSummary = {
      limit: { initial: this.initialLimit, final: p.headlineLimit },
      reachedAt,
      messages: { ...rec.messages, dropped: rec.dropped } as RunSummary["messages"],
      users: { ...rec.users },
      failuresByCode: Object.fromEntries([...rec.failuresByCode.entries()].sort(([a], [b]) => a - b).map(([k, v]) => [String(k), v])),
      paralysis: { episodes: rec.paralysisEpisodes, hours: round6([...rec.paralysisHours.values()].reduce((a, b) => a + b, 0)), byCause },
      cost: {
        currency: this.cfg.ruleSet.pricing.currency,
        total: round6(rec.costTotal),
        byCategory: Object.fromEntries([...rec.costByCategory.entries()].sort().map(([k, v]) => [k, round6(v)])),
      },
    };
    return {
      schema: "tiersim/run@1",
      tool: { name: TOOL_NAME, version: VERSION },
      scenario: { name: this.cfg.name, rules: this.cfg.ruleSet.id, overrides: this.cfg.overrides, timezone: this.cfg.timezone },
      seed: this.seed,
      start: this.iso(0),
      end: this.iso(horizon),
      summary,
      daily: rec.dailyRows(),
      events: rec.events,
    };
  }
}

function templateCause(status: TemplateStatus): ParalysisCause {
  switch (status) {
    case "PENDING":
      return "template-pending";
    case "REJECTED":
      return "template-rejected";
    case "PAUSED":
      return "template-paused";
    default:
      return "template-disabled";
  }
}

/** Whether limit `a` is strictly above `b` (`null` = unlimited is above everything). */
function above(a: Limit, b: Limit): boolean {
  if (a === null) return b !== null;
  if (b === null) return false;
  return a > b;
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
