// tiersim's library API (DESIGN §8): functions that return data and never print. Input
// problems come back as tagged results (`{ ok: false, issues }`), never as exceptions.
//
// @example
// ```ts
// import { loadScenario, compileScenario, simulate } from "tiersim";
// const loaded = loadScenario("scenarios/quickstart.yaml");
// if (loaded.ok) console.log(simulate(compileScenario(loaded.scenario, loaded.ruleSet)).summary);
// ```
import type * as Reports from "./reports/index.js";

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
export type { LoadResult, ScenarioIssue } from "./scenarios/load.js";
export { compileScenario } from "./scenarios/compile.js";
export type { Scenario, ScenarioInput } from "./scenarios/schema.js";

// Simulation
export { simulate } from "./sim/run.js";
export type { SimulateOptions } from "./sim/run.js";
export type { SimConfig } from "./sim/config.js";
// Throttles: the interface, built-ins, adapters for real limiter configs, checkThrottle / expectThrottle
export * from "./sim/throttles/index.js";
export type { RunResult, ProjectionResult, RunSummary, DailyRow, RunEvent, TraceRow, ParalysisCause } from "./sim/result.js";

// Monte Carlo projections, sweeps and shards
export { project, sweep, aggregate, mergeShards, replicate, quantilesR7, meanCI } from "./sim/mc/index.js";
export type { ProjectOptions, SweepResult, SweepOptions } from "./sim/mc/index.js";

// The local Cloud API emulator (`tiersim emulate`): the Graph API on loopback, the same platform
// behind it, signed webhooks, a control plane and a virtual clock, for a sender's test suite.
export { startEmulator, EmulatorError } from "./cli/emulator/server.js";
export type { Emulator, EmulatorOptions, EmulatorClockApi } from "./cli/emulator/server.js";
export type { ClockState } from "./cli/emulator/clock.js";
export type { Handshake, WebhookLogEntry, WebhookAttempt } from "./cli/emulator/webhooks.js";
export type { OutboxEntry, WireChoices } from "./cli/emulator/world.js";

// Reports. Loaded on first use, not at import: the chart renderer (vega) has a top-level
// await, and a module graph with one cannot be `require()`d — CommonJS projects, and `.ts`
// throttles compiled to CommonJS, could not load tiersim at all.
export type { ReportFile } from "./reports/index.js";

/**
 * Renders the report of a run, projection or sweep: `report.md`, `report.html` and every chart
 * as SVG, PNG and Vega-Lite JSON, as `[relativePath, data]` pairs. Deterministic: the same
 * result gives the same bytes.
 *
 * @example
 * ```ts
 * const { files } = await renderReport(simulate(config));
 * for (const [path, data] of files) writeFileSync(join("out", path), data);
 * ```
 */
export async function renderReport(...args: Parameters<typeof Reports.renderReport>): ReturnType<typeof Reports.renderReport> {
  const reports = await import("./reports/index.js");
  return reports.renderReport(...args);
}
