// The event loop. Events are (time, kind, arg) triples: `kind` selects a callback from a
// dispatch table, `arg` is one int32 the model chooses (a user id, a slot in its own typed
// arrays). Nothing is allocated per event: every scheduled event owns a slot in typed arrays
// (kind, arg, generation), the heap holds (time, slot, generation), and cancelling bumps
// the slot's generation so the stale heap entry is skipped when it surfaces (lazy deletion;
// no O(n) search). Over 400 lines on purpose: the loop, its misuse checks and their messages
// are one unit, and most of the file is their documentation.
import { EventHeap } from "./heap.js";

/**
 * Opaque number identifying one scheduled event (slot + generation). Stays safe to use after
 * the event ran or was cancelled: `cancel` and `isPending` then return `false`.
 */
export type EventHandle = number;

/** Callback for one event kind. `now` equals the simulation clock. */
export type EventHandler = (arg: number, now: number) => void;

/** Stable codes of {@link SimulationError}. */
export type SimulationErrorCode =
  /** A time or delay is NaN or infinite. */
  | "ERR_TIME_INVALID"
  /** An absolute time lies before `now`. */
  | "ERR_TIME_PAST"
  /** A delay is negative. */
  | "ERR_DELAY_NEGATIVE"
  /** A time is fractional while the simulation runs on integer time. */
  | "ERR_TIME_NOT_INTEGER"
  /** No handler is registered for the kind being scheduled. */
  | "ERR_NO_HANDLER"
  /** A kind is not a small non-negative integer. */
  | "ERR_KIND_INVALID"
  /** `runUntil`/`run`/`step` called from inside a handler. */
  | "ERR_REENTRANT"
  /** `reschedule` called outside a handler, or twice in one handler. */
  | "ERR_NOT_DISPATCHING"
  /** `runUntil` horizon before `now`, or NaN. */
  | "ERR_HORIZON_INVALID";

/**
 * Error thrown by {@link Simulation} for misuse; `code` is stable, the message is for people.
 * @example
 * ```ts
 * try {
 *   sim.schedule(sim.now - 1, KIND);
 * } catch (e) {
 *   if (e instanceof SimulationError && e.code === "ERR_TIME_PAST") {
 *     // a model bug: it computed a time before the clock
 *   }
 * }
 * ```
 */
export class SimulationError extends Error {
  readonly code: SimulationErrorCode;
  constructor(code: SimulationErrorCode, message: string) {
    super(message);
    this.name = `SimulationError [${code}]`;
    this.code = code;
  }
}

/** Options of {@link Simulation}. */
export interface SimulationOptions {
  /** Clock value at construction. Default 0. */
  start?: number;
  /**
   * `"integer"` (default): every time must be a whole number — tiersim counts integer
   * milliseconds, exact up to 2^53, so `t + d` never drifts and ties are exact.
   * `"real"`: any finite time, for models written in continuous time units.
   */
  time?: "integer" | "real";
  /** Pending events allocated up front; both the heap and the slot table grow by doubling. */
  initialCapacity?: number;
  /** Largest event kind accepted (dispatch table size − 1). Default 255. */
  maxKind?: number;
}

// A handle packs (generation, slot) into one safe integer: slot in the low 26 bits (64 M
// simultaneous events), generation in the upper 27 bits (wraps per slot after 134 M reuses;
// a stale handle could only alias after exactly that many reuses of its slot).
const SLOT_BITS = 26;
const SLOT_SPACE = 2 ** SLOT_BITS;
const GEN_MASK = 2 ** 27 - 1;
const MAX_SLOTS = SLOT_SPACE;

function noHandler(): void {
  // Placeholder in the dispatch table; `schedule` refuses kinds that still point here.
}

/**
 * A discrete-event simulation: a virtual clock, a future-event list and a dispatch table.
 *
 * **Time.** `now` starts at `options.start` (0) and only moves forward. With the default
 * `time: "integer"` every time is a whole number of the model's unit (milliseconds in
 * tiersim). Scheduling NaN, ±Infinity, a negative delay or a time before `now` throws a
 * {@link SimulationError}.
 *
 * **Order.** Events run in order of time; events with equal times run in the order they were
 * scheduled (FIFO), always. An event scheduled for `now` from inside a handler runs after the
 * events already pending for `now`.
 *
 * **End of run.** `runUntil(horizon)` runs every event with time strictly less than
 * `horizon`, then sets `now = horizon`. An event at exactly `horizon` does not run; it stays
 * pending, as does everything later, so a second `runUntil` with a larger horizon resumes the
 * same trajectory: `runUntil(a); runUntil(b)` executes exactly what `runUntil(b)` would.
 * `stop()` inside a handler ends the current `runUntil` after that handler returns, leaving
 * `now` at the time of the stopping event.
 *
 * @example
 * ```ts
 * const ARRIVE = 0;
 * const sim = new Simulation();
 * let arrivals = 0;
 * sim.on(ARRIVE, (user, now) => {
 *   arrivals++;
 *   if (user < 9) sim.after(1000, ARRIVE, user + 1); // next user one second later
 * });
 * sim.schedule(0, ARRIVE, 0);
 * sim.runUntil(5000); // runs the events at 0, 1000, …, 4000: arrivals === 5, sim.now === 5000
 * sim.runUntil(60_000); // resumes: arrivals === 10
 * ```
 */
