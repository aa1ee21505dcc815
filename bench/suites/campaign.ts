// Campaign throughput and memory: a million users over 30 days (bench/scenarios/large.yaml).
// Messages per second counts every simulated send attempt per second of wall-clock time, leaving
// out the memory samples (forced collections: the probe's cost, not the simulation's); the note
// adds the rate per second of the process's CPU time, which counts V8's compiler and GC threads
// too. The figure is the median of three timed runs, all three in the note: on a shared 2-core
// machine one 10-second run of the same build has measured anywhere from 2.9M to 3.7M (a
// neighbour's load), and one sample of that spread says little about the code. Memory is the
// live state per user, sampled mid-run (after a forced GC when `--expose-gc` is on) through a
// throttle that delegates to the campaign's own; its figure is the peak over the three runs.
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

/** Peak live bytes seen, and the wall and CPU time the samples took (not the simulation's). */
interface Peak {
  bytes: number;
  wallNs: bigint;
  cpuUs: number;
}

/** Wraps a throttle and samples memory every `every` calls of `permits`. */
function probe(inner: Throttle, every: number, peak: Peak): Throttle {
  let calls = 0;
  return {
    name: inner.name,
    permits(v: ThrottleView) {
      if (++calls % every === 0) {
        // A forced full collection of a million users' heap takes a few hundred ms of the
        // process's threads: timed, so that the speed figure leaves it out.
        const c0 = process.cpuUsage();
        const t0 = process.hrtime.bigint();
        peak.bytes = Math.max(peak.bytes, live());
        peak.wallNs += process.hrtime.bigint() - t0;
        const c = process.cpuUsage(c0);
        peak.cpuUs += c.user + c.system;
      }
      return inner.permits(v);
    },
    wakeAt: (v) => inner.wakeAt(v),
    spend: (now, n) => inner.spend(now, n),
    holdCause: (v) => inner.holdCause(v),
  };
}

function load(quick: boolean, optedIn?: number): SimConfig {
  const loaded = loadScenarioFile("bench/scenarios/large.yaml");
  if (!loaded.ok) throw new Error(`bench scenario invalid: ${JSON.stringify(loaded.issues)}`);
  const users = optedIn ?? (quick ? 100_000 : undefined);
  // Compiled from the scenario itself, so that the warm-up's configuration objects have the same
  // shapes as the timed run's.
  const scenario = users === undefined ? loaded.scenario : { ...loaded.scenario, audience: { ...loaded.scenario.audience, optedIn: users } };
  return compileScenario(scenario, loaded.ruleSet, quick ? { days: 3 } : {});
}

/** Timed runs; the figure is their median. */
const RUNS = 3;

/** Live memory is measured after forced collections. */
export const nodeFlags = ["--expose-gc"];

export async function run(opts: BenchOptions): Promise<BenchResult[]> {
  const cfg = load(opts.quick);
  // Warm-up on a small copy so the JIT has compiled the hot loop before timing. Over the whole
  // horizon: past 2^31 ms (24.9 days) run times stop being small integers on 64-bit Node, and
  // code specialized for those deoptimizes ("overflow"). Twice: the second run of a process
  // re-optimizes most of the hot loop once more (V8's --trace-deopt: some thirty functions at
  // its start, none later), and the timed runs should not pay for either.
  const warm = load(opts.quick, 20_000);
  simulate(warm);
  simulate(warm);
  const base = live();
  const peak: Peak = { bytes: base, wallNs: 0n, cpuUs: 0 };
  const runs: { rate: number; seconds: number; cpuSeconds: number }[] = [];
  let attempted = 0;
  for (let i = 0; i < (opts.quick ? 1 : RUNS); i++) {
    // Sample often enough that even a quick (smoke) run takes several readings.
    const throttles = cfg.campaigns.map((c) => probe(builtinThrottle(c.throttle), opts.quick ? 200 : 20_000, peak));
    const wall0 = peak.wallNs;
    const cpuProbe0 = peak.cpuUs;
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const r = simulate(cfg, { throttles });
    const seconds = Number(process.hrtime.bigint() - t0 - (peak.wallNs - wall0)) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    // Every thread of the process: the simulation's, and V8's compiler and GC helpers.
    const cpuSeconds = (cpu.user + cpu.system - (peak.cpuUs - cpuProbe0)) / 1e6;
    attempted = r.summary.messages.attempted;
    runs.push({ rate: attempted / seconds, seconds, cpuSeconds });
  }
  const users = cfg.audience.optedIn + cfg.audience.growthPerDay * (cfg.horizon / 86_400_000);
  const byRate = [...runs].sort((a, b) => a.rate - b.rate);
  const median = byRate[(byRate.length - 1) >> 1];
  const rate = median.rate;
  const perUser = (peak.bytes - base) / users;
  const each = runs.map((x) => `${(x.rate / 1e6).toFixed(2)}M`).join(", ");
  return [
    {
      id: "campaign-1m",
      metric: "messages/s",
      value: Math.round(rate),
      unit: "msg/s",
      // Issue 17's line; 2M was issue 11's.
      target: "≥ 3M msg/s on one core",
      met: opts.quick ? undefined : rate >= 3e6,
      note: `${runs.length === 1 ? "one run" : `median of ${runs.length} runs (${each} msg/s); the median run`}: ${attempted.toLocaleString("en-US")} attempts in ${median.seconds.toFixed(1)} s, ${median.cpuSeconds.toFixed(1)} s of CPU (${Math.round(attempted / median.cpuSeconds).toLocaleString("en-US")}/CPU-s); memory samples (${(Number(peak.wallNs) / 1e9).toFixed(2)} s in all) left out`,
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
