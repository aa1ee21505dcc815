// The V8 inlining budgets hold only if they are raised before the simulation's code is
// optimized: the bench runner raises them first thing; the run, projection and sweep commands
// before they simulate, when the work estimated is large enough to pay for the compilation.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { JIT_FLAGS, JIT_MIN_EVENTS, tuneForWork } from "../../cli/jit-settings.js";

const source = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

/** The module specifiers of a source file's import statements, in order. */
function imports(path: string): string[] {
  return [...source(path).matchAll(/^import\s+(?:[^"';]*?\s+from\s+)?["']([^"']+)["'];/gm)].map((m) => m[1]);
}

describe("JIT settings", () => {
  it("are raised by the bench runner's first import", () => {
    const list = imports("bench/run.ts");
    expect(list.length).toBeGreaterThan(1);
    expect(list[0]).toBe("./jit-first.js");
    expect(source("bench/jit-first.ts")).toMatch(/^raiseInliningBudgets\(\);$/m);
  });

  it.each([
    ["cli/commands/run.ts", /\bsimulate\(config/],
    ["cli/commands/run-projection.ts", /\breplicate\(config/],
    ["cli/commands/run-projection.ts", /\bproject\(config/],
    ["cli/commands/sweep.ts", /\bsweep\(loaded/],
  ])("%s weighs the work before it simulates (%s)", (file, call) => {
    const src = source(file);
    const tune = src.indexOf("tuneForWork(");
    const sim = src.search(call);
    expect(tune).toBeGreaterThan(0);
    expect(sim).toBeGreaterThan(tune);
  });

  it("are raised from JIT_MIN_EVENTS of estimated work on, and stay raised", () => {
    expect(tuneForWork(0)).toBe(false);
    expect(tuneForWork(JIT_MIN_EVENTS - 1)).toBe(false);
    expect(tuneForWork(JIT_MIN_EVENTS)).toBe(true);
    expect(tuneForWork(0)).toBe(true);
  });

  it("are node command-line flags that raise V8's inlining budgets", () => {
    expect(JIT_FLAGS.length).toBeGreaterThan(0);
    for (const flag of JIT_FLAGS) expect(flag).toMatch(/^--max-inlined-bytecode-size(-cumulative|-absolute)?=\d+$/);
  });
});
