// A sweep's variants, built from a loaded scenario: every varied path is checked against the
// scenario and the scenario format, every value typed by what the scenario holds at that path,
// and every combination written into the scenario's own text and loaded again — so a variant is
// validated exactly as a scenario file would be, positions and all. Problems come back as
// issues (all of them, not the first), never as exceptions.
import { parseDocument } from "yaml";
import { getParameter, parameterPaths } from "../../models/rules/paths.js";
import { closest } from "../../models/rules/suggest.js";
import { RULE_RANGES } from "../../models/rules/uncertain-ranges.js";
import { compileWith, type UncertaintyMode } from "../projections/uncertainty-mode.js";
import { allowedKeysAt, isDurationNode, schemaAt } from "../../scenarios/json-schema.js";
import { loadScenarioText } from "../../scenarios/load.js";
import type { LoadedScenario, ScenarioIssue } from "../../scenarios/load.js";
import { DURATION_PATTERN } from "../../scenarios/schema.js";
import type { SimConfig } from "../../sim/config.js";
import { formatPath, gridIndices, parsePath, parseVary } from "./vary.js";
import type { PathSegment, VarySpec } from "./vary.js";

/** A value a varied path takes. */
export type VaryValue = string | number | boolean;

/**
 * What to vary: `path=v1,v2,…` texts as on the command line (ranges `from..to:count` allowed),
 * or each path with its list of values. Paths are scenario paths (`audience.segments[1].block`,
 * `campaigns[0].throttle.headroom`, `overrides.autoScale.delay`, `rules`…); the first path varies
 * slowest in the grid.
 */
export type VaryInput = readonly string[] | Readonly<Record<string, readonly VaryValue[]>>;

/** A varied path with its values typed for the scenario. */
export interface Axis {
  path: string;
  segments: PathSegment[];
  values: VaryValue[];
}

/** Kinds of sweep problems: all but `invalid-variant` are mistakes in what to vary. */
export type SweepIssueCode = "bad-vary" | "duplicate-path" | "unknown-path" | "not-a-value" | "bad-value" | "grid-too-large" | "invalid-variant";

/** One problem with a sweep: what is wrong, and for an invalid variant its scenario issues. */
export interface SweepIssue {
  code: SweepIssueCode;
  message: string;
  /** `invalid-variant`: the varied values of the variant. */
  values?: Record<string, string | number>;
  /** `invalid-variant`: the loader's issues, positioned in the variant's text. */
  issues?: ScenarioIssue[];
}

/** One variant to run: its parameter values and its compiled configuration. */
export interface SweepInput {
  values: Record<string, string | number>;
  config: SimConfig;
}

/** Variants of a sweep, or every problem found. */
export type BuildVariantsResult = { ok: true; axes: Axis[]; inputs: SweepInput[] } | { ok: false; issues: SweepIssue[] };

/** A sweep runs at most this many combinations. */
export const MAX_VARIANTS = 10_000;
/** Invalid variants listed in full; the rest are counted. */
const MAX_INVALID_LISTED = 5;

const durationRe = new RegExp(DURATION_PATTERN);
const numberRe = /^\s*-?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?\s*$/i;

/** What the scenario holds at a varied path, and whether durations are accepted there. */
interface Resolved {
  existing: unknown;
  duration: boolean;
}

function pathIssue(path: string, why: string, code: "unknown-path" | "not-a-value", suggestion?: PathSegment[]): SweepIssue {
  return { code, message: `bad --vary path "${path}": ${why}${suggestion ? `; closest valid path: ${formatPath(suggestion)}` : ""}` };
}

/**
 * Checks a varied path against the loaded scenario and the scenario format, and returns the
 * value now at that path (`undefined` for an optional key the file leaves out), or the issue
 * naming the closest valid path.
 *
 * @example
 * ```ts
 * resolvePath({ path: "audience.segments[1].block", segments: ["audience", "segments", 1, "block"] }, loaded);
 * // { existing: 0.003, duration: false }
 * ```
 */
