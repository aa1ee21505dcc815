// The sweep result type is defined by its producer (sim/mc/sweep-types.ts); reports read it.
export type { SweepResult, SweepVariant, SweepSensitivity } from "../sim/mc/sweep-types.js";
