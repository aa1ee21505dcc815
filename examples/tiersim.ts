// The examples import tiersim through this one file so they run inside the tiersim repository.
// In your own project, delete it and import from "tiersim" instead of "./tiersim.js" (or
// "../tiersim.js"): the names are the same.
export { loadScenarioFile } from "../scenarios/load-file.js";
export { compileScenario } from "../scenarios/compile.js";
export {
  fromBottleneck,
  fromPQueue,
  retryByClass,
  retryDelay,
  withRetryPolicy,
  GIVE_UP,
  builtinThrottle,
  type BottleneckOptions,
  type PQueueOptions,
  type RetryByClassPolicy,
  type Throttle,
  type ThrottleView,
  type ThrottleSignal,
} from "../sim/throttles/index.js";
export {
  checkThrottle,
  expectThrottle,
  ThrottleAssertionError,
  type CheckThrottleOptions,
  type ThrottleCheckResult,
  type ThrottleContext,
  type ThrottleFactory,
} from "../studies/throttles/index.js";