export function resolvePath(spec: Pick<VarySpec, "path" | "segments">, loaded: Pick<LoadedScenario, "scenario" | "ruleSet">): Resolved | SweepIssue {
  const { path, segments } = spec;
  if (segments[0] === "overrides") {
    const param = String(segments[1]);
    const params = parameterPaths(loaded.ruleSet);
    if (!params.includes(param)) {
      const best = closest(param, params);
      return pathIssue(path, `"${param}" is not a parameter of rule set ${loaded.ruleSet.id} (\`tiersim rules ${loaded.ruleSet.id}\` lists them)`, "unknown-path", best ? ["overrides", best] : undefined);
    }
    const existing = loaded.scenario.overrides[param] ?? getParameter(loaded.ruleSet, param);
    if (existing !== null && typeof existing === "object") return pathIssue(path, "names a list or group of parameters, not one value", "not-a-value");
    return { existing, duration: typeof existing === "number" };
  }
  let cur: unknown = loaded.scenario;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const prefix = segments.slice(0, i);
    if (typeof seg === "number") {
      if (!Array.isArray(cur)) return pathIssue(path, `${formatPath(prefix)} is not a list`, "unknown-path", prefix.length > 0 ? prefix : undefined);
      if (seg >= cur.length) {
        return pathIssue(path, `${formatPath(prefix)} has ${cur.length} item${cur.length === 1 ? "" : "s"} (positions 0 to ${cur.length - 1})`, "unknown-path", [...prefix, Math.max(0, cur.length - 1), ...segments.slice(i + 1)]);
      }
      cur = cur[seg];
      continue;
    }
    const allowed = allowedKeysAt(prefix);
    const node = schemaAt([...prefix, seg]);
    if ((allowed.length > 0 && !allowed.includes(seg)) || node === undefined || Array.isArray(cur)) {
      const best = closest(seg, allowed);
      const where = prefix.length === 0 ? "at the top of a scenario" : `under ${formatPath(prefix)}`;
      return pathIssue(path, `no key "${seg}" ${where}${allowed.length > 0 ? ` (keys: ${allowed.join(", ")})` : ""}`, "unknown-path", best ? [...prefix, best, ...segments.slice(i + 1)] : undefined);
    }
    cur = cur !== null && typeof cur === "object" ? (cur as Record<string, unknown>)[seg] : undefined;
  }
  if (cur !== null && typeof cur === "object") return pathIssue(path, `names ${Array.isArray(cur) ? "a list" : "a group of keys"}, not one value; vary one of its values instead`, "not-a-value");
  const node = schemaAt(segments);
  return { existing: cur, duration: node !== undefined && isDurationNode(node) };
}

/**
 * Types one varied value by the value now at its path: a number where there is a number (or a
 * duration like 6h where durations are allowed), text where there is text, true or false where
 * there is a flag; an issue for a value of the wrong kind.
 *
 * @example
 * ```ts
 * typeValue("overrides.autoScale.delay", "6h", { existing: 21_600_000, duration: true }); // "6h"
 * typeValue("audience.segments[1].block", "0.01", { existing: 0.003, duration: false }); // 0.01
 * ```
 */
export function typeValue(path: string, text: string, at: Resolved): VaryValue | SweepIssue {
  const { existing } = at;
  const bad = (expected: string): SweepIssue => ({ code: "bad-value", message: `bad --vary value "${text}" for ${path}: ${expected}` });
  if (typeof existing === "number") {
    if (numberRe.test(text)) return Number(text);
    if (at.duration && durationRe.test(text)) return text.trim();
    return bad(`expected a number${at.duration ? " or a duration such as 90s, 15m, 6h, 7d" : ""} (the scenario has ${existing})`);
  }
  if (typeof existing === "boolean") {
    if (text === "true" || text === "false") return text === "true";
    return bad("expected true or false");
  }
  if (typeof existing === "string") return text;
  return numberRe.test(text) ? Number(text) : text;
}

const isIssue = (x: unknown): x is SweepIssue => typeof x === "object" && x !== null && "code" in x && "message" in x;

/** The `path=values` texts of a {@link VaryInput}. */
function varyTexts(vary: VaryInput): Array<{ text: string } | { path: string; values: readonly VaryValue[] }> {
  if (Array.isArray(vary)) return (vary as readonly string[]).map((text) => ({ text }));
  return Object.entries(vary as Record<string, readonly VaryValue[]>).map(([path, values]) => ({ path, values }));
}

/**
 * Parses and checks what to vary against the loaded scenario, then builds every combination:
 * the values are written into the scenario's text, which is loaded again and compiled (with
 * `days` and `seed`, as the base). Returns the axes and the compiled variants, or every issue:
 * mistakes in what to vary, else every variant the loader refuses.
 *
 * @example
 * ```ts
 * const built = buildVariants(loaded, ["audience.segments[1].block=0.001,0.01"]);
 * if (built.ok) built.inputs.map((v) => v.values); // [{ "audience.segments[1].block": 0.001 }, { … 0.01 }]
 * ```
 */
