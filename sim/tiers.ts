// Rungs of the messaging-limit ladder as they appear in results: `reachedAt` keys are the
// limit as text ("2000", "10000") or "unlimited", ordered by the limit they stand for.
import type { Limit } from "../models/rules/types.js";

/**
 * Key of a rung in `reachedAt`: the number, or `unlimited` for `null`.
 *
 * @example
 * ```ts
 * tierKey(10000); // "10000"
 * tierKey(null);  // "unlimited"
 * ```
 */
export function tierKey(limit: Limit): string {
  return limit === null ? "unlimited" : String(limit);
}

/**
 * Sort key of a rung: `2000` < `10000` < … < `unlimited`.
 *
 * @example
 * ```ts
 * ["unlimited", "10000", "2000"].sort((a, b) => tierOrder(a) - tierOrder(b)); // ["2000", "10000", "unlimited"]
 * ```
 */
export function tierOrder(key: string): number {
  return key === "unlimited" ? Infinity : Number(key);
}

/**
 * `reachedAt` keys in ladder order: numeric rungs ascending, then `unlimited`.
 *
 * @example
 * ```ts
 * sortTierKeys(["unlimited", "10000", "2000"]); // ["2000", "10000", "unlimited"]
 * ```
 */
export function sortTierKeys(keys: readonly string[]): string[] {
  return [...keys].sort((a, b) => tierOrder(a) - tierOrder(b));
}