export class Simulation {
  private readonly heap: EventHeap;
  private readonly integer: boolean;
  private readonly handlers: EventHandler[];
  private readonly registered: Uint8Array;

  // Slot table, interleaved so one event's fields share a cache line (a large model touches
  // each slot once per event, at random): [kind, arg, generation, unused] per slot.
  private slots: Int32Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  private slotCount = 0;

  // Initialised as a number, not left undefined until the constructor runs: V8 then keeps the
  // field as an unboxed double and updates it in place instead of allocating on every event.
  private clock = 0;
  private running = false;
  private stopRequested = false;
  // Slot and kind of the event being dispatched. The slot is −1 outside a handler and also
  // once the handler has re-used it through `reschedule` (the entry then belongs to the new
  // event, so the loop must not retire it).
  private curSlot = -1;
  private curKind = 0;

  private executed = 0;
  private cancelledCount = 0;

  constructor(options: SimulationOptions = {}) {
    const start = options.start ?? 0;
    this.integer = (options.time ?? "integer") === "integer";
    if (!Number.isFinite(start)) throw new SimulationError("ERR_TIME_INVALID", `start must be finite, got ${start}`);
    if (this.integer && !Number.isInteger(start)) {
      throw new SimulationError("ERR_TIME_NOT_INTEGER", `start must be an integer with time: "integer", got ${start}`);
    }
    this.clock = start;
    const cap = Math.max(16, Math.floor(options.initialCapacity ?? 1024));
    this.heap = new EventHeap(cap);
    this.slots = new Int32Array(cap * 4);
    this.freeSlots = new Int32Array(cap);
    const maxKind = options.maxKind ?? 255;
    if (!Number.isInteger(maxKind) || maxKind < 0 || maxKind > 65535) {
      throw new SimulationError("ERR_KIND_INVALID", `maxKind must be an integer in [0, 65535], got ${maxKind}`);
    }
    this.handlers = new Array<EventHandler>(maxKind + 1).fill(noHandler);
    this.registered = new Uint8Array(maxKind + 1);
  }

  /** Current virtual time. */
  get now(): number {
    return this.clock;
  }

  /** Events whose handler has been called (cumulative over all runs). */
  get eventsExecuted(): number {
    return this.executed;
  }

  /** Events scheduled so far, including rescheduled and later-cancelled ones. */
  get eventsScheduled(): number {
    return this.heap.pushed;
  }

  /** Events cancelled while pending. */
  get eventsCancelled(): number {
    return this.cancelledCount;
  }

  /** Events pending (scheduled, not yet run, not cancelled). */
  get pending(): number {
    // Every push or reschedule creates one event, which ends executed or cancelled; counting
    // this way keeps a counter update out of the hot loop.
    return this.heap.pushed - this.executed - this.cancelledCount;
  }

  /**
   * Time of the next pending event, or `Infinity` when none is pending. From inside a handler
   * this is `now` until the handler returns (its own entry is still queued).
   */
  nextTime(): number {
    this.dropCancelledTop();
    return this.heap.peekTime();
  }

  /**
   * Register the callback for an event kind (replacing any earlier one).
   * @param kind integer in [0, maxKind]
   */
  on(kind: number, handler: EventHandler): this {
    this.checkKind(kind);
    this.handlers[kind] = handler;
    this.registered[kind] = 1;
    return this;
  }

  /**
   * Schedule an event of `kind` at absolute time `at` (≥ `now`).
   * @param arg int32 passed to the handler (e.g. a user id). Default 0.
   * @returns a handle for {@link Simulation.cancel}.
   */
  schedule(at: number, kind: number, arg = 0): EventHandle {
    // One comparison refuses NaN and the past together; the slow path sorts out which.
    if (!(at >= this.clock) || at === Infinity || (this.integer && Math.floor(at) !== at)) this.badTime(at);
    if (!(kind < this.registered.length && this.registered[kind] === 1)) this.badKind(kind);
    return this.insert(at, kind, arg);
  }

