// One clock for everything the emulator does — the platform's limits, windows, latencies and
// pauses, and webhook retries. Virtual by default: time stands still until the control plane
// advances or sets it, or, with auto-advance, until the API has been idle for a moment — then it
// skips ahead to the next thing the sender is waiting for (a status, a reply, a held message's
// release), the way Temporal's test server skips time. Real: virtual time follows the wall clock
// at `speed`×, for demos; it can still be advanced, set and frozen.
import type { Dispatcher } from "./webhooks.js";
import type { World } from "./world.js";

/** How the clock runs. */
export interface ClockSettings {
  mode: "virtual" | "real";
  /** Real mode: virtual ms per wall ms. */
  speed: number;
  /** Virtual mode: skip ahead when the API has been idle for `idleMs` wall ms. */
  autoAdvance: boolean;
  idleMs: number;
}

/** What `GET /_tiersim/clock` says. */
export interface ClockState {
  /** Virtual time, ISO. */
  now: string;
  /** Virtual ms since the scenario start. */
  t: number;
  mode: "virtual" | "real";
  frozen: boolean;
  speed: number;
  autoAdvance: boolean;
  idleMs: number;
  /** The end of the emulated world (ISO): the clock cannot pass it. */
  horizon: string;
  /** Webhooks queued (due later, or waiting for a retry). */
  pendingWebhooks: number;
}

/** What the clock drives. */
export interface ClockHost {
  world(): World;
  readonly dispatcher: Dispatcher;
}

/** Raised for a time the clock cannot move to (the past, beyond the horizon, not a number). */
export class ClockError extends Error {}

/** Steps one auto-advance or settle may take before yielding to the event loop. */
const MAX_STEPS = 20_000;

/**
 * The emulator's clock.
 *
 * @example
 * ```ts
 * const clock = new EmulatorClock(host, { mode: "virtual", speed: 1, autoAdvance: false, idleMs: 200 });
 * await clock.advance(6 * 3_600_000); // the platform runs 6 h; webhooks due by then are sent
 * clock.state().now;                   // "2026-03-02T06:00:00.000Z"
 * ```
 */
export class EmulatorClock {
  private frozen = false;
  /** Real mode: virtual time at `wallBase`, and that wall time (performance.now()). */
  private base = 0;
  private wallBase = performance.now();
  private timer: NodeJS.Timeout | null = null;
  private lastActivity = performance.now();
  private inFlight = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private flushing: Promise<unknown> | null = null;
  private flushAgain = false;
  private stopped = false;

  constructor(
    private readonly host: ClockHost,
    readonly settings: ClockSettings,
  ) {}

  /** Virtual ms since the start: the world's time, or in real mode the wall's, scaled. */
  now(): number {
    const w = this.host.world();
    if (this.settings.mode === "virtual" || this.frozen) return w.now;
    const t = Math.floor(this.base + (performance.now() - this.wallBase) * this.settings.speed);
    return Math.min(Math.max(t, w.now), w.cfg.horizon);
  }

  state(): ClockState {
    const w = this.host.world();
    const t = this.now();
    return {
      now: w.iso(t),
      t,
      mode: this.settings.mode,
      frozen: this.frozen,
      speed: this.settings.speed,
      autoAdvance: this.settings.autoAdvance,
      idleMs: this.settings.idleMs,
      horizon: w.iso(w.cfg.horizon),
      pendingWebhooks: this.host.dispatcher.pending,
    };
  }

  /** Starts the clock's timers (real mode's ticking, virtual mode's idle watch). */
  start(): void {
    this.stopped = false;
    this.base = this.host.world().now;
    this.wallBase = performance.now();
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The world was rebuilt: time starts again from the scenario start. */
  reset(): void {
    this.base = 0;
    this.wallBase = performance.now();
    this.arm();
  }

  /** An API request begins: in real mode, the world catches up with the wall first. */
  requestStarted(): void {
    this.inFlight++;
    this.lastActivity = performance.now();
    if (this.settings.mode === "real") this.host.world().advanceTo(this.now());
  }

  /** An API request ended: webhooks it made due go out; the idle watch starts again. */
  requestEnded(): void {
    this.inFlight--;
    this.lastActivity = performance.now();
    this.kick();
  }

  /** Sends what is due now, soon (coalesced), without holding anyone up. */
  kick(): void {
    if (this.flushing) {
      this.flushAgain = true;
      return;
    }
    this.flushing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.host.dispatcher.flush(this.host.world().now))
      .catch(() => undefined)
      .finally(() => {
        this.flushing = null;
        if (this.flushAgain) {
          this.flushAgain = false;
          this.kick();
        } else this.arm();
      });
  }

  /** Moves virtual time forward by `ms`, running the platform and sending the webhooks due by then. */
  advance(ms: number): Promise<ClockState> {
    return this.serial(async () => {
      if (!(Number.isFinite(ms) && ms >= 0)) throw new ClockError(`can only advance by a duration ≥ 0, got ${ms}`);
      await this.moveTo(this.now() + Math.round(ms));
      return this.state();
    });
  }

