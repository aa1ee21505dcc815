// The threshold rule shared by number/portfolio quality and template quality: a negative-signal
// score against YELLOW and RED thresholds, with too little traffic leaving the rating as it was.
import type { Quality } from "../rules/types.js";

/**
 * Rating of a negative-feedback `score` over `delivered` messages.
 *
 * @example
 * ```ts
 * ratingOf(0.012, 500, { minDelivered: 200, yellowAt: 0.005, redAt: 0.01 }, "UNKNOWN"); // "RED"
 * ratingOf(0.012, 50, { minDelivered: 200, yellowAt: 0.005, redAt: 0.01 }, "UNKNOWN");  // "UNKNOWN"
 * ```
 */
export function ratingOf(score: number, delivered: number, t: { minDelivered: number; yellowAt: number; redAt: number }, tooFew: Quality): Quality {
  if (delivered < t.minDelivered) return tooFew;
  if (score >= t.redAt) return "RED";
  if (score >= t.yellowAt) return "YELLOW";
  return "GREEN";
}
