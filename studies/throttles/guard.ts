// A sender throttle is someone else's code running inside the simulation. Whatever it returns
// is checked against the Throttle contract before the engine acts on it — a NaN permit count
// or a wake-up time in the past would otherwise stall or spin a run — and whatever it throws
// becomes a ThrottleFault that names the module, the method, what went wrong and the virtual
// time, so the CLI can report it as bad input (exit 3) instead of a crash.
import { PARALYSIS_CAUSES, type ParalysisCause } from "../../sim/result.js";
import type { AttemptOutcomeName, Throttle, ThrottleSignal, ThrottleView } from "../../sim/sender/throttle.js";

/** The throttle methods (and the two moments before them) where a module can fail. */
export type ThrottleMethod = "load" | "factory" | "permits" | "wakeAt" | "spend" | "holdCause" | "onError" | "onOutcome" | "onSignal";

/**
 * A throttle broke its contract: it threw, returned a value the contract does not allow, or
 * (in the CLI's sandbox) did not return in time.
 *
 * @example
 * ```ts
 * try { checkThrottle(config, createThrottle); }
 * catch (e) { if (e instanceof ThrottleFault) console.error(e.message); } // "my.ts: permits(view) returned NaN at 2026-…"
 * ```
 */
export class ThrottleFault extends Error {
  constructor(
    /** The module or throttle name. */
    readonly source: string,
    readonly method: ThrottleMethod,
    /** What went wrong, in words: "returned NaN", "threw: boom", "did not return within 2 s". */
    readonly detail: string,
    /** Virtual time of the call (ms since the scenario start), or `null` outside a run. */
    readonly at: number | null,
  ) {
    super(`${source}: ${method === "load" ? "loading" : method === "factory" ? "the factory" : `${method}()`} ${detail}`);
    this.name = "ThrottleFault";
  }
}

/** Largest time a throttle may return, ms: integers stay exact up to here. */
const MAX_TIME = Number.MAX_SAFE_INTEGER;
const CAUSES = new Set<string>(PARALYSIS_CAUSES);

/**
 * A short, safe description of any value: never throws, never runs the value's own code
 * (getters, `valueOf`, `toString`).
 *
 * @example
 * ```ts
 * describeValue(NaN);          // "NaN"
 * describeValue("lots");       // '"lots"'
 * describeValue({ valueOf() { throw 1; } }); // "an object"
 * ```
 */
export function describeValue(v: unknown): string {
  switch (typeof v) {
    case "number":
      return Object.is(v, -0) ? "-0" : String(v);
    case "string":
      return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
    case "undefined":
      return "undefined";
    case "boolean":
    case "bigint":
      return `${String(v)}${typeof v === "bigint" ? "n" : ""}`;
    case "symbol":
      return "a symbol";
    case "function":
      return "a function";
    default:
      return v === null ? "null" : Array.isArray(v) ? "an array" : "an object";
  }
}

/** The message of a thrown value, safely (a hostile error may throw from its own `message`). */
export function describeError(e: unknown): string {
  try {
    if (e instanceof Error) return String(e.message).split("\n")[0].slice(0, 200);
  } catch {
    return "an error whose message cannot be read";
  }
  return describeValue(e);
}

/**
 * What is wrong with `value` as the return of `method`, or `null` when it obeys the contract:
 * `permits` a number ≥ 0 (Infinity allowed); `wakeAt` a time after `now` (Infinity: on the next
 * signal); `holdCause` `null` or a paralysis cause; `onError` `undefined`, −1 (give up) or a delay
 * ≥ 0. The other methods' returns are ignored.
 *
 * @example
 * ```ts
 * returnProblem("permits", -5, 0);        // "returned -5 (expected a number ≥ 0)"
 * returnProblem("wakeAt", 1000, 1000);    // "returned 1000, not after now (1000)"
 * returnProblem("holdCause", 42, 0);      // "returned 42 (expected null or a paralysis cause)"
 * ```
 */
export function returnProblem(method: ThrottleMethod, value: unknown, now: number): string | null {
  switch (method) {
    case "permits":
      return typeof value === "number" && value >= 0 ? null : `returned ${describeValue(value)} (expected a number ≥ 0)`;
    case "wakeAt":
      if (typeof value !== "number" || Number.isNaN(value)) return `returned ${describeValue(value)} (expected a time in ms, or Infinity)`;
      if (value !== Infinity && !(value <= MAX_TIME)) return `returned ${describeValue(value)}, beyond any time in ms (use Infinity to wait for a signal)`;
      return value > now ? null : `returned ${describeValue(value)}, not after now (${now}): the engine would ask again at once, forever`;
    case "holdCause":
      return value === null || (typeof value === "string" && CAUSES.has(value)) ? null : `returned ${describeValue(value)} (expected null or a paralysis cause: ${PARALYSIS_CAUSES.join(", ")})`;
    case "onError":
      if (value === undefined) return null;
      return typeof value === "number" && (value === -1 || (value >= 0 && value <= MAX_TIME)) ? null : `returned ${describeValue(value)} (expected undefined, -1 to give up, or a delay in ms ≥ 0)`;
    default:
      return null;
  }
}

/**
 * `t` with every call checked: a throw or a value outside the contract raises a
 * {@link ThrottleFault} naming `source`, the method, the value or error, and the virtual time.
 *
 * @example
 * ```ts
 * const safe = guardThrottle(userThrottle, "my-throttle.ts");
 * simulate(config, { throttles: [safe] }); // throws ThrottleFault instead of stalling on NaN
 * ```
 */
export function guardThrottle(t: Throttle, source: string): Throttle {
  const call = <T>(method: ThrottleMethod, now: number, f: () => T): T => {
    let value: T;
    try {
      value = f();
    } catch (e) {
      if (e instanceof ThrottleFault) throw e;
      throw new ThrottleFault(source, method, `threw: ${describeError(e)}`, now);
    }
    const problem = returnProblem(method, value, now);
    if (problem) throw new ThrottleFault(source, method, problem, now);
    return value;
  };
  const guarded: Throttle = {
    name: t.name,
    permits: (v: ThrottleView) => call("permits", v.now, () => t.permits(v)),
    wakeAt: (v: ThrottleView) => call("wakeAt", v.now, () => t.wakeAt(v)),
    spend: (now: number, n: number) => call("spend", now, () => t.spend(now, n)),
    holdCause: (v: ThrottleView) => call("holdCause", v.now, () => t.holdCause(v)) as ParalysisCause | null,
  };
  if (t.onError) guarded.onError = (code: number, attempt: number, now: number) => call("onError", now, () => t.onError!(code, attempt, now));
  if (t.onOutcome) guarded.onOutcome = (outcome: AttemptOutcomeName, code: number, now: number) => call("onOutcome", now, () => t.onOutcome!(outcome, code, now));
  if (t.onSignal) guarded.onSignal = (signal: ThrottleSignal, now: number) => call("onSignal", now, () => t.onSignal!(signal, now));
  return guarded;
}
