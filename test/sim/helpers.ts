// Running scenarios from tests: load (YAML text or file), compile, simulate.
import { readdirSync } from "node:fs";
import { loadScenarioFile } from "../../scenarios/load-file.js";
import { loadScenarioText } from "../../scenarios/load.js";
import { compileScenario } from "../../scenarios/compile.js";
import { simulate, type SimulateOptions } from "../../sim/run.js";
import type { RunResult, TraceRow } from "../../sim/result.js";
import type { SimConfig } from "../../sim/config.js";
export { HOUR, DAY } from "../../models/duration.js";

export function configFromText(yaml: string, opts: { days?: number; seed?: number } = {}): SimConfig {
  const loaded = loadScenarioText(yaml, "test.yaml");
  if (!loaded.ok) throw new Error(`invalid test scenario:\n${loaded.issues.map((i) => `${i.line}:${i.column} ${i.path}: ${i.message}`).join("\n")}`);
  return compileScenario(loaded.scenario, loaded.ruleSet, opts);
}

export function configFromFile(file: string, opts: { days?: number; seed?: number } = {}): SimConfig {
  const loaded = loadScenarioFile(file);
  if (!loaded.ok) throw new Error(`invalid scenario ${file}`);
  return compileScenario(loaded.scenario, loaded.ruleSet, opts);
}

export function runText(yaml: string, opts: SimulateOptions & { days?: number } = {}): RunResult {
  return simulate(configFromText(yaml, { days: opts.days }), opts);
}

export function runWithTrace(config: SimConfig, opts: SimulateOptions = {}): { result: RunResult; trace: TraceRow[] } {
  const trace: TraceRow[] = [];
  const result = simulate(config, { ...opts, trace: (r) => trace.push(r) });
  return { result, trace };
}

export const EXAMPLES: string[] = readdirSync("scenarios")
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => `scenarios/${f}`);

