// `--max-events N`: the per-run event budget a command checks a scenario against before it runs
// (see scenarios/budget.ts). One definition for `validate`, `run`, `sweep` and `check-throttle`.
import type { Options } from "yargs";
import { DEFAULT_MAX_EVENTS } from "../../scenarios/bounds.js";
import { ExitCode, UserError } from "../exit-codes.js";

/**
 * The yargs definition of `--max-events`.
 *
 * @example
 * ```ts
 * yargs.option("max-events", MAX_EVENTS_OPTION);
 * ```
 */
export const MAX_EVENTS_OPTION: Options = {
  type: "number",
  describe: `Refuse a scenario estimated to generate more simulation events per run than this (default ${DEFAULT_MAX_EVENTS.toExponential(0).replace("+", "")})`,
};

/**
 * The budget asked for on the command line: `undefined` for the default, a usage error (exit 2)
 * for anything but a number ≥ 1.
 *
 * @example
 * ```ts
 * maxEventsFrom({ maxEvents: 5e9 }); // 5000000000
 * ```
 */
export function maxEventsFrom(argv: { maxEvents?: number }): number | undefined {
  const v = argv.maxEvents;
  if (v === undefined) return undefined;
  if (typeof v !== "number" || Number.isNaN(v) || v < 1) throw new UserError(`--max-events must be a number of events, 1 or more (e.g. 5e9), got ${String(v)}`, ExitCode.Usage);
  return v;
}
