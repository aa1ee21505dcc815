// Paralysis episodes: an interval in which a campaign wants to send and cannot, with its
// cause. A stall that eases and resumes within minutes (capacity freed one user at a time) is
// one episode; an episode is written once it can no longer merge with a new one.
import { HOUR, MINUTE } from "../../models/duration.js";
import type { Recorder } from "../recorder.js";
import type { ParalysisCause } from "../result.js";
import { round6 } from "../round.js";
import type { CampaignRun } from "./campaign.js";

/** A stall that resumes within this long after easing continues the same paralysis episode. */
const STALL_MERGE = 10 * MINUTE;

/**
 * Opens, merges and closes paralysis episodes per campaign.
 *
 * @example
 * ```ts
 * paralysis.set(c, "messaging-limit", now);  // paralysis-started (or the previous episode resumes)
 * paralysis.end(c, later);                   // eased; written when it can no longer merge
 * ```
 */
export class Paralysis {
  constructor(private readonly rec: Recorder) {}

  set(c: CampaignRun, cause: ParalysisCause, now: number): void {
    if (c.stall === cause) return;
    this.end(c, now);
    if (c.endedCause === cause && now - c.endedAt <= STALL_MERGE) {
      // The same stall resumed moments after it eased (capacity freed one user at a time): one episode.
      c.stall = cause;
      c.stallSince = c.endedSince;
      c.endedCause = null;
      return;
    }
    this.flush(c);
    c.stall = cause;
    c.stallSince = now;
    this.rec.event(now, { type: "paralysis-started", campaign: c.cfg.name, cause });
  }

  end(c: CampaignRun, now: number): void {
    if (c.stall === null) return;
    this.flush(c);
    c.endedCause = c.stall;
    c.endedSince = c.stallSince;
    c.endedAt = now;
    c.stall = null;
  }

  /** Records the episode that ended last, once it can no longer merge with a new one. */
  flush(c: CampaignRun): void {
    if (c.endedCause === null) return;
    const cause = c.endedCause;
    this.rec.paralysis(cause, c.endedSince, c.endedAt);
    this.rec.event(c.endedAt, { type: "paralysis-ended", campaign: c.cfg.name, cause, hours: round6((c.endedAt - c.endedSince) / HOUR) });
    c.endedCause = null;
  }
}
