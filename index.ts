// tiersim's library API (DESIGN §8): functions that return data and never print. Input
// problems come back as tagged results (`{ ok: false, issues }`), never as exceptions.
//
// @example
// ```ts
// import { loadScenario, compileScenario, simulate } from "tiersim";
// const loaded = loadScenario("scenarios/quickstart.yaml");
// if (loaded.ok) console.log(simulate(compileScenario(loaded.scenario, loaded.ruleSet)).summary);
// ```
export { VERSION } from "./index-version.js";

// Rules
export { RULE_SETS, DEFAULT_RULE_SET_ID, listRuleSets, getRuleSet, applyOverrides, ruleSetSources } from "./models/rules/index.js";
export type { RuleSet, RuleSetId, Limit, Quality } from "./models/rules/types.js";
export { errorInfo, ERROR_CODES } from "./models/errors.js";
/** The rule-set API as one namespace (DESIGN §8): `rules.listRuleSets()`, `rules.applyOverrides(…)`. */
export * as rules from "./models/rules/index.js";

// Scenarios
export { loadScenarioFile as loadScenario, loadScenarioFile } from "./scenarios/load-file.js";
export { loadScenarioText, formatIssue } from "./scenarios/load.js";
export type { LoadOptions, LoadResult, ScenarioIssue } from "./scenarios/load.js";
export { estimateEvents } from "./scenarios/budget.js";
export type { EventEstimate, EventTerm } from "./scenarios/budget.js";
export { DEFAULT_MAX_EVENTS, MAX_DAYS, MIN_CADENCE_MS, MIN_RETRY_DELAY_MS, MAX_RETRIES, MAX_RESUBMITS } from "./scenarios/bounds.js";
export { compileScenario } from "./scenarios/compile.js";
export type { Scenario, ScenarioInput } from "./scenarios/schema.js";

// Simulation
export { simulate } from "./sim/simulate.js";
export type { SimulateOptions } from "./sim/simulate.js";
export type { SimConfig } from "./sim/config.js";
// Throttles: the interface, built-ins, adapters for real limiter configs, checkThrottle / expectThrottle
export * from "./sim/throttles/index.js";
export type { RunResult, ProjectionResult, RunSummary, DailyRow, RunEvent, TraceRow, ParalysisCause } from "./sim/result.js";

// Monte Carlo projections, sweeps and shards
export { project, sweep, aggregate, mergeShards, replicate, quantilesR7, meanCI } from "./sim/mc/index.js";
export type { ProjectOptions, SweepResult, SweepOptions } from "./sim/mc/index.js";

// Reports
export { renderReport } from "./reports/index.js";
