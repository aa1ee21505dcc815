// Throttle validation: adapters for real limiter configs, retry by error class, and the
// check/expect core behind `tiersim check-throttle`.
export * from "../sender/throttles/index.js";
export {
  checkThrottle,
  expectThrottle,
  throttleProblems,
  checkSeeds,
  idealConfig,
  ThrottleAssertionError,
  type AssertionFailure,
  type CheckThrottleOptions,
  type ThrottleCheckResult,
  type ThrottleContext,
  type ThrottleFactory,
  type ThrottleSource,
} from "./check.js";
export { parseAssertions, metricValue, knownMetricsText, THROTTLE_METRICS, type Assertion, type AssertionOp, type ParseAssertionsResult } from "./assertions.js";
export { MetricsCollector, quantileSorted, type ThrottleRunMetrics, type QueueLatency, type UtilisationDay } from "./metrics.js";
export { GIVE_UP, builtinThrottle, type Throttle, type ThrottleView, type ThrottleSignal, type AttemptOutcomeName } from "../sender/throttle.js";
export {
  exploreThrottle,
  exploreCases,
  caseScenario,
  DEFAULT_EXPLORE_ASSERTIONS,
  type ExploreCase,
  type ExploreScenario,
  type ExploreOptions,
  type ExploreResult,
} from "./explore.js";
