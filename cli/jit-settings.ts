// V8 inlining budgets for processes that simulate much. V8's flags are per process, so the
// worker threads of a projection run under them too. They must hold before the simulation's
// hot functions are optimized: the bench raises them at start-up, the run, projection and sweep
// commands once the scenario is compiled and before anything is simulated, when the work
// estimated is large enough to pay for the extra compilation (see tuneForWork).
//
// Why: a delivery goes through a dozen rooms (limit, pacing, caps, quality, pricing, recorder…),
// each a small method. With V8's default budgets (460 bytes of bytecode per inlined function,
// 920 inlined per optimized function) the send's optimized code stops inlining about halfway,
// and every call left pays a frame, argument checks and a heap-allocated box for each double
// passed or returned (96 bytes of garbage per attempt). The budgets below let a delivery
// (1,759 bytes of bytecode, just above the per-function limit) be optimized on its own with
// its rooms inlined into it, and the pump with the send's checks inlined into it. Measured
// with a deterministic instruction counter on the campaign benchmark's scenario (40,000 and
// 160,000 users, 10 days, differenced so that start-up cancels): JIT-compiled instructions per
// attempt fall from 4,287 to 3,487, garbage from 96 to 19 bytes per attempt (bench/RESULTS.md).
// Compilation costs more, on V8's background compiler threads: 0.6–1 s of CPU for a 3-day
// quickstart run from the CLI (charts and reports compiled with the larger budgets too), which a
// short run does not win back — hence the threshold.
//
// Outputs do not depend on these settings (inlining changes no arithmetic: IEEE doubles and
// Math functions give the same bits inlined or not); the golden tests run without them and the
// CLI's with or without them as their size decides.
// Library users who call `simulate` from their own process may pass the same flags to `node`:
// `node --max-inlined-bytecode-size=1700 --max-inlined-bytecode-size-cumulative=6900
// --max-inlined-bytecode-size-absolute=6900 …`.
import { setFlagsFromString } from "node:v8";

/**
 * The V8 flags this module sets, as `node` command-line flags.
 *
 * @example
 * ```ts
 * spawnSync(process.execPath, [...JIT_FLAGS, "script.js"]);
 * ```
 */
export const JIT_FLAGS: readonly string[] = ["--max-inlined-bytecode-size=1700", "--max-inlined-bytecode-size-cumulative=6900", "--max-inlined-bytecode-size-absolute=6900"];

/**
 * Estimated events (scenarios/budget.ts, summed over the runs a command makes) from which a
 * command raises the budgets: about six 30-day quickstart runs, where the time saved passes the
 * compilation added.
 */
export const JIT_MIN_EVENTS = 20_000_000;

let raised = false;

/**
 * Raises the inlining budgets for the rest of the process (once; later calls do nothing).
 *
 * @example
 * ```ts
 * raiseInliningBudgets(); // first thing in a benchmark's process
 * ```
 */
export function raiseInliningBudgets(): void {
  if (raised) return;
  raised = true;
  for (const flag of JIT_FLAGS) setFlagsFromString(flag);
}

/**
 * Raises the budgets when `estimatedEvents` reaches {@link JIT_MIN_EVENTS}; returns whether they
 * are raised (now or earlier). Call it before the first simulation.
 *
 * @example
 * ```ts
 * tuneForWork(estimateEvents(config).total * runs);
 * ```
 */
export function tuneForWork(estimatedEvents: number): boolean {
  if (estimatedEvents >= JIT_MIN_EVENTS) raiseInliningBudgets();
  return raised;
}