  /** Sets virtual time to `t` (ms since the start; never earlier than now). */
  set(t: number): Promise<ClockState> {
    return this.serial(async () => {
      const now = this.now();
      if (!Number.isFinite(t)) throw new ClockError(`not a time: ${t}`);
      if (t < now) throw new ClockError(`time never goes back: it is ${this.host.world().iso(now)}, asked for ${this.host.world().iso(t)}`);
      await this.moveTo(Math.round(t));
      return this.state();
    });
  }

  /** Stops (or restarts) time: real mode stops following the wall; virtual mode stops auto-advancing. */
  freeze(frozen: boolean): ClockState {
    if (this.settings.mode === "real" && frozen !== this.frozen) {
      // Re-anchor so time resumes from where it stood.
      this.base = this.now();
      this.wallBase = performance.now();
    }
    this.frozen = frozen;
    this.arm();
    return this.state();
  }

  /**
   * Skips ahead until nothing the sender caused is outstanding — every status and reply of its
   * messages sent, every held message released or dropped — or `maxMs` of virtual time passed.
   */
  settle(maxMs: number): Promise<ClockState> {
    return this.serial(async () => {
      const stopAt = this.now() + maxMs;
      for (;;) {
        const target = this.nextTarget(stopAt);
        if (target === null) break;
        await this.stepTo(target);
      }
      await this.host.dispatcher.settled();
      if (this.settings.mode === "real") {
        this.base = this.host.world().now;
        this.wallBase = performance.now();
      }
      return this.state();
    });
  }

  private async moveTo(t: number): Promise<void> {
    const w = this.host.world();
    if (t > w.cfg.horizon) throw new ClockError(`the emulated world ends at ${w.iso(w.cfg.horizon)}: start the emulator with more --days to go further`);
    if (this.settings.mode === "real") {
      this.base = t;
      this.wallBase = performance.now();
    }
    // Step through every moment something happens on the way — a webhook falls due, the
    // platform fires a timer — so webhooks (and their retries) go out at their own virtual times.
    for (;;) {
      const next = this.nextMoment();
      if (next > t) break;
      await this.stepTo(Math.max(next, w.now));
    }
    await this.stepTo(t);
    // Deliveries another caller started (a send's own `sent` status) finish before we answer.
    await this.host.dispatcher.settled();
    this.arm();
  }

  /** The next moment anything happens: a webhook due, or just after the platform's next timer. */
  private nextMoment(): number {
    const platformNext = this.host.world().sp.nextEventAt();
    return Math.min(this.host.dispatcher.nextDue, platformNext === Infinity ? Infinity : platformNext + 1);
  }

  private async stepTo(t: number): Promise<number> {
    const w = this.host.world();
    w.advanceTo(t);
    return this.host.dispatcher.flush(w.now);
  }

  /** Whether the sender is waiting for something the clock has not reached yet. */
  private awaited(): boolean {
    const w = this.host.world();
    const d = this.host.dispatcher;
    return w.heldOutstanding > 0 || w.now < Math.max(w.awaitUntil, d.maxDue) || d.nextDue <= w.now;
  }

  /** The next moment worth stepping to, up to `limit`; null when nothing awaited remains. */
  private nextTarget(limit: number): number | null {
    if (!this.awaited()) return null;
    const w = this.host.world();
    const d = this.host.dispatcher;
    let t = this.nextMoment();
    if (t === Infinity) return null;
    if (w.heldOutstanding === 0 && t > Math.max(w.awaitUntil, d.maxDue) && d.nextDue > w.now) return null;
    t = Math.max(t, w.now);
    const cap = Math.min(limit, w.cfg.horizon);
    if (t > cap) return w.now < cap && w.heldOutstanding > 0 ? cap : null;
    return t;
  }

  /** Re-arms the timer: real mode wakes for the next due moment; virtual mode watches for idleness. */
  private arm(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.frozen) return;
    if (this.settings.mode === "real") {
      const w = this.host.world();
      const next = Math.min(this.host.dispatcher.nextDue, w.sp.nextEventAt() + 1);
      const wait = next === Infinity ? 1000 : Math.min(1000, Math.max(0, (next - this.now()) / this.settings.speed));
      this.timer = setTimeout(() => this.tick(), wait);
    } else if (this.settings.autoAdvance && this.awaited()) {
      this.timer = setTimeout(() => this.idle(), this.settings.idleMs);
    }
    this.timer?.unref();
  }

  /** Real mode: the world catches up with the wall; what fell due goes out. */
  private tick(): void {
    this.timer = null;
    void this.serial(async () => {
      const w = this.host.world();
      w.advanceTo(this.now());
      await this.host.dispatcher.flush(w.now);
    }).finally(() => this.arm());
  }

  /** Virtual mode, idle: skip ahead to the next awaited moment (and on, while nothing is sent). */
  private idle(): void {
    this.timer = null;
    if (this.inFlight > 0 || this.flushing || performance.now() - this.lastActivity < this.settings.idleMs) return this.arm();
    void this.serial(async () => {
      const w = this.host.world();
      for (let steps = 0; steps < MAX_STEPS; steps++) {
        const target = this.nextTarget(w.cfg.horizon);
        if (target === null) break;
        // Something went out: give the sender a moment to react before skipping further.
        if ((await this.stepTo(target)) > 0) break;
      }
    }).finally(() => this.arm());
  }

  /** Runs clock operations one at a time. */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.chain.then(op, op);
    this.chain = run.catch(() => undefined);
    return run;
  }
}
