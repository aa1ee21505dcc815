// `tiersim sweep <scenario> --vary <path>=<v1>,<v2>,…`: the grid of every combination of the
// varied values, each a projection on the same replication seeds (common random numbers),
// and which parameter moves time-to-unlimited, paralysis hours and reach most.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import type { CommandModule } from "yargs";
import { closest } from "../../models/rules/suggest.js";
import { getParameter, parameterPaths } from "../../models/rules/paths.js";
import { compileScenario } from "../../scenarios/compile.js";
import { allowedKeysAt, isDurationNode, schemaAt } from "../../scenarios/json-schema.js";
import { formatIssue, loadScenarioText } from "../../scenarios/load.js";
import { DURATION_PATTERN } from "../../scenarios/schema.js";
import { defaultWorkers } from "../../sim/mc/pool.js";
import { sweep } from "../../sim/mc/sweep.js";
import type { SweepInput } from "../../sim/mc/sweep.js";
import { formatPath, gridIndices, parseVary } from "../../sim/mc/vary.js";
import type { PathSegment, VarySpec } from "../../sim/mc/vary.js";
import { ExitCode, UserError } from "../exit-codes.js";
import { printJson } from "../output.js";
import { formatSweep } from "../projection-summary.js";
import { MAX_EVENTS_OPTION, maxEventsFrom } from "../io/budget-flag.js";
import { checkRunFlags, loadForCommand } from "./run.js";
import { interruptible, progressBar, writeResultFiles } from "./run-projection.js";

interface SweepArgs {
  scenario: string;
  /** One string, or several when --vary is repeated. */
  vary: string | string[];
  runs: number;
  seed?: number;
  days?: number;
  workers?: number;
  out?: string;
  json: boolean;
  maxEvents?: number;
}

type Loaded = ReturnType<typeof loadForCommand>;
type Scalar = string | number | boolean;

const durationRe = new RegExp(DURATION_PATTERN);
const numberRe = /^\s*-?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?\s*$/i;

/** A --vary axis with its values typed for the scenario. */
export interface Axis {
  path: string;
  segments: PathSegment[];
  values: Scalar[];
}

function badPath(path: string, why: string, suggestion?: PathSegment[]): UserError {
  return new UserError(`bad --vary path "${path}": ${why}${suggestion ? `; closest valid path: ${formatPath(suggestion)}` : ""}`, ExitCode.Usage);
}

/**
 * Checks a --vary path against the loaded scenario and the scenario format, and returns the
 * value now at that path (`undefined` for an optional key the file leaves out). A path that
 * leads nowhere is a usage error naming the closest valid path.
 *
 * @example
 * ```ts
 * resolvePath({ path: "audience.segments[1].block", segments: ["audience", "segments", 1, "block"] }, loaded);
 * // { existing: 0.003, duration: false }
 * ```
 */
