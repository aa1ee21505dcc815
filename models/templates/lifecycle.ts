// One template's status and quality (reference §4.4, §4.5, §11.3): review, rejection and
// resubmission, and the pause ladder — RED pauses it for 3 h, then 6 h, then disables it for good.
import type { Quality, RuleSet, TemplateStatus } from "../rules/types.js";

/** Error code for a send to a template that is PENDING or REJECTED: "template not found or not approved". */
export const TEMPLATE_NOT_APPROVED_CODE = 132001;

/** Why a template's status changed; names follow Meta's `other_info.title` where one exists. */
export type TemplateStatusReason = "APPROVED" | "REJECTED" | "RESUBMITTED" | "FIRST_PAUSE" | "SECOND_PAUSE" | "PAUSE" | "UNPAUSE" | "DISABLED" | "REPLACEMENT_SUBMITTED";

/** A status or quality change of a template at virtual time `at`. */
export type TemplateTransition =
  | { at: number; kind: "status"; from: TemplateStatus; to: TemplateStatus; reason: TemplateStatusReason }
  | { at: number; kind: "quality"; from: Quality; to: Quality };

/**
 * State of one template.
 *
 * Choices where Meta is vague: on unpause (automatic or manual) the quality goes back to
 * UNKNOWN (also on resubmission) — Meta says it is "reset based on recent feedback". The
 * caller's meter starts afresh at that moment (TemplateQualityMeter.reset), so the next rating
 * rests only on deliveries made after the unpause: the template stays UNKNOWN until enough of
 * them exist, and its next strike needs new negative feedback on them. Pauses are counted
 * within `pauseCountWindow` (null = lifetime). A RED observation while PENDING, REJECTED,
 * PAUSED or DISABLED changes only the quality. A PENDING or REJECTED template refuses sends
 * with 132001 ("template not found or not approved"), the code Meta returns for a template
 * that cannot be used.
 *
 * @example
 * ```ts
 * const t = new TemplateState(rs, "PENDING");
 * t.reviewed(true, 0);
 * t.observeQuality("RED", HOUR);   // → PAUSED for 3 h (FIRST_PAUSE)
 * t.sendCode(2 * HOUR);            // 132015
 * t.advance(4 * HOUR);             // → APPROVED (UNPAUSE), quality UNKNOWN
 * ```
 */
export class TemplateState {
  private readonly t: RuleSet["templates"];
  private _status: TemplateStatus;
  /**
   * `_status === "APPROVED"`, kept with it: every send asks, and a comparison of strings V8
   * cannot prove interned is a call in optimized code (one per campaign attempt).
   */
  private approved: boolean;
  private _quality: Quality = "UNKNOWN";
  private pausedUntil = Infinity;
  private readonly pauses: number[] = [];

  constructor(rs: RuleSet, status: TemplateStatus = "PENDING") {
    this.t = rs.templates;
    if (status === "PAUSED") throw new RangeError("a template cannot start PAUSED: start APPROVED and observe RED");
    this._status = status;
    this.approved = status === "APPROVED";
  }

  get status(): TemplateStatus {
    return this._status;
  }
  get quality(): Quality {
    return this._quality;
  }
  /** Pauses counted at `now` (within `pauseCountWindow`). */
  pauseCount(now: number): number {
    const w = this.t.pauseCountWindow;
    if (w === null) return this.pauses.length;
    let n = 0;
    for (const p of this.pauses) if (p > now - w) n++;
    return n;
  }

  /** Review outcome for a PENDING template. */
  reviewed(approved: boolean, now: number): TemplateTransition[] {
    if (this._status !== "PENDING") return [];
    return [this.setStatus(now, approved ? "APPROVED" : "REJECTED", approved ? "APPROVED" : "REJECTED")];
  }

  /**
   * Edit and resubmit a REJECTED or PAUSED template: back to PENDING, quality back to UNKNOWN
   * (new content has no feedback yet; reset the template's meter too for a clean slate).
   */
  resubmit(now: number): TemplateTransition[] {
    if (this._status !== "REJECTED" && this._status !== "PAUSED") return [];
    this.pausedUntil = Infinity;
    const out = [this.setStatus(now, "PENDING", "RESUBMITTED")];
    if (this._quality !== "UNKNOWN") {
      out.push({ at: now, kind: "quality", from: this._quality, to: "UNKNOWN" });
      this._quality = "UNKNOWN";
    }
    return out;
  }

