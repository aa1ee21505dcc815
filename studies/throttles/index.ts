// Throttle studies: run a scenario with a sender throttle (once or over replication seeds),
// measure it, hold assertions against every run (`tiersim check-throttle`), and search
// generated scenarios for a violation (`--explore`).
export {
  checkThrottle,
  expectThrottle,
  throttleProblems,
  checkSeeds,
  idealConfig,
  measureRun,
  ThrottleAssertionError,
  type AssertionFailure,
  type CheckThrottleOptions,
  type ThrottleCheckResult,
  type ThrottleContext,
  type ThrottleFactory,
  type ThrottleSource,
} from "./check.js";
export { ThrottleFault, guardThrottle, returnProblem, describeValue, type ThrottleMethod } from "./guard.js";
export { parseAssertions, metricValue, knownMetricsText, holds, needsIdeal, THROTTLE_METRICS, type Assertion, type AssertionOp, type ParseAssertionsResult } from "./assertions.js";
export { MetricsCollector, type ThrottleRunMetrics, type QueueLatency, type UtilisationDay } from "./metrics.js";
export {
  exploreThrottle,
  exploreCases,
  caseScenario,
  compileCase,
  DEFAULT_EXPLORE_ASSERTIONS,
  type ExploreCase,
  type ExploreOptions,
  type ExploreResult,
} from "./explore.js";
