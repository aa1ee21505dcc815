// Runtime state of one campaign: where its occurrence's cursor stands over the population,
// the users waiting for a retry, its throttle and retry policy, and the paralysis it is in.
// Work is a cursor plus a small deque of user ids — never a list of message objects.
import { rewritable } from "../engine/index.js";
import type { SimCampaign } from "../config.js";
import type { ParalysisCause } from "../result.js";
import { RetryPolicy } from "./retry.js";
import type { Throttle } from "./throttle.js";

/**
 * A FIFO of user ids, each with the time it became ready, with push-front for re-queued
 * sends; typed arrays, grows by doubling.
 */
export class UserDeque {
  private buf = new Int32Array(64);
  private ready = new Float64Array(64);
  private head = 0;
  size = 0;
  /** Ready time of the user last popped. */
  lastReady = 0;

  pushBack(u: number, readyAt: number): void {
    if (this.size === this.buf.length) this.grow();
    const j = (this.head + this.size) & (this.buf.length - 1);
    this.buf[j] = u;
    this.ready[j] = readyAt;
    this.size++;
  }

  pushFront(u: number, readyAt: number): void {
    if (this.size === this.buf.length) this.grow();
    this.head = (this.head - 1) & (this.buf.length - 1);
    this.buf[this.head] = u;
    this.ready[this.head] = readyAt;
    this.size++;
  }

  popFront(): number {
    const u = this.buf[this.head];
    this.lastReady = this.ready[this.head];
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.size--;
    return u;
  }

  private grow(): void {
    const n = this.buf.length;
    const next = new Int32Array(n * 2);
    const ready = new Float64Array(n * 2);
    for (let i = 0; i < this.size; i++) {
      next[i] = this.buf[(this.head + i) & (n - 1)];
      ready[i] = this.ready[(this.head + i) & (n - 1)];
    }
    this.buf = next;
    this.ready = ready;
    this.head = 0;
  }
}

/** Mutable state of one campaign during a run. */
export class CampaignRun {
  readonly retry: RetryPolicy;
  readonly segMask: Uint8Array;
  readonly marketing: boolean;
  /** Occurrence number (−1 before the first). */
  occurrence = -1;
  /**
   * The occurrence visits users `rotation, rotation + 1, …` modulo its span, so a campaign that
   * cannot reach everyone in one occurrence reaches the next users in the following one instead
   * of the same first ones again.
   */
  rotation = 0;
  span = 0;
  cursor = 0;
  cursorEnd = 0;
  /** Plan mode: sends still owed to fresh users, and the next plan entry. */
  planLeft = 0;
  planNext = 0;
  /** Plan mode: user ids below this were taken or are of other segments (users only join at the end). */
  planCursor = 0;
  readonly queue = new UserDeque();
  /** Failures per user in this campaign, for retry limits (grows with the population). */
  failures = new Uint8Array(0);
  /** Retry events scheduled and not yet fired; those waiting out a per-user cap. */
  retriesPending = 0;
  capRetriesPending = 0;
  pumpAt = Infinity;
  pumpHandle = -1;
  /** The open paralysis episode: its cause, start, in-window time so far (ms) and the clock it runs from. */
  stall: ParalysisCause | null = null;
  stallSince = 0;
  stallHours = 0;
  stallClock = 0;
  /** The send window closed during the stall: its clock is stopped until the window opens again. */
  stallSuspended = false;
  /** A stall that just ended, kept open briefly so that flapping merges into one episode. */
  endedCause: ParalysisCause | null = null;
  endedSince = 0;
  endedAt = 0;
  endedHours = 0;
  backoffUntil = 0;
  backoffLevel = 0;
  started = false;
  /** Set once, in the runs where the campaign completes before the horizon: a minority of them. */
  completed = false;
  /** No more occurrences or plan entries will come. */
  lastOccurrence = false;
  sent = 0;
  /** When the cursor's / plan's users became ready (occurrence start, plan entry time). */
  readySince = 0;
  /** Ready time of the user returned by the last `nextUser`. */
  lastReady = 0;

  constructor(
    readonly index: number,
    readonly cfg: SimCampaign,
    readonly throttle: Throttle,
    segments: number,
    marketing: boolean,
  ) {
    this.retry = new RetryPolicy(cfg.retry);
    this.segMask = new Uint8Array(segments);
    for (const s of cfg.segments) this.segMask[s] = 1;
    this.marketing = marketing;
    rewritable<CampaignRun>(this, "completed");
  }

  /** User id at position `i` of the current occurrence. */
  userAt(i: number): number {
    const u = this.rotation + i;
    return u >= this.span ? u - this.span : u;
  }

  get isPlan(): boolean {
    return this.cfg.plan !== null;
  }

  /** Sends waiting right now (an upper bound for audience campaigns: the cursor is filtered lazily). */
  get pending(): number {
    return this.queue.size + (this.isPlan ? this.planLeft : this.cursorEnd - this.cursor);
  }

  /** Number of failures of `user` in this campaign after one more. */
  bumpFailures(user: number): number {
    if (user >= this.failures.length) {
      const next = new Uint8Array(Math.max(64, (user + 1) * 2));
      next.set(this.failures);
      this.failures = next;
    }
    const n = this.failures[user] + 1;
    this.failures[user] = Math.min(255, n);
    return n;
  }
}