export function resolvePath(spec: Pick<VarySpec, "path" | "segments">, loaded: Loaded): { existing: unknown; duration: boolean } {
  const { path, segments } = spec;
  if (segments[0] === "overrides") {
    const param = String(segments[1]);
    const params = parameterPaths(loaded.ruleSet);
    if (!params.includes(param)) {
      const best = closest(param, params);
      throw badPath(path, `"${param}" is not a parameter of rule set ${loaded.ruleSet.id} (\`tiersim rules ${loaded.ruleSet.id}\` lists them)`, best ? ["overrides", best] : undefined);
    }
    const existing = loaded.scenario.overrides[param] ?? getParameter(loaded.ruleSet, param);
    if (existing !== null && typeof existing === "object") throw badPath(path, "names a list or group of parameters, not one value");
    return { existing, duration: typeof existing === "number" };
  }
  let cur: unknown = loaded.scenario;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const prefix = segments.slice(0, i);
    if (typeof seg === "number") {
      if (!Array.isArray(cur)) throw badPath(path, `${formatPath(prefix)} is not a list`, prefix.length > 0 ? prefix : undefined);
      if (seg >= cur.length) throw badPath(path, `${formatPath(prefix)} has ${cur.length} item${cur.length === 1 ? "" : "s"} (positions 0 to ${cur.length - 1})`, [...prefix, Math.max(0, cur.length - 1), ...segments.slice(i + 1)]);
      cur = cur[seg];
      continue;
    }
    const allowed = allowedKeysAt(prefix);
    const node = schemaAt([...prefix, seg]);
    if ((allowed.length > 0 && !allowed.includes(seg)) || node === undefined || Array.isArray(cur)) {
      const best = closest(seg, allowed);
      const where = prefix.length === 0 ? "at the top of a scenario" : `under ${formatPath(prefix)}`;
      throw badPath(path, `no key "${seg}" ${where}${allowed.length > 0 ? ` (keys: ${allowed.join(", ")})` : ""}`, best ? [...prefix, best, ...segments.slice(i + 1)] : undefined);
    }
    cur = cur !== null && typeof cur === "object" ? (cur as Record<string, unknown>)[seg] : undefined;
  }
  if (cur !== null && typeof cur === "object") throw badPath(path, `names ${Array.isArray(cur) ? "a list" : "a group of keys"}, not one value; vary one of its values instead`);
  const node = schemaAt(segments);
  return { existing: cur, duration: node !== undefined && isDurationNode(node) };
}

/**
 * Types one --vary value by the value now at its path: a number where there is a number
 * (or a duration like 6h where durations are allowed), text where there is text. A value
 * of the wrong kind is a usage error naming the path.
 *
 * @example
 * ```ts
 * typeValue("overrides.autoScale.delay", "6h", { existing: 21_600_000, duration: true }); // "6h"
 * typeValue("audience.segments[1].block", "0.01", { existing: 0.003, duration: false }); // 0.01
 * ```
 */
export function typeValue(path: string, text: string, at: { existing: unknown; duration: boolean }): Scalar {
  const { existing } = at;
  if (typeof existing === "number") {
    if (numberRe.test(text)) return Number(text);
    if (at.duration && durationRe.test(text)) return text.trim();
    throw new UserError(`bad --vary value "${text}" for ${path}: expected a number${at.duration ? " or a duration such as 90s, 15m, 6h, 7d" : ""} (the scenario has ${existing})`, ExitCode.Usage);
  }
  if (typeof existing === "boolean") {
    if (text === "true" || text === "false") return text === "true";
    throw new UserError(`bad --vary value "${text}" for ${path}: expected true or false`, ExitCode.Usage);
  }
  if (typeof existing === "string") return text;
  return numberRe.test(text) ? Number(text) : text;
}

/**
 * Parses and checks every --vary argument (usage errors, exit 2), then builds each
 * combination: the values are written into the scenario document and the result is
 * validated again by the scenario loader (its issues: exit 3).
 *
 * @example
 * ```ts
 * const { inputs } = buildVariants(file, text, loaded, ["audience.segments[1].block=0.001,0.01"], {});
 * inputs.map((v) => v.values); // [{ "audience.segments[1].block": 0.001 }, { … 0.01 }]
 * ```
 */
export function buildVariants(file: string, text: string, loaded: Loaded, varies: readonly string[], opts: { days?: number; seed?: number; maxEvents?: number }): { axes: Axis[]; inputs: SweepInput[] } {
  const axes: Axis[] = [];
  for (const v of varies) {
    const spec = parseVary(v);
    if (!("segments" in spec)) throw new UserError(spec.message, ExitCode.Usage);
    if (axes.some((a) => a.path === spec.path)) throw new UserError(`--vary ${spec.path} is given twice: list all its values in one --vary`, ExitCode.Usage);
    const at = resolvePath(spec, loaded);
    axes.push({ path: spec.path, segments: spec.segments, values: spec.values.map((t) => typeValue(spec.path, t, at)) });
  }
  const combos = gridIndices(axes.map((a) => a.values.length));
  if (combos.length > 10_000) throw new UserError(`the --vary grid has ${combos.length} combinations; at most 10,000`, ExitCode.Usage);
  const inputs = combos.map((combo) => {
    const doc = parseDocument(text);
    const values: Record<string, string | number> = {};
    combo.forEach((k, i) => {
      const value = axes[i].values[k];
      doc.setIn(axes[i].segments, value);
      values[axes[i].path] = typeof value === "boolean" ? String(value) : value;
    });
    const label = `${file} (${Object.entries(values).map(([p, x]) => `${p}=${x}`).join(", ")})`;
    const r = loadScenarioText(String(doc), label, { days: opts.days, maxEvents: opts.maxEvents });
    if (!r.ok) throw new UserError(`the variant ${label} is not a valid scenario:\n${r.issues.map((i) => `  ${formatIssue(i)}`).join("\n")}`, ExitCode.InvalidInput);
    return { values, config: compileScenario(r.scenario, r.ruleSet, { days: opts.days, seed: opts.seed }) };
  });
  return { axes, inputs };
}

