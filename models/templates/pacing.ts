// Template pacing (reference §4.5, [S16], [S38]): from 12 Oct 2023 Meta paces MARKETING
// templates — and UTILITY templates when a utility template was paused in the previous 7 days —
// that are new, just unpaused, or not GREEN. The first sends go out; further sends are
// accepted as `held_for_quality_assessment`; after a listening period the early feedback
// decides: good → the held messages are released; bad → the template takes its next pause step
// and every held message fails with 132015.
//
// What Meta leaves undisclosed is a parameter (`templates.pacing`): how many sends go out
// first, how long it listens, and what "bad" early feedback is. The rule here:
// - a template needs an assessment when it is approved (new, edited or replaced), when it is
//   unpaused, and when its rating falls to YELLOW or RED; a good assessment clears the need;
// - an assessment episode starts at the first send that needs one: `initialBatch` sends go out,
//   the rest are held; at start + `listenFor` the feedback on the deliveries since the start is
//   judged bad when it reaches `badAt` on at least `minFeedback` deliveries (too little
//   feedback is not bad feedback).
import type { RuleSet } from "../rules/types.js";

/** What a send to a paced template does. */
export const PACE_SEND = 0;
export const PACE_HOLD = 1;
export type PaceDecision = typeof PACE_SEND | typeof PACE_HOLD;

/**
 * The pacing state of one template.
 *
 * @example
 * ```ts
 * const p = new TemplatePacing(rs.templates.pacing);
 * p.decide(t0, true);            // PACE_SEND: the episode starts; p.checkAt === t0 + 1 h
 * // … after `initialBatch` sends, decide() returns PACE_HOLD …
 * p.assessed(true);              // good feedback at checkAt: episode over, no more pacing
 * ```
 */
export class TemplatePacing {
  /** Start of the running assessment episode, or −1. */
  private start = -1;
  private sentInBatch = 0;
  private needs = true;
  private readonly p: RuleSet["templates"]["pacing"];

  constructor(p: RuleSet["templates"]["pacing"]) {
    this.p = p;
  }

  /** The template needs an assessment (approved, unpaused, or its rating fell). */
  requireAssessment(): void {
    this.needs = true;
  }

  /** Whether an assessment episode is running. */
  get active(): boolean {
    return this.start >= 0;
  }

  /**
   * Whether a send needs no decision: no episode runs and none is needed, so {@link decide}
   * would send and change nothing whatever the date and category.
   */
  get quiet(): boolean {
    return this.start < 0 && !this.needs;
  }

  /** Start of the running episode (−1 when none). */
  get since(): number {
    return this.start;
  }

  /** When the running episode's feedback is judged, or `null`. */
  get checkAt(): number | null {
    return this.start >= 0 ? this.start + this.p.listenFor : null;
  }

  /**
   * A send at `now` to this template, which pacing applies to when `applies` (by date and
   * category): PACE_SEND or PACE_HOLD. Starts an episode when one is needed.
   */
  decide(now: number, applies: boolean): PaceDecision {
    if (this.start < 0) {
      if (!applies || !this.needs) return PACE_SEND;
      this.start = now;
      this.sentInBatch = 0;
    }
    if (this.sentInBatch < this.p.initialBatch) {
      this.sentInBatch++;
      return PACE_SEND;
    }
    return PACE_HOLD;
  }

  /** Ends the running episode with its verdict: good clears the need for an assessment. */
  assessed(good: boolean): void {
    this.start = -1;
    this.sentInBatch = 0;
    this.needs = !good;
  }
}
