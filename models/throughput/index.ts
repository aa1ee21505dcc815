// Throughput, pair rate and per-user cap: the per-send rate limits of reference §6.
export { ThroughputGate } from "./gate.js";
export { PairRate } from "./pair-rate.js";
export { PerUserMarketingCap, othersUse, poissonCdf, userPeriod, CAP_PASSED, MARKET_EXEMPT, MARKET_US, type MarketClass, type PerUserCapOptions, type CapDraws } from "./per-user-cap.js";
