// Messaging limit: moving-window distinct counts, usage measures and the tier state machine.
export { DistinctWindow, WINDOW_REFUSED, WINDOW_COUNTED_NEW, WINDOW_ALREADY_COUNTED, type WindowAdmitCode, type DistinctWindowOptions } from "./distinct-window.js";
export { CumulativeUnique, PeakMoving24h, createUsageMeasure, type UsageMeasure } from "./usage.js";
export {
  MessagingLimit, AdmitResult, type LimitChange, type LimitChangeReason, type ScalingPathKind, type MessagingLimitInit,
} from "./messaging-limit.js";
