// Throttle adapters: production limiter configurations (Bottleneck, p-queue) replayed on
// virtual time, and Meta's retry advice by error class.
export { fromBottleneck, type BottleneckOptions } from "./bottleneck.js";
export { fromPQueue, type PQueueOptions } from "./p-queue.js";
export { DEFAULT_SEND_DURATION_MS, type AdapterOptions } from "./adapter-options.js";
export { retryByClass, retryDelay, withRetryPolicy, type RetryByClassPolicy, type RetryChoice, type RetryRule } from "./retry-by-class.js";
