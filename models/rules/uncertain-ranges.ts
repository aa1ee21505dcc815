// Plausible ranges of the rule-set parameters Meta does not publish — the quality and pacing
// thresholds, the share of the per-user marketing budget other businesses use — and of the
// fatigue slope, sampled per replication when a scenario says `uncertainty: { rules: true }`.
// Meta publishes no number for any of them; the defaults are tiersim's assumptions (see
// `tiersim rules <id>`), and these ranges say how far off they could plausibly be.
import type { Dist } from "../uncertain.js";

/** One unpublished parameter (or a group that must move together) and its range. */
export interface RuleRange {
  /** The key of its draws, and its name in `perRun[].parameters` and the sensitivity ranking. */
  path: string;
  /**
   * What a draw sets: `scale` multiplies every listed rule-set parameter by the drawn factor
   * (thresholds that must keep their order move together); `set` sets one rule-set parameter;
   * `fatigue` sets the scenario's `audience.fatigue.blockMultiplierPerMessage`.
   */
  kind: "scale" | "set" | "fatigue";
  targets: string[];
  dist: Dist;
  /** Why this range. */
  why: string;
}

/**
 * The ranges, in the order of their draws.
 *
 * @example
 * ```ts
 * RULE_RANGES.map((r) => r.path); // ["rules.quality.thresholds", …]
 * ```
 */
export const RULE_RANGES: readonly RuleRange[] = [
  {
    path: "rules.quality.thresholds",
    kind: "scale",
    targets: ["quality.yellowAt", "quality.redAt"],
    dist: { triangular: [0.5, 1, 2] },
    why: "number/portfolio quality: Meta publishes no formula; YELLOW and RED thresholds scaled together by ½ to 2 (most likely 1), keeping their order",
  },
  {
    path: "rules.templates.quality.thresholds",
    kind: "scale",
    targets: ["templates.quality.yellowAt", "templates.quality.redAt"],
    dist: { triangular: [0.5, 1, 2] },
    why: "template quality: no published thresholds; scaled together by ½ to 2",
  },
  {
    path: "rules.templates.pacing.badAt",
    kind: "scale",
    targets: ["templates.pacing.badAt", "portfolioPacing.badAt"],
    dist: { triangular: [0.5, 1, 2] },
    why: "pacing: the early-feedback score judged bad is unpublished; scaled by ½ to 2",
  },
  {
    path: "rules.perUserCap.otherBusinessesShare",
    kind: "set",
    targets: ["perUserCap.otherBusinessesShare"],
    dist: { uniform: [0.2, 0.8] },
    why: "per-user marketing cap: how much of a user's budget other businesses use is unknowable to one sender; anywhere from a fifth to four fifths",
  },
  {
    path: "audience.fatigue.blockMultiplierPerMessage",
    kind: "fatigue",
    targets: ["audience.fatigue.blockMultiplierPerMessage"],
    dist: { uniform: [0.1, 0.5] },
    why: "fatigue: no published measure of how repeated messages raise blocks; the issue's own comparison spans 0.1 to 0.3, widened to 0.5",
  },
];
