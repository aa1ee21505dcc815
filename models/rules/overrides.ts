// Scenario overrides of rule-set parameters: checked against the parameter table, all issues
// reported at once, the result a new frozen rule set (the shared original is never touched).
import { cloneData, deepFreeze } from "./freeze.js";
import { IDENTITY_FIELDS, PARAMETER_KINDS, kindOf, readValue } from "./parameters.js";
import { getParameter, parameterPaths } from "./paths.js";
import { closest } from "./suggest.js";
import type { RuleSet } from "./types.js";

/** One problem with one override key. */
export interface OverrideIssue {
  key: string;
  message: string;
  /** The valid path the key most likely meant. */
  suggestion?: string;
}

/** Outcome of `applyOverrides`. */
export type OverrideResult = { ok: true; ruleSet: RuleSet } | { ok: false; issues: OverrideIssue[] };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

// Scenario files may nest (`autoScale: { delay: 6h }`) or dot (`autoScale.delay: 6h`); both
// become dotted leaf keys. A nested object stops at a path whose kind takes an object.
function flatten(overrides: Record<string, unknown>, prefix = "", out: Array<[string, unknown]> = []): Array<[string, unknown]> {
  for (const [k, v] of Object.entries(overrides)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isPlainObject(v) && kindOf(key) === undefined) flatten(v, key, out);
    else out.push([key, v]);
  }
  return out;
}

function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(".");
  let cur = target;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(cur[part])) cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]] = value;
}

function candidatesFor(rs: RuleSet): string[] {
  return [...new Set([...Object.keys(PARAMETER_KINDS), ...parameterPaths(rs)])];
}

// Relations between parameters that single-value kinds cannot see.
function crossChecks(rs: RuleSet, touched: Set<string>): OverrideIssue[] {
  const issues: OverrideIssue[] = [];
  const blame = (...paths: string[]): string => paths.find((p) => touched.has(p)) ?? paths[0];
  const ladder = rs.limit.ladder;
  if (!ladder.includes(rs.limit.startUnverified)) {
    issues.push({ key: blame("limit.startUnverified", "limit.ladder"), message: `limit.startUnverified (${rs.limit.startUnverified}) must be a rung of limit.ladder [${ladder.map(String).join(", ")}]` });
  }
  if (!ladder.includes(rs.limit.startVerified)) {
    issues.push({ key: blame("limit.startVerified", "limit.ladder"), message: `limit.startVerified (${String(rs.limit.startVerified)}) must be a rung of limit.ladder [${ladder.map(String).join(", ")}]` });
  }
  if (rs.quality.yellowAt > rs.quality.redAt) {
    issues.push({ key: blame("quality.yellowAt", "quality.redAt"), message: `quality.yellowAt (${rs.quality.yellowAt}) must not exceed quality.redAt (${rs.quality.redAt})` });
  }
  const tq = rs.templates.quality;
  if (tq.yellowAt > tq.redAt) {
    issues.push({ key: blame("templates.quality.yellowAt", "templates.quality.redAt"), message: `templates.quality.yellowAt (${tq.yellowAt}) must not exceed templates.quality.redAt (${tq.redAt})` });
  }
  return issues.filter((i) => touched.has(i.key));
}

/**
 * Applies parameter overrides (dotted keys, or nested objects) to a rule set. Each value is read
 * by its parameter's kind: durations as `"6h"` / `"7d"` / `"90s"` / `"500ms"` or whole ms,
 * probabilities in [0, 1], the ladder as ascending whole numbers ending with `null`, days as
 * `YYYY-MM-DD` or `null`, enums and quality lists by name. Every issue is reported at once;
 * unknown keys come with the closest valid path. Returns a new deep-frozen rule set; the input
 * is never mutated.
 *
 * @example
 * ```ts
 * const r = applyOverrides(getRuleSet("meta-2025-10")!, { "autoScale.delay": "24h", "autoScale.delayMode": "fixed" });
 * if (r.ok) r.ruleSet.autoScale.delay; // 86400000
 * applyOverrides(rs, { "autoScale.dealy": "6h" });
 * // { ok: false, issues: [{ key: "autoScale.dealy", suggestion: "autoScale.delay",
 * //   message: "unknown parameter 'autoScale.dealy'; did you mean 'autoScale.delay'?" }] }
 * ```
 */
export function applyOverrides(rs: RuleSet, overrides: Record<string, unknown>): OverrideResult {
  const issues: OverrideIssue[] = [];
  const next = cloneData(rs) as unknown as Record<string, unknown>;
  // Shorter paths first, so `scalingPath.usage: {…}` lands before `scalingPath.usage.window`.
  const entries = flatten(overrides).sort((a, b) => a[0].split(".").length - b[0].split(".").length);
  const touched = new Set<string>();
  for (const [key, raw] of entries) {
    if (IDENTITY_FIELDS.includes(key)) {
      issues.push({ key, message: `'${key}' identifies the rule set and is no parameter: pick another rule set instead` });
      continue;
    }
    const kind = kindOf(key);
    if (kind === undefined) {
      const suggestion = closest(key, candidatesFor(rs));
      issues.push({
        key,
        message: `unknown parameter '${key}'${suggestion ? `; did you mean '${suggestion}'?` : ""}`,
        ...(suggestion ? { suggestion } : {}),
      });
      continue;
    }
    const parent = key.split(".").slice(0, -1).join(".");
    if (parent === "scalingPath.usage" && getParameter(next as unknown as RuleSet, parent) === null) {
      issues.push({ key, message: `${rs.id} has no usage path (scalingPath.usage is null): set scalingPath.usage to { threshold, window, requiresHighQuality } instead` });
      continue;
    }
    const read = readValue(kind, raw);
    if (!read.ok) {
      issues.push({ key, message: `${key}: ${read.message}` });
      continue;
    }
    setAt(next, key, read.value);
    touched.add(key);
  }
  issues.push(...crossChecks(next as unknown as RuleSet, touched));
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, ruleSet: deepFreeze(next as unknown as RuleSet) };
}