const sweepCommand: CommandModule<object, SweepArgs> = {
  command: "sweep <scenario>",
  describe: "Run a projection per combination of varied parameters (common random numbers) and rank their effects",
  builder: (y) =>
    y
      .positional("scenario", { type: "string", demandOption: true, describe: "Scenario file (YAML or JSON)" })
      // Not `array: true`: that would swallow the scenario path written after a --vary.
      .option("vary", {
        type: "string",
        demandOption: true,
        describe: "<path>=<v1>,<v2>,… or <path>=<from>..<to>:<count>; repeat for a grid of every combination",
      })
      .option("runs", { type: "number", default: 50, describe: "Replications per variant" })
      .option("seed", { type: "number", describe: "Master seed (overrides the file's `seed`)" })
      .option("days", { type: "number", describe: "Horizon in days (overrides the file's `days`)" })
      .option("workers", { type: "number", describe: "Worker threads (default: available cores)" })
      .option("out", { type: "string", describe: "Write sweep.json and the report into this folder" })
      .option("json", { type: "boolean", default: false, describe: "Print exactly one JSON document (tiersim/sweep@1) on stdout" })
      .option("max-events", MAX_EVENTS_OPTION)
      .example("$0 sweep scenarios/quickstart.yaml --vary 'audience.segments[1].block=0.001,0.003,0.01'", "how the cold segment's block rate moves paralysis")
      .example("$0 sweep scenarios/quickstart.yaml --vary overrides.autoScale.delay=1h..6h:3 --vary campaigns[0].throttle.headroom=0,0.2", "a 3 × 2 grid") as never,
  handler: async (argv) => {
    checkRunFlags(argv);
    const maxEvents = maxEventsFrom(argv);
    const loaded = loadForCommand(argv.scenario, { days: argv.days, maxEvents });
    const text = readFileSync(argv.scenario, "utf8").replace(/^\uFEFF/, "");
    const varies = Array.isArray(argv.vary) ? argv.vary : [argv.vary];
    const { axes, inputs } = buildVariants(argv.scenario, text, loaded, varies, { days: argv.days, seed: argv.seed, maxEvents });
    const base = compileScenario(loaded.scenario, loaded.ruleSet, { days: argv.days, seed: argv.seed });
    const bar = progressBar("runs");
    const { result } = await interruptible(
      (signal) => sweep(base, inputs, { runs: argv.runs, workers: argv.workers ?? defaultWorkers(), seed: argv.seed, parameters: axes.map((a) => a.path), signal, onProgress: bar.update }),
      bar.finish,
    );
    bar.finish();
    let written: string[] = [];
    if (argv.out) written = await writeResultFiles(argv.out, "sweep.json", result);
    if (argv.json) printJson(result);
    else {
      process.stdout.write(formatSweep(result));
      if (argv.out) process.stdout.write(`\nWrote ${join(argv.out, "sweep.json")} and the report (${written.length - 1} more files)\n`);
    }
  },
};

// The registry holds commands of every argument shape; yargs checks arguments at run time.
export const command = sweepCommand as unknown as CommandModule<object, never>;