export function buildVariants(loaded: LoadedScenario, vary: VaryInput, opts: { days?: number; seed?: number; maxEvents?: number; uncertainty?: UncertaintyMode } = {}): BuildVariantsResult {
  const axes: Axis[] = [];
  const issues: SweepIssue[] = [];
  const entries = varyTexts(vary);
  if (entries.length === 0) return { ok: false, issues: [{ code: "bad-vary", message: "nothing to vary: give at least one path with its values" }] };
  const seen = new Set<string>();
  for (const entry of entries) {
    let spec: VarySpec;
    if ("text" in entry) {
      const parsed = parseVary(entry.text);
      if (!("segments" in parsed)) {
        issues.push({ code: "bad-vary", message: parsed.message });
        continue;
      }
      spec = parsed;
    } else {
      // Values given as a list are taken as they are: no range expansion, commas allowed.
      const segments = parsePath(entry.path);
      if (!Array.isArray(segments)) {
        issues.push({ code: "bad-vary", message: segments.message });
        continue;
      }
      if (entry.values.length === 0) {
        issues.push({ code: "bad-vary", message: `bad --vary "${entry.path}": give at least one value` });
        continue;
      }
      spec = { path: entry.path, segments, values: entry.values.map(String) };
    }
    if (seen.has(spec.path)) {
      issues.push({ code: "duplicate-path", message: `--vary ${spec.path} is given twice: list all its values in one --vary` });
      continue;
    }
    seen.add(spec.path);
    const drawn = opts.uncertainty === "rules" || (opts.uncertainty !== "none" && loaded.scenario.uncertainty?.rules) ? drawnRuleParameter(spec.path) : undefined;
    if (drawn !== undefined) {
      // The draw would overwrite every value of the axis: the variants would differ in name only.
      issues.push({ code: "bad-vary", message: `--vary ${spec.path}: with rule uncertainty this parameter is drawn per replication from its range (${drawn}), which would replace every value varied; vary it without --uncertainty rules, or keep the draw and vary something else` });
      continue;
    }
    const at = resolvePath(spec, loaded);
    if (isIssue(at)) {
      issues.push(at);
      continue;
    }
    const typed = spec.values.map((t) => typeValue(spec.path, t, at));
    const bad = typed.filter(isIssue);
    if (bad.length > 0) issues.push(...bad);
    else axes.push({ path: spec.path, segments: spec.segments, values: typed as VaryValue[] });
  }
  if (issues.length > 0) return { ok: false, issues };

  const combos = gridIndices(axes.map((a) => a.values.length));
  if (combos.length > MAX_VARIANTS) return { ok: false, issues: [{ code: "grid-too-large", message: `the --vary grid has ${combos.length} combinations; at most ${MAX_VARIANTS.toLocaleString("en-US")}` }] };
  const inputs: SweepInput[] = [];
  const invalid: SweepIssue[] = [];
  for (const combo of combos) {
    const doc = parseDocument(loaded.source);
    const values: Record<string, string | number> = {};
    combo.forEach((k, i) => {
      const value = axes[i].values[k];
      doc.setIn(axes[i].segments, value);
      values[axes[i].path] = typeof value === "boolean" ? String(value) : value;
    });
    const label = `${loaded.file} (${Object.entries(values).map(([p, x]) => `${p}=${x}`).join(", ")})`;
    const r = loadScenarioText(String(doc), label, { days: opts.days, maxEvents: opts.maxEvents });
    if (!r.ok) invalid.push({ code: "invalid-variant", message: `the variant ${label} is not a valid scenario`, values, issues: r.issues });
    else inputs.push({ values, config: compileWith(r.scenario, r.ruleSet, { days: opts.days, seed: opts.seed }, opts.uncertainty) });
  }
  if (invalid.length > MAX_INVALID_LISTED) {
    const more = invalid.length - MAX_INVALID_LISTED;
    return { ok: false, issues: [...invalid.slice(0, MAX_INVALID_LISTED), { code: "invalid-variant", message: `… and ${more} more invalid variant${more === 1 ? "" : "s"}` }] };
  }
  if (invalid.length > 0) return { ok: false, issues: invalid };
  return { ok: true, axes, inputs };
}

/** The range of the rule uncertainty that sets the parameter at `path` outright, if one does. */
function drawnRuleParameter(path: string): string | undefined {
  for (const r of RULE_RANGES) {
    if (r.kind === "scale") continue;
    const at = r.kind === "fatigue" ? r.targets : r.targets.map((t) => `overrides.${t}`);
    if (at.includes(path)) return r.path;
  }
  return undefined;
}
