// How the Graph API and the webhooks write a messaging limit (reference §2.2): the enum
// `TIER_250`, `TIER_2K`… of `whatsapp_business_manager_messaging_limit` and
// `phone_number_quality_update`, or the integer of `business_capability_update` (-1 = unlimited).
import type { Limit } from "../rules/types.js";

/**
 * The `TIER_*` name of a limit: `TIER_50`, `TIER_250`, `TIER_1K`, `TIER_2K`, `TIER_10K`,
 * `TIER_100K`, `TIER_UNLIMITED`. A limit off Meta's ladder (one a test forced) is written the
 * same way: thousands as `K`, otherwise the number.
 *
 * @example
 * ```ts
 * tierName(2000); // "TIER_2K"
 * tierName(null); // "TIER_UNLIMITED"
 * tierName(250);  // "TIER_250"
 * ```
 */
export function tierName(limit: Limit): string {
  if (limit === null) return "TIER_UNLIMITED";
  return limit >= 1000 && limit % 1000 === 0 ? `TIER_${limit / 1000}K` : `TIER_${limit}`;
}

/**
 * The integer `business_capability_update` reports: the limit, or -1 for unlimited.
 *
 * @example
 * ```ts
 * capabilityLimit(10000); // 10000
 * capabilityLimit(null);  // -1
 * ```
 */
export function capabilityLimit(limit: Limit): number {
  return limit === null ? -1 : limit;
}
