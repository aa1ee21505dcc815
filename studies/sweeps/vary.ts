// `--vary <path>=<values>`: parsing the specification, expanding ranges and building the
// grid of every combination. Pure text and list handling; checking the path against the
// scenario format and typing the values happen where the scenario is known (cli/).

/** One step of a scenario path: a key or a list index. */
export type PathSegment = string | number;

/** A parsed `--vary`: the path as written, its segments, and the values as text. */
export interface VarySpec {
  path: string;
  segments: PathSegment[];
  /** Values in the order given (ranges expanded), still text: typing needs the scenario. */
  values: string[];
}

/** A problem with a `--vary` specification (exit 2). */
export interface VaryError {
  message: string;
}

const RANGE = /^(-?\d+(?:\.\d+)?(?:e-?\d+)?)([a-z]*)\.\.(-?\d+(?:\.\d+)?(?:e-?\d+)?)([a-z]*):(\d+)$/i;

/**
 * Parses a scenario path: keys separated by dots, list indices in brackets. Under
 * `overrides` the rest of the path is one rule-set parameter (`overrides.autoScale.delay` →
 * `["overrides", "autoScale.delay"]`), as overrides are written in a scenario.
 *
 * @example
 * ```ts
 * parsePath("audience.segments[1].block"); // ["audience", "segments", 1, "block"]
 * ```
 */
export function parsePath(path: string): PathSegment[] | VaryError {
  if (path.startsWith("overrides.") && path.length > "overrides.".length) return ["overrides", path.slice("overrides.".length)];
  const segments: PathSegment[] = [];
  const re = /([A-Za-z0-9_][A-Za-z0-9_-]*)|\[(\d+)\]|(\.)/gy;
  let expectKey = true;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < path.length && (m = re.exec(path)) !== null) {
    pos = re.lastIndex;
    if (m[1] !== undefined) {
      if (!expectKey) return { message: `bad --vary path "${path}": put a "." before "${m[1]}"` };
      segments.push(m[1]);
      expectKey = false;
    } else if (m[2] !== undefined) {
      if (segments.length === 0) return { message: `bad --vary path "${path}": it must start with a key` };
      segments.push(Number(m[2]));
    } else {
      if (expectKey) return { message: `bad --vary path "${path}": empty key` };
      expectKey = true;
    }
  }
  if (pos !== path.length || segments.length === 0 || expectKey) {
    return { message: `bad --vary path "${path}": write keys separated by "." and list positions in brackets, e.g. audience.segments[1].block` };
  }
  return segments;
}

/**
 * Formats segments back into a path.
 *
 * @example
 * ```ts
 * formatPath(["audience", "segments", 1, "block"]); // "audience.segments[1].block"
 * ```
 */
export function formatPath(segments: readonly PathSegment[]): string {
  if (segments[0] === "overrides" && segments.length === 2) return `overrides.${String(segments[1])}`;
  return segments.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

/** Rounds away binary noise (0.1 + 0.2) so range values print as typed. */
function tidy(x: number): number {
  return Number(x.toPrecision(12));
}

/**
 * Expands one value item: a plain value, or a range `a..b:n` of n evenly spaced values from
 * a to b inclusive (units allowed when both ends share them: `1h..6h:6`).
 *
 * @example
 * ```ts
 * expandItem("0.001..0.01:5"); // ["0.001", "0.00325", "0.0055", "0.00775", "0.01"]
 * ```
 */
export function expandItem(item: string): string[] | VaryError {
  if (!item.includes("..")) return [item];
  const m = RANGE.exec(item);
  if (!m) return { message: `bad range "${item}": write from..to:count, e.g. 0.001..0.01:5 or 1h..6h:6` };
  const [, a, ua, b, ub, k] = m;
  if (ua !== ub) return { message: `bad range "${item}": both ends need the same unit (got "${ua}" and "${ub}")` };
  const count = Number(k);
  if (count < 2 || count > 1000) return { message: `bad range "${item}": the count must be from 2 to 1000` };
  const lo = Number(a);
  const hi = Number(b);
  return Array.from({ length: count }, (_, i) => `${tidy(lo + ((hi - lo) * i) / (count - 1))}${ua}`);
}

/**
 * Parses one `--vary` argument: `path=v1,v2,…` with ranges expanded.
 *
 * @example
 * ```ts
 * parseVary("campaigns[0].throttle.headroom=0.05,0.2");
 * // { path: "campaigns[0].throttle.headroom", segments: ["campaigns", 0, "throttle", "headroom"], values: ["0.05", "0.2"] }
 * ```
 */
export function parseVary(spec: string): VarySpec | VaryError {
  const eq = spec.indexOf("=");
  if (eq <= 0) return { message: `bad --vary "${spec}": write <path>=<v1>,<v2>,… (for example audience.segments[1].block=0.001,0.005)` };
  const path = spec.slice(0, eq).trim();
  const segments = parsePath(path);
  if (!Array.isArray(segments)) return segments;
  const items = spec.slice(eq + 1).split(",").map((s) => s.trim());
  if (items.some((s) => s === "")) return { message: `bad --vary "${spec}": empty value in the list for ${path}` };
  const values: string[] = [];
  for (const item of items) {
    const expanded = expandItem(item);
    if (!Array.isArray(expanded)) return { message: `${expanded.message} (for ${path})` };
    values.push(...expanded);
  }
  return { path, segments, values };
}

/**
 * Every combination of the axes' values, the first axis varying slowest (row-major), as
 * index tuples into each axis.
 *
 * @example
 * ```ts
 * gridIndices([2, 3]); // [[0,0],[0,1],[0,2],[1,0],[1,1],[1,2]]
 * ```
 */
export function gridIndices(sizes: readonly number[]): number[][] {
  let out: number[][] = [[]];
  for (const n of sizes) out = out.flatMap((prefix) => Array.from({ length: n }, (_, i) => [...prefix, i]));
  return out;
}
