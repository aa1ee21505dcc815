// The sweep result type is defined by its producer (studies/sweeps/types.ts); reports read it.
export type { SweepResult, SweepVariant, SweepSensitivity } from "../studies/sweeps/contract.js";