  /** Quality evaluated by the template's meter at `now`; RED on an APPROVED template pauses or disables it. */
  observeQuality(q: Quality, now: number): TemplateTransition[] {
    const out: TemplateTransition[] = [];
    this.advanceInto(now, out);
    if (q !== this._quality) {
      out.push({ at: now, kind: "quality", from: this._quality, to: q });
      this._quality = q;
    }
    if (q === "RED" && this._status === "APPROVED") {
      const n = this.pauseCount(now);
      this.pauses.push(now);
      if (n < this.t.pauseDurations.length) {
        this.pausedUntil = now + this.t.pauseDurations[n];
        out.push(this.setStatus(now, "PAUSED", n === 0 ? "FIRST_PAUSE" : n === 1 ? "SECOND_PAUSE" : "PAUSE"));
      } else {
        out.push(this.setStatus(now, "DISABLED", "DISABLED"));
      }
    }
    return out;
  }

  /**
   * A DISABLED template is succeeded by a new one (a new name, submitted for review): PENDING,
   * quality UNKNOWN, no pauses on record.
   */
  replace(now: number): TemplateTransition[] {
    if (this._status !== "DISABLED") return [];
    this.pauses.length = 0;
    this.pausedUntil = Infinity;
    const out = [this.setStatus(now, "PENDING", "REPLACEMENT_SUBMITTED")];
    if (this._quality !== "UNKNOWN") {
      out.push({ at: now, kind: "quality", from: this._quality, to: "UNKNOWN" });
      this._quality = "UNKNOWN";
    }
    return out;
  }

  /** Manual unpause (`POST /{template_id}/unpause`). */
  unpause(now: number): TemplateTransition[] {
    if (this._status !== "PAUSED") return [];
    return this.doUnpause(now);
  }

  /**
   * Disables the template at `now`, whatever its status (a test's doing: the emulator's control
   * plane). A disabled template stays disabled until {@link replace}d.
   */
  disable(now: number): TemplateTransition[] {
    if (this._status === "DISABLED") return [];
    this.pausedUntil = Infinity;
    return [this.setStatus(now, "DISABLED", "DISABLED")];
  }

  /** When the pause ends, or `null`. */
  nextDueAt(): number | null {
    return this._status === "PAUSED" && this.pausedUntil !== Infinity ? this.pausedUntil : null;
  }

  /** Apply the automatic unpause if due at or before `now`. */
  advance(now: number): TemplateTransition[] {
    const out: TemplateTransition[] = [];
    this.advanceInto(now, out);
    return out;
  }

  /**
   * Code a send at `now` gets from the template alone: 0 (usable), `pausedCode` (132015: not
   * sent, not charged, not counted), `disabledCode` (132016), or 132001 for PENDING / REJECTED.
   * A pause that has run out reads as usable even before {@link advance} records the unpause.
   */
  sendCode(now: number): number {
    // APPROVED is answered by the flag; the switch sees the other statuses only.
    if (this.approved) return 0;
    switch (this._status) {
      case "PAUSED":
        return now >= this.pausedUntil ? 0 : this.t.pausedCode;
      case "DISABLED":
        return this.t.disabledCode;
      default:
        return TEMPLATE_NOT_APPROVED_CODE;
    }
  }

  private advanceInto(now: number, out: TemplateTransition[]): void {
    if (this._status === "PAUSED" && this.pausedUntil <= now) out.push(...this.doUnpause(this.pausedUntil));
  }

  private doUnpause(at: number): TemplateTransition[] {
    this.pausedUntil = Infinity;
    const out: TemplateTransition[] = [this.setStatus(at, "APPROVED", "UNPAUSE")];
    if (this._quality !== "UNKNOWN") {
      out.push({ at, kind: "quality", from: this._quality, to: "UNKNOWN" });
      this._quality = "UNKNOWN";
    }
    return out;
  }

  private setStatus(at: number, to: TemplateStatus, reason: TemplateStatusReason): TemplateTransition {
    const from = this._status;
    this._status = to;
    this.approved = to === "APPROVED";
    return { at, kind: "status", from, to, reason };
  }
}

// The simulator imports the whole template model from this file.
export { TemplateQualityMeter } from "./quality.js";
export { reviewDelay, inverseNormalCdf } from "./review.js";
