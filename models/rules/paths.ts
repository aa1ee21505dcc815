// Rule sets addressed by dotted paths ("autoScale.delay"): how scenarios override them and how
// the `rules` table lists them. Arrays and nulls are leaves; identity fields are no parameters.
import { IDENTITY_FIELDS } from "./parameters.js";
import type { RuleSet } from "./types.js";

/**
 * Every parameter of a rule set as a dotted leaf path, in the object's order. Arrays and `null`
 * are leaves (`limit.ladder`, `scalingPath.usage` when the era has no usage path); the identity
 * fields `id`, `title`, `from`, `summary` are not parameters and are left out.
 *
 * @example
 * ```ts
 * parameterPaths(getRuleSet("meta-2025-10")!).includes("autoScale.delay"); // true
 * ```
 */
export function parameterPaths(rs: RuleSet): string[] {
  const out: string[] = [];
  const walk = (value: unknown, prefix: string): void => {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, prefix ? `${prefix}.${k}` : k);
    } else {
      out.push(prefix);
    }
  };
  for (const [k, v] of Object.entries(rs)) {
    if (!IDENTITY_FIELDS.includes(k)) walk(v, k);
  }
  return out;
}

/**
 * The value at a dotted path (a leaf or a whole group), or `undefined` if there is none.
 *
 * @example
 * ```ts
 * getParameter(getRuleSet("meta-2025-10")!, "limit.ladder"); // [250, 2000, 10000, 100000, null]
 * ```
 */
export function getParameter(rs: RuleSet, path: string): unknown {
  let cur: unknown = rs;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object" || !Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
