// Customer-service window (CSW) and free entry point (FEP) arithmetic (reference §5.1, §5.2).
// Trivial, but the one place that says windows are half-open: open at `opened`, closed at expiry.
import type { RuleSet } from "./rules/types.js";

/**
 * Expiry of the CSW opened or refreshed by an inbound message at `inboundAt`: 24 h after the
 * user's latest message. Store the latest expiry per user; a new inbound simply replaces it.
 *
 * @example
 * ```ts
 * cswOpenUntil(1_000, rs); // 86_401_000
 * ```
 */
export function cswOpenUntil(inboundAt: number, rs: RuleSet): number {
  return inboundAt + rs.windows.csw;
}

/**
 * Expiry of the FEP window opened by the business's reply at `replyAt` to a click-to-WhatsApp
 * or Page call-to-action inbound (72 h; everything free inside).
 *
 * @example
 * ```ts
 * fepOpenUntil(0, rs); // 259_200_000
 * ```
 */
export function fepOpenUntil(replyAt: number, rs: RuleSet): number {
  return replyAt + rs.windows.fep;
}

/**
 * Whether a window expiring at `expiry` is open at `now` (open strictly before the expiry).
 * `-Infinity` (never opened) is never open.
 *
 * @example
 * ```ts
 * isInsideWindow(cswOpenUntil(0, rs), 86_399_999); // true
 * isInsideWindow(cswOpenUntil(0, rs), 86_400_000); // false
 * ```
 */
export function isInsideWindow(expiry: number, now: number): boolean {
  return now < expiry;
}
