// tiersim's library API (DESIGN §8): functions that return data and never print. Input
// problems come back as tagged results (`{ ok: false, issues }`), never as exceptions.
// Every export is named here on purpose: what is not listed is internal and may change.
//
// @example
// ```ts
// import { loadScenario, compileScenario, simulate } from "tiersim";
// const loaded = loadScenario("scenarios/quickstart.yaml");
// if (loaded.ok) console.log(simulate(compileScenario(loaded.scenario, loaded.ruleSet)).summary);
// ```
import { applyOverrides, DEFAULT_RULE_SET_ID, getParameter, getRuleSet, listRuleSets, parameterPaths, RULE_SET_IDS, RULE_SETS, ruleSetSources } from "./models/rules/index.js";
import type * as Reports from "./reports/index.js";

export { VERSION } from "./index-version.js";

// Rules: the platform's rules per era (the pure models themselves: `tiersim/models`)
export { RULE_SETS, RULE_SET_IDS, DEFAULT_RULE_SET_ID, listRuleSets, getRuleSet, applyOverrides, ruleSetSources, parameterPaths, getParameter } from "./models/rules/index.js";
export type { RuleSet, RuleSetId, Limit, Quality, TemplateCategory, TemplateStatus, ParameterSource, OverrideIssue, OverrideResult } from "./models/rules/index.js";
export { errorInfo, ERROR_CODES } from "./models/errors.js";
export type { ErrorInfo, RetryClass } from "./models/errors.js";

/**
 * The rule-set API as one namespace (DESIGN §8).
 *
 * @example
 * ```ts
 * rules.listRuleSets().map((r) => r.id); // ["meta-2021-09", "seed-2023-02", "meta-2023-11", "meta-2025-10"]
 * rules.applyOverrides(rules.RULE_SETS["meta-2025-10"], { "autoScale.delay": "6h" });
 * ```
 */
export const rules = Object.freeze({ RULE_SETS, RULE_SET_IDS, DEFAULT_RULE_SET_ID, listRuleSets, getRuleSet, applyOverrides, ruleSetSources, parameterPaths, getParameter });

// Scenarios
export { loadScenarioFile as loadScenario, loadScenarioFile } from "./scenarios/load-file.js";
export { loadScenarioText, formatIssue } from "./scenarios/load.js";
export type { LoadOptions, LoadResult, LoadedScenario, ScenarioIssue } from "./scenarios/load.js";
export { ISSUE_CODES } from "./scenarios/issues.js";
export type { IssueCode } from "./scenarios/issues.js";
export { estimateEvents } from "./scenarios/budget.js";
export type { EventEstimate, EventTerm } from "./scenarios/budget.js";
export { DEFAULT_MAX_EVENTS, MAX_DAYS, MIN_CADENCE_MS, MIN_RETRY_DELAY_MS, MAX_RETRIES, MAX_RESUBMITS } from "./scenarios/bounds.js";
export { compileScenario } from "./scenarios/compile.js";
export { scenarioJsonSchema } from "./scenarios/json-schema.js";
export type { Scenario, ScenarioInput } from "./scenarios/schema.js";

// One run
export { simulate } from "./sim/run.js";
export type { SimulateOptions } from "./sim/run.js";
export type { SimConfig } from "./sim/config.js";
export { PARALYSIS_CAUSES, RUN_EVENT_TYPES } from "./sim/result.js";
export type { RunResult, RunSummary, MessageCounts, DailyRow, RunEvent, TraceRow, ParalysisCause, ToolInfo, ScenarioHeader } from "./sim/result.js";

// Sender throttles: the interface, built-ins, adapters that replay real limiter configs
export { GIVE_UP, builtinThrottle } from "./sim/sender/throttle.js";
export type { Throttle, ThrottleView, ThrottleSignal, AttemptOutcomeName } from "./sim/sender/throttle.js";
export { fromBottleneck, fromPQueue, DEFAULT_SEND_DURATION_MS, retryByClass, retryDelay, withRetryPolicy } from "./sim/sender/throttles/index.js";
export type { BottleneckOptions, PQueueOptions, AdapterOptions, RetryByClassPolicy, RetryChoice, RetryRule } from "./sim/sender/throttles/index.js";

// Studies over many runs: throttle checks and exploration
export {
  checkThrottle,
  expectThrottle,
  ThrottleAssertionError,
  ThrottleFault,
  guardThrottle,
  throttleProblems,
  parseAssertions,
  THROTTLE_METRICS,
  exploreThrottle,
  exploreCases,
  caseScenario,
  DEFAULT_EXPLORE_ASSERTIONS,
} from "./studies/throttles/index.js";
export type {
  CheckThrottleOptions,
  ThrottleCheckResult,
  ThrottleContext,
  ThrottleFactory,
  ThrottleSource,
  AssertionFailure,
  Assertion,
  AssertionOp,
  ParseAssertionsResult,
  ThrottleRunMetrics,
  QueueLatency,
  UtilisationDay,
  ExploreCase,
  ExploreOptions,
  ExploreResult,
  ThrottleMethod,
} from "./studies/throttles/index.js";

// Studies over many runs: Monte Carlo projections, shards, sweeps, statistics
export { project, replicate } from "./studies/projections/project.js";
export type { ProjectOptions, ReplicateOptions, Replications } from "./studies/projections/project.js";
export { aggregate } from "./studies/projections/aggregate.js";
export { mergeShards, shardText, shardIndices, parseShardSpec, scenarioHash, SHARD_SCHEMA } from "./studies/projections/shard.js";
export type { ShardFile, MergeResult } from "./studies/projections/shard.js";
export type { ShardLine, ShardSpec, DailySeries } from "./studies/projections/shard-contract.js";
export type { ProjectionHeader, ReplicationRecord } from "./studies/projections/types.js";
export type { ProjectionResult, Quantiles, LimitQuantiles, MeanCI, Distribution } from "./studies/projections/contract.js";
export { sweep, sweepVariants } from "./studies/sweeps/sweep.js";
export type { SweepOptions, SweepScenarioOptions, SweepOutcome, SweepRun } from "./studies/sweeps/sweep.js";
export { buildVariants } from "./studies/sweeps/variants.js";
export type { SweepInput, SweepIssue, SweepIssueCode, VaryInput, VaryValue, Axis, BuildVariantsResult } from "./studies/sweeps/variants.js";
export type { SweepResult, SweepVariant, SweepSensitivity } from "./studies/sweeps/contract.js";
export { quantileSorted, quantilesR7, limitQuantiles } from "./studies/stats/quantile.js";
export { meanCI, describeValues } from "./studies/stats/mean.js";

// The result contracts: their JSON Schemas, and reading a saved result back
export { RESULT_CONTRACTS, CONTRACT_NAMES, resultJsonSchema } from "./studies/contracts.js";
export type { ResultContract, ContractName } from "./studies/contracts.js";
export { parseResult } from "./reports/load.js";
export type { ParsedResult } from "./reports/load.js";

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

/**
 * Renders the report of a throttle check (`report.md`, `report.html` and the errors-by-code
 * chart), as `[relativePath, data]` pairs; `label` names the throttle checked. Loaded on first
 * use, like {@link renderReport}.
 *
 * @example
 * ```ts
 * const { files } = await renderThrottleReport(checkThrottle(config, createThrottle), "my-throttle.ts");
 * ```
 */
export async function renderThrottleReport(...args: Parameters<typeof Reports.renderThrottleReport>): ReturnType<typeof Reports.renderThrottleReport> {
  const reports = await import("./reports/index.js");
  return reports.renderThrottleReport(...args);
}