  /**
   * Schedule an event `delay` after `now`. A delay of 0 runs after the events already pending
   * at `now`.
   */
  after(delay: number, kind: number, arg = 0): EventHandle {
    if (!(delay >= 0)) this.badDelay(delay, kind);
    return this.schedule(this.clock + delay, kind, arg);
  }

  /**
   * Reschedule the event being handled, `delay` after `now`, optionally with a new kind and
   * arg (default: unchanged). Cheaper than `after` from a handler: the event's heap entry is
   * replaced in place (one sift-down instead of a pop and a push). Only callable from inside a
   * handler, once per dispatch.
   * @returns the handle of the rescheduled event (the old handle is no longer pending).
   */
  reschedule(delay: number, kind?: number, arg?: number): EventHandle {
    const slot = this.curSlot;
    if (slot < 0) this.notDispatching();
    const at = this.clock + delay;
    // One test refuses NaN, negative, infinite and fractional delays; the slow path tells them apart.
    if (!(delay >= 0) || at === Infinity || (this.integer && Math.floor(at) !== at)) this.badDelay(delay, kind ?? this.curKind);
    const slots = this.slots;
    const base = slot * 4;
    // The current kind was validated when the event was scheduled; only a new one is checked.
    if (kind !== undefined && kind !== this.curKind) {
      if (!(kind < this.registered.length && this.registered[kind] === 1)) this.badKind(kind);
      slots[base] = kind;
    }
    if (arg !== undefined) slots[base + 1] = arg;
    this.curSlot = -1;
    const gen = slots[base + 2];
    this.heap.replaceTop(at, slot, gen);
    return gen * SLOT_SPACE + slot;
  }

  /**
   * Cancel a pending event. Lazy: the heap entry is skipped when it reaches the top.
   * @returns `true` if the event was pending, `false` if it already ran, was cancelled, or is
   * the event currently being handled.
   */
  cancel(handle: EventHandle): boolean {
    if (!this.isPending(handle)) return false;
    const g = (handle % SLOT_SPACE) * 4 + 2;
    this.slots[g] = (this.slots[g] + 1) & GEN_MASK;
    this.cancelledCount++;
    // The slot is freed when its stale entry is popped, not now: until then the heap still
    // references it, and re-using it early would let the stale entry be mistaken for a live one
    // after enough generations.
    return true;
  }

  /** Whether `handle` designates an event that is scheduled and has neither run nor been cancelled. */
  isPending(handle: EventHandle): boolean {
    if (!Number.isSafeInteger(handle) || handle < 0) return false;
    const slot = handle % SLOT_SPACE;
    const gen = Math.floor(handle / SLOT_SPACE);
    // The running event's generation was bumped at dispatch and freed slots were bumped when
    // they ran or were cancelled, so only a pending event still matches its handle.
    return slot < this.slotCount && this.slots[slot * 4 + 2] === gen;
  }

  /** Ask the current `runUntil` / `run` to return after the handler that calls this. */
  stop(): void {
    this.stopRequested = true;
  }

  /**
   * Run events with time < `horizon`, then set `now` to `horizon` (unless `stop()` was called).
   * `runUntil(Infinity)` runs until no event is pending and leaves `now` at the last event.
   * @returns the number of events executed by this call.
   */
  runUntil(horizon: number): number {
    if (horizon !== horizon || horizon < this.clock) {
      throw new SimulationError("ERR_HORIZON_INVALID", `horizon must be ≥ now (${this.clock}), got ${horizon}`);
    }
    const before = this.executed;
    this.loop(horizon, Infinity);
    if (!this.stopRequested && horizon !== Infinity) this.clock = horizon;
    this.stopRequested = false;
    return this.executed - before;
  }

  /** Run until no event is pending or `stop()` is called; `now` stays at the last event time. */
  run(): number {
    return this.runUntil(Infinity);
  }

  /**
   * Execute the next pending event, whatever its time.
   * @returns `false` if no event was pending.
   */
  step(): boolean {
    const before = this.executed;
    this.loop(Infinity, 1);
    this.stopRequested = false;
    return this.executed > before;
  }

