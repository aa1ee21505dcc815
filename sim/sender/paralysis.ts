// Paralysis episodes: an interval in which a campaign wants to send and cannot, with its
// cause. One episode per continuous stall:
// - a stall that eases and resumes within minutes (capacity freed one user at a time) is one
//   episode;
// - a stall that outlasts the campaign's send window and still holds when the window opens
//   again, before anything was sent, is the same episode (a disabled template is one stop, not
//   one per day). Outside the window the campaign does not want to send, so those hours are not
//   paralysis: an episode's hours count only time inside the window.
// An episode is written once it can no longer merge with a new one.
import { HOUR, MINUTE } from "../../models/duration.js";
import type { Recorder } from "../recorder.js";
import type { ParalysisCause } from "../result.js";
import { round6 } from "../round.js";
import type { CampaignRun } from "./campaign.js";

/** A stall that resumes within this long after easing continues the same paralysis episode. */
const STALL_MERGE = 10 * MINUTE;

/**
 * Opens, suspends, merges and closes paralysis episodes per campaign.
 *
 * @example
 * ```ts
 * paralysis.set(c, "messaging-limit", now);  // paralysis-started (or the previous episode resumes)
 * paralysis.suspend(c, windowCloses);        // the send window closed: the clock stops, the episode stays open
 * paralysis.set(c, "messaging-limit", opens);// still stalled when the window opens: the same episode
 * paralysis.end(c, later);                   // eased; written when it can no longer merge
 * ```
 */
export class Paralysis {
  /**
   * @param templateName the current name of template `t` (a template-caused stall names the
   *   campaign's template: several may be paused or disabled at once)
   */
  constructor(
    private readonly rec: Recorder,
    private readonly templateName: (t: number) => string,
  ) {}

  set(c: CampaignRun, cause: ParalysisCause, now: number): void {
    if (c.stall === cause && !c.stallSuspended) return;
    if (c.stall === cause) {
      // Still stalled for the same reason when the window opens again, nothing sent in between.
      c.stallSuspended = false;
      c.stallClock = now;
      return;
    }
    this.end(c, now);
    if (c.endedCause === cause && now - c.endedAt <= STALL_MERGE) {
      // The same stall resumed moments after it eased (capacity freed one user at a time): one episode.
      c.stall = cause;
      c.stallSince = c.endedSince;
      c.stallHours = c.endedHours + (now - c.endedAt);
      c.stallClock = now;
      c.endedCause = null;
      return;
    }
    this.flush(c);
    c.stall = cause;
    c.stallSince = now;
    c.stallHours = 0;
    c.stallClock = now;
    c.stallSuspended = false;
    const template = cause.startsWith("template-") ? { template: this.templateName(c.cfg.template) } : {};
    this.rec.event(now, { type: "paralysis-started", campaign: c.cfg.name, cause, ...template });
  }

  /**
   * The send window closed: the stall's clock stops. The episode stays open and continues if
   * the same stall holds when the window opens again; anything else ends it where it stopped.
   */
  suspend(c: CampaignRun, now: number): void {
    this.flush(c);
    if (c.stall === null || c.stallSuspended) return;
    c.stallHours += now - c.stallClock;
    c.stallClock = now;
    c.stallSuspended = true;
  }

  end(c: CampaignRun, now: number): void {
    this.close(c, now, false);
  }

  private close(c: CampaignRun, now: number, ongoing: boolean): void {
    if (c.stall === null) return;
    this.flush(c);
    const suspended = c.stallSuspended;
    c.endedCause = c.stall;
    c.endedSince = c.stallSince;
    // A suspended stall ended where its clock stopped, when the window closed.
    c.endedAt = suspended ? c.stallClock : now;
    c.endedHours = suspended ? c.stallHours : c.stallHours + (now - c.stallClock);
    c.stall = null;
    c.stallSuspended = false;
    // Sending resumed after a closed window, or the run is over: nothing can merge back into it.
    if (suspended || ongoing) this.flush(c, ongoing);
  }

  /**
   * Records the episode that ended last, once it can no longer merge with a new one.
   * `ongoing` marks an episode still open when the run ended (written at the horizon).
   */
  flush(c: CampaignRun, ongoing = false): void {
    if (c.endedCause === null) return;
    const cause = c.endedCause;
    this.rec.paralysis(cause, c.endedHours);
    this.rec.event(c.endedAt, {
      type: "paralysis-ended",
      campaign: c.cfg.name,
      cause,
      hours: round6(c.endedHours / HOUR),
      ...(ongoing ? { ongoing: true as const } : {}),
    });
    c.endedCause = null;
  }

  /** The horizon: writes every episode; one still stalled (or suspended) is marked ongoing. */
  finish(c: CampaignRun, horizon: number): void {
    this.flush(c);
    this.close(c, horizon, true);
  }
}
