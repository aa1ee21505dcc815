// Throttles on the sender side: adapters that replay real limiter configs (Bottleneck, p-queue)
// on virtual time, and retry by error class. Checking a throttle over runs is a study
// (studies/throttles/).
export { fromBottleneck, type BottleneckOptions } from "./bottleneck.js";
export { fromPQueue, type PQueueOptions } from "./p-queue.js";
export { DEFAULT_SEND_DURATION_MS, type AdapterOptions } from "./adapter-options.js";
export { retryByClass, retryDelay, withRetryPolicy, type RetryByClassPolicy, type RetryChoice, type RetryRule } from "./retry-by-class.js";
export { GIVE_UP, builtinThrottle, type Throttle, type ThrottleView, type ThrottleSignal, type AttemptOutcomeName } from "../throttle.js";
