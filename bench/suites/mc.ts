// Monte Carlo scaling: quickstart replications per second on 1 and 2 worker threads. Each
// pool is started and warmed up (two replications per worker, untimed) before the timed
// batch, so the figures compare steady-state throughput, not thread start-up and JIT.
import { existsSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileScenario } from "../../scenarios/compile.js";
import { loadScenarioFile } from "../../scenarios/load-file.js";
import type { SimConfig } from "../../sim/config.js";
import { ReplicationPool } from "../../studies/projections/pool.js";
import type { BenchOptions, BenchResult } from "../types.js";

const TARGET_SPEEDUP = 1.8;

function quickstart(days: number | undefined): SimConfig {
  // Compiled to dist/bench/suites/, sources in bench/suites/: walk up to the repository root.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5 && !existsSync(join(dir, "scenarios", "quickstart.yaml")); i++) dir = dirname(dir);
  const loaded = loadScenarioFile(join(dir, "scenarios", "quickstart.yaml"));
  if (!loaded.ok) throw new Error(`scenarios/quickstart.yaml does not load: ${loaded.issues.map((i) => i.message).join("; ")}`);
  return compileScenario(loaded.scenario, loaded.ruleSet, { days });
}

/** Replications per second of `runs` quickstart replications on `workers` threads. */
async function rate(config: SimConfig, workers: number, runs: number): Promise<{ value: number; seconds: number }> {
  const pool = new ReplicationPool(workers);
  try {
    await pool.run(config, config.name, 1, Array.from({ length: 2 * workers }, (_, i) => 1_000_000 + i));
    const t0 = performance.now();
    await pool.run(config, config.name, config.seed, Array.from({ length: runs }, (_, i) => i));
    const seconds = (performance.now() - t0) / 1000;
    return { value: runs / seconds, seconds };
  } finally {
    await pool.destroy();
  }
}

export async function run(opts: BenchOptions): Promise<BenchResult[]> {
  // The full bench runs the scenario as shipped (30 days, 30,000 users); --quick shortens it.
  const days = opts.quick ? 3 : undefined;
  const runs = opts.quick ? 8 : 48;
  const rounds = opts.quick ? 1 : 5;
  const config = quickstart(days);
  const horizon = `${Math.round(config.horizon / 86_400_000)} days`;
  // Alternate 1 and 2 workers and keep the best round of each, so a burst of other load on
  // the machine does not land on one side of the ratio only.
  let one = { value: 0, seconds: 0 };
  let two = { value: 0, seconds: 0 };
  const load: number[] = [];
  for (let i = 0; i < rounds; i++) {
    load.push(loadavg()[0]);
    const a = await rate(config, 1, runs);
    if (a.value > one.value) one = a;
    const b = await rate(config, 2, runs);
    if (b.value > two.value) two = b;
  }
  const ratio = two.value / one.value;
  const cores = availableParallelism();
  const context = `best of ${rounds} alternating round${rounds > 1 ? "s" : ""}; ${cores} cores, 1-min load average ${load.map((l) => l.toFixed(1)).join(" / ")} at the start of each round`;
  return [
    {
      id: "mc-1w",
      metric: "runs/s",
      value: one.value,
      unit: "runs/s",
      note: `quickstart (${horizon}), ${runs} replications on 1 worker thread in ${one.seconds.toFixed(1)} s; ${context}`,
    },
    {
      id: "mc-2w",
      metric: "runs/s",
      value: two.value,
      unit: "runs/s",
      baseline: { name: "mc-1w", value: one.value },
      ratio,
      target: `≥ ${TARGET_SPEEDUP}× mc-1w on 2 cores`,
      met: opts.quick ? undefined : ratio >= TARGET_SPEEDUP,
      note: `quickstart (${horizon}), ${runs} replications on 2 worker threads in ${two.seconds.toFixed(1)} s; ${context}`,
    },
  ];
}
