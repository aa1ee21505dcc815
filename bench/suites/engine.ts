// Engine bench, hold model (JaamSim's method: N entities each holding for U(0, 2N), so about N
// events are always pending) at 100, 100 K and 1 M pending events, beside SimPy running the same
// model at the same sizes in the same bench run. M/M/1 has its own suite (mm1.ts) so that each
// model is measured in a fresh process: dispatch call sites warmed on one model slow another.
import { Simulation, streamFor } from "../../sim/engine/index.js";
import type { Xoshiro128ss } from "../../sim/engine/index.js";
import { best, fmt, measure, simpyBaselines, withBaseline, type Measured } from "../baseline.js";
import type { BenchOptions, BenchResult } from "../types.js";

const HOLD = 0;

/**
 * The hold model: `entities` events pending at all times, each entity holding `holds` times
 * for U(0, 2N) (whole milliseconds). The pre-fill is not timed.
 */
function hold(entities: number, holds: number, seed: number): Measured {
  const rng: Xoshiro128ss = streamFor(seed, "hold");
  const span = 2 * entities * 1000;
  const sim = new Simulation({ initialCapacity: entities + 16 });
  const remaining = new Int32Array(entities).fill(holds - 1);
  sim.on(HOLD, (entity) => {
    if (remaining[entity]-- > 0) sim.reschedule(Math.floor(rng.nextFloat() * span));
  });
  for (let e = 0; e < entities; e++) sim.schedule(Math.floor(rng.nextFloat() * span), HOLD, e);
  const m = measure(entities * holds, () => sim.run());
  if (sim.eventsExecuted !== entities * holds) throw new Error(`hold model executed ${sim.eventsExecuted} events, expected ${entities * holds}`);
  return m;
}

/** Measured against SimPy (bench/simpy/): the runner installs it first when it can. */
export const usesSimPy = true;

/** The engine bench suite (see the header comment). */
export async function run(opts: BenchOptions): Promise<BenchResult[]> {
  const quick = opts.quick;
  const judge = !quick;
  const seed = 1;
  const { sp, name: simpyName } = simpyBaselines(seed);
  const results: BenchResult[] = [];

  // Warm the JIT on a small instance so no timed run pays for compilation.
  hold(1000, 200, seed);

  // hold-100: SimPy runs 100 × 10 000 holds (1e6 events); Node 10× more for a steadier clock.
  // The model and its size (pending events) are the same; the rate is compared.
  {
    const holds = quick ? 10_000 : 100_000;
    const r = best(3, () => hold(100, holds, seed))!;
    const b = sp("hold.py", ["--entities", "100", "--holds", quick ? "1000" : "10000"]);
    results.push(
      withBaseline(
        { id: "hold-100", metric: "events/s", value: r.rate, unit: "events/CPU-s", note: `100 pending, ${fmt(100 * holds)} events; wall ${fmt(r.wallRate)}/s` },
        b,
        simpyName,
        judge,
      ),
    );
  }

  // hold-100k: identical on both sides: 100 000 entities × 10 holds.
  {
    const entities = quick ? 10_000 : 100_000;
    // One run is only 10^6 events (a few tenths of a second), so take more of them.
    const r = best(5, () => hold(entities, 10, seed))!;
    const b = sp("hold.py", ["--entities", String(entities), "--holds", "10"]);
    results.push(
      withBaseline(
        { id: "hold-100k", metric: "events/s", value: r.rate, unit: "events/CPU-s", note: `${fmt(entities)} pending × 10 holds; wall ${fmt(r.wallRate)}/s` },
        b,
        simpyName,
        judge,
        8,
      ),
    );
  }

  // hold-1m: no SimPy baseline (a million suspended generators would dominate the bench time).
  {
    const entities = quick ? 100_000 : 1_000_000;
    const r = best(quick ? 1 : 2, () => hold(entities, 5, seed))!;
    results.push({
      id: "hold-1m",
      metric: "events/s",
      value: r.rate,
      unit: "events/CPU-s",
      note: `${fmt(entities)} pending × 5 holds; wall ${fmt(r.wallRate)}/s; no SimPy baseline`,
    });
  }

  return results;
}
