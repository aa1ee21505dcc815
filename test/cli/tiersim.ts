// Running the compiled CLI from a test: one helper, so every CLI test starts it the same way —
// the same binary whatever the working directory, a time limit, output as text, and the test
// process's environment plus whatever the test sets.
import { spawnSync } from "node:child_process";
import type { SpawnSyncOptions } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The CLI entry point of this checkout (absolute, so `cwd` may point anywhere). */
export const BIN = fileURLToPath(new URL("../../bin/tiersim.js", import.meta.url));

const QUICKSTART = fileURLToPath(new URL("../../scenarios/quickstart.yaml", import.meta.url));

/** What a CLI run did, and how long it took. */
export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Spawn options; `env` adds to (rather than replaces) the test's environment. */
export interface CliOptions extends Omit<SpawnSyncOptions, "env" | "encoding"> {
  env?: Record<string, string>;
}

/** Terminal width wide enough that no summary line wraps. */
export const WIDE: CliOptions = { env: { COLUMNS: "200" } };

/**
 * Runs `tiersim args…` (the compiled CLI; `npm run build` first) with a two-minute limit.
 *
 * @example
 * ```ts
 * const r = tiersim(["validate", "scenarios/quickstart.yaml"]);
 * expect(r.code).toBe(0);
 * ```
 */
export function tiersim(args: readonly string[], opts: CliOptions = {}): Ran {
  const { env, ...rest } = opts;
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { timeout: 120_000, ...rest, encoding: "utf8", env: { ...process.env, ...env } });
  return { code: r.status, stdout: String(r.stdout ?? ""), stderr: String(r.stderr ?? ""), ms: Date.now() - t0 };
}

/**
 * Writes the quickstart with a 3,000-user list (a tenth) into `dir` and returns its path: the
 * projection tests' scenario, whose replications take a fraction of a second. Throws if the
 * quickstart no longer says `optedIn: 30000`, rather than silently testing the full list.
 */
export function smallQuickstart(dir: string): string {
  const text = readFileSync(QUICKSTART, "utf8");
  if (!text.includes("optedIn: 30000")) throw new Error(`${QUICKSTART} no longer has "optedIn: 30000": update smallQuickstart`);
  const file = join(dir, "small.yaml");
  writeFileSync(file, text.replace("optedIn: 30000", "optedIn: 3000"));
  return file;
}
