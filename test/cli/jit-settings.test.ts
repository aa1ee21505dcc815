// The V8 inlining budgets hold only if they are set before any simulation code is optimized:
// the CLI and the benchmark runner import them before anything else, and the benchmark's
// figures are the CLI's only while both do.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { JIT_FLAGS } from "../../cli/jit-settings.js";

/** The module specifiers of a source file's import statements, in order. */
function imports(path: string): string[] {
  const src = readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
  return [...src.matchAll(/^import\s+(?:[^"';]*?\s+from\s+)?["']([^"']+)["'];/gm)].map((m) => m[1]);
}

describe("JIT settings", () => {
  it.each([
    ["cli/main.ts", "./jit-settings.js"],
    ["bench/run.ts", "../cli/jit-settings.js"],
  ])("%s imports them first", (file, specifier) => {
    const list = imports(file);
    expect(list.length).toBeGreaterThan(1);
    expect(list[0]).toBe(specifier);
  });

  it("are node command-line flags that raise V8's inlining budgets", () => {
    expect(JIT_FLAGS.length).toBeGreaterThan(0);
    for (const flag of JIT_FLAGS) expect(flag).toMatch(/^--max-inlined-bytecode-size(-cumulative|-absolute)?=\d+$/);
  });
});