  private loop(horizon: number, maxEvents: number): void {
    if (this.running) throw new SimulationError("ERR_REENTRANT", "runUntil/run/step called from inside an event handler");
    this.running = true;
    this.stopRequested = false;
    const heap = this.heap;
    const handlers = this.handlers;
    // A constant bound compared with the executed counter, not a decremented local: a local
    // holding Infinity is a double, and V8 boxed it on every iteration here (one allocation
    // per event).
    const limit = this.executed + maxEvents;
    try {
      while (this.executed < limit && heap.readTop() && heap.time < horizon) {
        const slot = heap.payload;
        const slots = this.slots;
        const g = slot * 4 + 2;
        if (slots[g] !== heap.arg) {
          // Cancelled: drop the stale entry and recycle the slot.
          heap.pop();
          this.freeSlots[this.freeCount++] = slot;
          continue;
        }
        // The handler runs with its entry still on top of the heap: anything it schedules
        // has time ≥ now and a larger sequence number, so the entry stays on top and
        // `reschedule` can overwrite it with replaceTop.
        const now = heap.time;
        this.clock = now;
        slots[g] = (slots[g] + 1) & GEN_MASK;
        const kind = slots[g - 2];
        const arg = slots[g - 1];
        this.curSlot = slot;
        this.curKind = kind;
        this.executed++;
        handlers[kind](arg, now);
        if (this.curSlot === slot) {
          this.curSlot = -1;
          heap.pop();
          this.freeSlots[this.freeCount++] = slot;
        }
        if (this.stopRequested) break;
      }
    } finally {
      if (this.curSlot >= 0) {
        // A handler threw before rescheduling: retire its entry so the simulation stays consistent.
        heap.pop();
        this.freeSlots[this.freeCount++] = this.curSlot;
        this.curSlot = -1;
      }
      this.running = false;
    }
  }

  private insert(at: number, kind: number, arg: number): EventHandle {
    let slot: number;
    if (this.freeCount > 0) slot = this.freeSlots[--this.freeCount];
    else {
      if (this.slotCount === this.freeSlots.length) this.growSlots();
      slot = this.slotCount++;
    }
    const slots = this.slots;
    slots[slot * 4] = kind;
    slots[slot * 4 + 1] = arg;
    const gen = slots[slot * 4 + 2];
    this.heap.push(at, slot, gen);
    return gen * SLOT_SPACE + slot;
  }

  private dropCancelledTop(): void {
    const heap = this.heap;
    while (heap.size > 0) {
      heap.readTop();
      const slot = heap.payload;
      if (this.slots[slot * 4 + 2] === heap.arg || slot === this.curSlot) return;
      heap.pop();
      this.freeSlots[this.freeCount++] = slot;
    }
  }

  private growSlots(): void {
    const cap = this.freeSlots.length * 2;
    if (this.freeSlots.length >= MAX_SLOTS) {
      throw new RangeError(`more than ${MAX_SLOTS} simultaneous pending events`);
    }
    const slots = new Int32Array(cap * 4);
    slots.set(this.slots);
    this.slots = slots;
    const f = new Int32Array(cap);
    f.set(this.freeSlots);
    this.freeSlots = f;
  }

  private checkKind(kind: number): void {
    if (!Number.isInteger(kind) || kind < 0 || kind >= this.registered.length) {
      throw new SimulationError("ERR_KIND_INVALID", `kind must be an integer in [0, ${this.registered.length - 1}], got ${kind}`);
    }
  }

  private badKind(kind: number): never {
    this.checkKind(kind);
    throw new SimulationError("ERR_NO_HANDLER", `no handler registered for kind ${kind}: call sim.on(${kind}, handler) first`);
  }

  private notDispatching(): never {
    throw new SimulationError(
      "ERR_NOT_DISPATCHING",
      this.running ? "reschedule() called twice for the same event" : "reschedule() must be called from inside an event handler",
    );
  }

  private badDelay(delay: number, kind: number): never {
    if (delay !== delay) throw new SimulationError("ERR_TIME_INVALID", `delay must be a number, got NaN (kind ${kind})`);
    if (delay < 0) throw new SimulationError("ERR_DELAY_NEGATIVE", `delay must be ≥ 0, got ${delay} (kind ${kind}, now ${this.clock})`);
    this.badTime(this.clock + delay);
  }

  private badTime(at: number): never {
    if (at !== at || at === Infinity || at === -Infinity) {
      throw new SimulationError("ERR_TIME_INVALID", `event time must be a finite number, got ${at}`);
    }
    if (at < this.clock) {
      throw new SimulationError("ERR_TIME_PAST", `cannot schedule at ${at}: it is before now (${this.clock})`);
    }
    throw new SimulationError("ERR_TIME_NOT_INTEGER", `event time must be an integer with time: "integer", got ${at}`);
  }
}
