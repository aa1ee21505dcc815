// tiersim's library API (DESIGN §8). Functions return data and never print.
export { VERSION } from "./index-version.js";
export type { RuleSet, RuleSetId, Limit, Quality } from "./models/rules/types.js";
export type { RunResult, ProjectionResult, RunSummary, DailyRow, RunEvent, TraceRow } from "./sim/result.js";
export type { Scenario, ScenarioInput } from "./scenarios/schema.js";
