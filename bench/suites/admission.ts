// Admission decisions per second on a moving-24 h distinct-recipient window that already
// holds 1M users: the innermost operation of every simulated send.
import { DistinctWindow, WINDOW_REFUSED } from "../../models/limit/distinct-window.js";
import { AdmitResult, MessagingLimit } from "../../models/limit/messaging-limit.js";
import { ruleSet as current } from "../../models/rules/meta-2025-10.js";
import type { BenchOptions, BenchResult } from "../types.js";

const TARGET = 5_000_000;

/** xorshift32: a deterministic input stream, so every run measures the same decisions. */
function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

/**
 * Bench suite: admission decisions per second on a 1M-user moving window, and through the whole
 * messaging-limit state machine (window + 7-day usage + scheduling).
 *
 * @example
 * ```ts
 * const [r] = await run({ quick: true }); // r.id === "admission-1m"
 * ```
 */
export async function run(opts: BenchOptions): Promise<BenchResult[]> {
  return [windowBench(opts), limitBench(opts)];
}

function windowBench(opts: BenchOptions): BenchResult {
  const fill = 1_000_000;
  const decisions = opts.quick ? 2_000_000 : 20_000_000;
  const window = new DistinctWindow(24 * 3_600_000, { refreshOnRepeat: true, initialCapacity: 1 << 21 });
  // 1M distinct users over the first ~17 min of the window.
  for (let u = 0; u < fill; u++) window.admitCode(u, u, null);

  // Each decision is for a uniformly random member of a population of 2M (so about half are
  // counted: repeats, which refresh their window; the rest are new counts or refusals), and
  // every 16th decision is for a brand-new user, as the population grows during a run. 8 ms
  // between decisions: the stream spans ~44 h at full size, so users expire from hour 24 on.
  const rnd = xorshift(0x9e3779b9);
  const limit = 1_500_000;
  let population = 2 * fill;
  let now = fill;
  let refused = 0;
  const t0 = performance.now();
  for (let i = 0; i < decisions; i++) {
    const r = rnd();
    const user = (i & 15) === 15 ? population++ : r % population;
    now += 8;
    if (window.admitCode(user, now, limit) === WINDOW_REFUSED) refused++;
  }
  const seconds = (performance.now() - t0) / 1000;
  const value = decisions / seconds;
  return {
    id: "admission-1m",
    metric: "decisions/s",
    value,
    unit: "decisions/s",
    target: "≥ 5M decisions/s",
    // Quick runs are smoke tests: too small for steady-state rates, so the target is not judged.
    met: opts.quick ? undefined : value >= TARGET,
    note: `${decisions.toLocaleString("en-US")} decisions on a window holding ${fill.toLocaleString("en-US")} users; ${((100 * refused) / decisions).toFixed(1)} % refused`,
  };
}

function limitBench(opts: BenchOptions): BenchResult {
  // Current rules at 100K with auto-scaling live: a population of 2M, one send in 20 inside a
  // customer-service window, 10 ms apart (the full stream spans ~28 h: upgrades happen on the way).
  const decisions = opts.quick ? 1_000_000 : 10_000_000;
  const rnd = xorshift(0x85ebca6b);
  let k = 0;
  const ml = new MessagingLimit(current, { limit: 100_000, verification: "verified", quality: "GREEN", now: 0 }, () => ((k = (k * 1_103_515_245 + 12_345) >>> 0), k / 2 ** 32));
  const population = 2_000_000;
  let now = 0;
  let refused = 0;
  let changes = 0;
  let due = ml.nextDueAt() ?? Infinity;
  const t0 = performance.now();
  for (let i = 0; i < decisions; i++) {
    now += 10;
    if (now >= due) {
      changes += ml.advance(now).length;
      due = ml.nextDueAt() ?? Infinity;
    }
    const r = rnd();
    if (ml.admit(r % population, now, r % 20 === 0) === AdmitResult.REFUSED) refused++;
    if (i % 4096 === 0) due = ml.nextDueAt() ?? Infinity;
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    id: "admission-limit",
    metric: "decisions/s",
    value: decisions / seconds,
    unit: "decisions/s",
    note: `MessagingLimit.admit under meta-2025-10 from 100K; ${((100 * refused) / decisions).toFixed(1)} % refused, ${changes} limit changes, final limit ${ml.limit ?? "unlimited"}`,
  };
}
