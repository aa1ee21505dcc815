// The rule sets (one per era) and the functions that look them up, list their parameters and
// apply a scenario's overrides.
import { dayStartMs } from "../dates.js";
import { cloneData, deepFreeze } from "./freeze.js";
import * as meta202109 from "./meta-2021-09.js";
import * as meta202311 from "./meta-2023-11.js";
import * as meta202510 from "./meta-2025-10.js";
import * as seed202302 from "./seed-2023-02.js";
import { RULE_SET_IDS } from "./types.js";
import type { ParameterSource, RuleSet, RuleSetId } from "./types.js";

export * from "./types.js";
export { applyOverrides } from "./overrides.js";
export type { OverrideIssue, OverrideResult } from "./overrides.js";
export { parameterPaths, getParameter } from "./paths.js";
export { PARAMETER_KINDS, RATE_PATH, IDENTITY_FIELDS, kindOf, readValue } from "./parameters.js";
export type { ParameterKind, ParsedValue } from "./parameters.js";
export { closest, levenshtein } from "./suggest.js";
export { EEA_MARKETS, CAP_EXEMPT_MARKETS } from "./common.js";

const MODULES: Record<RuleSetId, { ruleSet: RuleSet; sources: ParameterSource[] }> = {
  "meta-2021-09": meta202109,
  "seed-2023-02": seed202302,
  "meta-2023-11": meta202311,
  "meta-2025-10": meta202510,
};

/** Every rule set by id, deep-frozen (share them freely; derive variants with `applyOverrides`). */
export const RULE_SETS: Readonly<Record<RuleSetId, RuleSet>> = deepFreeze(
  Object.fromEntries(RULE_SET_IDS.map((id) => [id, cloneData(MODULES[id].ruleSet)])) as Record<RuleSetId, RuleSet>,
);

const SOURCES: Readonly<Record<RuleSetId, readonly ParameterSource[]>> = deepFreeze(
  Object.fromEntries(RULE_SET_IDS.map((id) => [id, cloneData(MODULES[id].sources)])) as Record<RuleSetId, ParameterSource[]>,
);

/** The rule set a scenario gets when it names none: the newest era. */
export const DEFAULT_RULE_SET_ID: RuleSetId = "meta-2025-10";

/**
 * All rule sets, oldest first.
 *
 * @example
 * ```ts
 * listRuleSets().map((r) => r.id); // ["meta-2021-09", "seed-2023-02", "meta-2023-11", "meta-2025-10"]
 * ```
 */
export function listRuleSets(): RuleSet[] {
  return RULE_SET_IDS.map((id) => RULE_SETS[id]);
}

/**
 * The rule set with this id, or `undefined` (pair with `closest(id, RULE_SET_IDS)` for a hint).
 *
 * @example
 * ```ts
 * getRuleSet("meta-2025-10")?.limit.startVerified; // 2000
 * getRuleSet("meta-2025");                          // undefined
 * ```
 */
export function getRuleSet(id: string): RuleSet | undefined {
  return (RULE_SET_IDS as readonly string[]).includes(id) ? RULE_SETS[id as RuleSetId] : undefined;
}

/**
 * Where each parameter of a rule set comes from. A path may name a whole group (`throughput`)
 * for all of its leaves; `sourceOf` resolves a leaf to its entry.
 *
 * @example
 * ```ts
 * ruleSetSources("meta-2025-10").find((s) => s.path === "autoScale.delay")?.source; // "[S1], [S2] …"
 * ```
 */
export function ruleSetSources(id: RuleSetId): ParameterSource[] {
  return SOURCES[id].map((s) => ({ ...s }));
}

/**
 * The source entry covering a parameter path: the entry for the path itself or for its nearest
 * enclosing group.
 *
 * @example
 * ```ts
 * sourceOf("meta-2025-10", "throughput.upgrade.delay")?.path; // "throughput"
 * ```
 */
export function sourceOf(id: RuleSetId, path: string): ParameterSource | undefined {
  const list = SOURCES[id];
  for (let p = path; p.length > 0; p = p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "") {
    const hit = list.find((s) => s.path === p);
    if (hit) return { ...hit };
  }
  return undefined;
}

/**
 * The era in force at `epochMs`: the newest rule set whose `from` day (00:00 UTC) has begun, or
 * `undefined` before the oldest one.
 *
 * @example
 * ```ts
 * ruleSetAt(Date.UTC(2024, 0, 1))?.id; // "meta-2023-11"
 * ```
 */
export function ruleSetAt(epochMs: number): RuleSet | undefined {
  let found: RuleSet | undefined;
  for (const rs of listRuleSets()) {
    if ((dayStartMs(rs.from) ?? Infinity) <= epochMs) found = rs;
  }
  return found;
}
