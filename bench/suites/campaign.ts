// Campaign throughput and memory: a million users over 30 days (bench/scenarios/large.yaml).
// Messages per second counts every simulated send attempt; memory is the live state per user,
// sampled mid-run (after a forced GC when `--expose-gc` is on) through a throttle that
// delegates to the campaign's own.
import { loadScenarioFile } from "../../scenarios/load-file.js";
import { compileScenario } from "../../scenarios/compile.js";
import { simulate } from "../../sim/run.js";
import { builtinThrottle, type Throttle, type ThrottleView } from "../../sim/sender/throttle.js";
import type { SimConfig } from "../../sim/config.js";
import type { BenchOptions, BenchResult } from "../types.js";

const gc = (globalThis as { gc?: () => void }).gc;

function live(): number {
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Wraps a throttle and samples memory every `every` calls of `permits`. */
function probe(inner: Throttle, every: number, peak: { bytes: number }): Throttle {
  let calls = 0;
  return {
    name: inner.name,
    permits(v: ThrottleView) {
      if (++calls % every === 0) peak.bytes = Math.max(peak.bytes, live());
      return inner.permits(v);
    },
    wakeAt: (v) => inner.wakeAt(v),
    spend: (now, n) => inner.spend(now, n),
    holdCause: (v) => inner.holdCause(v),
  };
}

function load(quick: boolean): SimConfig {
  const loaded = loadScenarioFile("bench/scenarios/large.yaml");
  if (!loaded.ok) throw new Error(`bench scenario invalid: ${JSON.stringify(loaded.issues)}`);
  const cfg = compileScenario(loaded.scenario, loaded.ruleSet, quick ? { days: 3 } : {});
  return quick ? { ...cfg, audience: { ...cfg.audience, optedIn: 100_000 } } : cfg;
}

/** Live memory is measured after forced collections. */
export const nodeFlags = ["--expose-gc"];

export async function run(opts: BenchOptions): Promise<BenchResult[]> {
  const cfg = load(opts.quick);
  // Warm-up on a small copy so the JIT has compiled the hot loop before timing.
  simulate({ ...cfg, horizon: 2 * 86_400_000, audience: { ...cfg.audience, optedIn: 20_000 } });
  const base = live();
  const peak = { bytes: base };
  // Sample often enough that even a quick (smoke) run takes several readings.
  const throttles = cfg.campaigns.map((c) => probe(builtinThrottle(c.throttle), opts.quick ? 200 : 20_000, peak));
  const t0 = process.hrtime.bigint();
  const r = simulate(cfg, { throttles });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const users = cfg.audience.optedIn + cfg.audience.growthPerDay * (cfg.horizon / 86_400_000);
  const rate = r.summary.messages.attempted / seconds;
  const perUser = (peak.bytes - base) / users;
  return [
    {
      id: "campaign-1m",
      metric: "messages/s",
      value: Math.round(rate),
      unit: "msg/s",
      target: "≥ 2M msg/s on one core",
      met: opts.quick ? undefined : rate >= 2e6,
      note: `${r.summary.messages.attempted.toLocaleString("en-US")} attempts in ${seconds.toFixed(1)} s`,
    },
    {
      id: "campaign-1m-memory",
      metric: "bytes of state per user",
      value: Math.round(perUser),
      unit: "B/user",
      target: "≤ 100 B/user",
      met: opts.quick ? undefined : perUser <= 100,
      note: gc ? `peak live heap + array buffers over ${Math.round(users).toLocaleString("en-US")} users` : "run with --expose-gc for live (not garbage-inflated) figures",
    },
  ];
}
