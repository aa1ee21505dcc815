// M/M/1 bench: ρ = 0.9 and 10^6 customers, beside SimPy 3 running the same queue (a generator
// per customer and a Resource) in the same bench run. Its own suite, hence its own process:
// measured after the hold model in one process, the engine's dispatch site had gone megamorphic
// and M/M/1 ran a third slower than it does on its own.
import { runMM1 } from "../../sim/engine/examples/mm1.js";
import { best, fmt, measure, simpyBaselines, withBaseline } from "../baseline.js";
import type { BenchOptions, BenchResult } from "../types.js";

/** Measured against SimPy (bench/simpy/): the runner installs it first when it can. */
export const usesSimPy = true;

/** The M/M/1 bench suite (see the header comment). */
export async function run(opts: BenchOptions): Promise<BenchResult[]> {
  const quick = opts.quick;
  const judge = !quick;
  const seed = 1;
  const { sp, name: simpyName } = simpyBaselines(seed);
  const results: BenchResult[] = [];
  // mm1-1e6: ρ = 0.9 and 10^6 customers on both sides, in continuous time as SimPy runs it.
  // mm1-1e6-int: the same on the integer-millisecond clock tiersim's models use (every gap
  // and service rounded, every time checked to be whole), against the same SimPy figure.
  {
    const customers = quick ? 100_000 : 1_000_000;
    const b = sp("mm1.py", ["--customers", String(customers), "--arrival-rate", "0.9", "--service-rate", "1"]);
    for (const [id, time] of [
      ["mm1-1e6", "real"],
      ["mm1-1e6-int", "integer"],
    ] as const) {
      // Warm the JIT on a small instance of this clock mode so no timed run pays for compilation.
      runMM1({ arrivalRate: 0.9, serviceRate: 1, customers: 200_000, seed, time });
      let meanWait = 0;
      const r = best(3, () =>
        measure(customers, () => {
          meanWait = runMM1({ arrivalRate: 0.9, serviceRate: 1, customers, seed, time }).meanWait;
        }),
      )!;
      const clock = time === "real" ? "continuous time" : "integer-ms clock";
      results.push(
        withBaseline(
          {
            id,
            metric: "customers/s",
            value: r.rate,
            unit: "customers/CPU-s",
            note: `ρ = 0.9, ${fmt(customers)} customers, ${clock}, mean wait ${(meanWait / 1000).toFixed(2)} s (theory 9.00); wall ${fmt(r.wallRate)}/s`,
          },
          b,
          simpyName,
          judge,
          time === "real" ? 50 : undefined,
        ),
      );
    }
  }
  return results;
}
