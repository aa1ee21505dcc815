// Helpers of the regression tests for issue 13 (bad input and faults): run the compiled CLI
// and time it, build a broken scenario from the quickstart, and prove that files were left alone.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import type { Ran } from "./tiersim.js";

export { tiersim } from "./tiersim.js";
export type { Ran } from "./tiersim.js";

/** A Node stack trace or an unhandled error event: what a user must never see. */
export const STACK = /\bat .*(\.js|\.ts):\d+|node:internal|Unhandled 'error'/;
export const QUICKSTART = readFileSync("scenarios/quickstart.yaml", "utf8");
/** A scenario that runs in a second. */
export const SMALL = "scenarios/worked-example-2days.yaml";
export const NAME_LINE = /^name: .*$/m;
export const ESC = "\u001b";
export const BEL = "\u0007";
/** Characters that must never reach a terminal raw. */
// eslint-disable-next-line no-control-regex
export const RAW_CONTROL = /[\u0000\u0007\u001b\u009b\u202e]/;

export function tmp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `tiersim-robust-${prefix}-`));
}

/** The quickstart scenario with text replacements, written to a fresh folder. */
export function scenario(edits: Array<[RegExp | string, string]>, name = "in.yaml"): { dir: string; file: string; text: string } {
  let text = QUICKSTART;
  for (const [from, to] of edits) {
    const next = text.replace(from, to);
    if (next === text) throw new Error(`edit ${String(from)} matched nothing`);
    text = next;
  }
  const dir = tmp("scn");
  const file = join(dir, name);
  writeFileSync(file, text);
  return { dir, file, text };
}

/** One readable message, no stack trace. */
export function expectClean(r: Ran): void {
  expect(r.stderr).not.toMatch(STACK);
  expect(r.stdout).not.toMatch(STACK);
}

/** Files under `dir` (recursively) with their contents, to prove nothing was touched. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const f of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, f.name);
      if (f.isDirectory()) walk(p);
      else if (f.isFile()) out[p] = readFileSync(p, "latin1");
    }
  };
  walk(dir);
  return out;
}
