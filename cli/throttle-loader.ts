// `--throttle FILE`: loads an engineer's throttle module. The contract (docs/throttles.md):
// the module exports `createThrottle(ctx)` (a factory), or `throttle` / a default export that
// is either a factory or a Throttle object. The module runs in a worker thread under time
// budgets (cli/throttle-sandbox/): an endless loop at import, in the factory or in a method is
// stopped and reported, and every value it returns is checked against the contract. A module
// that exports an object gets a fresh copy of itself (a new module instance) for every campaign
// of every run, so state never leaks between them.
import { existsSync } from "node:fs";
import { extname, resolve } from "node:path";
import type { ThrottleContext, ThrottleFactory } from "../studies/throttles/index.js";
import { ThrottleFault } from "../studies/throttles/guard.js";
import { ExitCode, UserError } from "./exit-codes.js";
import { budgetsFor, loadSandboxed } from "./throttle-sandbox/host.js";

const TS = new Set([".ts", ".mts", ".cts", ".tsx"]);
const JS = new Set([".js", ".mjs", ".cjs"]);

/** Per-call time budget of a throttle module unless `--timeout` says otherwise, ms. */
export const DEFAULT_THROTTLE_TIMEOUT = 2_000;

/** A loaded throttle module. */
export interface LoadedThrottle {
  file: string;
  /** Which export was used. */
  exportName: string;
  kind: "factory" | "object";
  /**
   * A factory good for `uses` calls (one per campaign per run). For an object export, `uses`
   * fresh module instances are imported first.
   */
  prepare(uses: number): Promise<ThrottleFactory>;
  /** Stops the module's workers. */
  close(): void;
}

/**
 * A throttle fault as the user's mistake it is: exit 3, naming the module, the method, the value
 * or error, and the virtual time as a date of the scenario.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof ThrottleFault) throw faultToUserError(e, config.startEpoch); }
 * ```
 */
export function faultToUserError(e: ThrottleFault, startEpoch: number | null): UserError {
  const when = e.at === null ? "" : startEpoch !== null ? ` at ${new Date(startEpoch + e.at).toISOString()} (virtual time)` : ` at virtual time ${e.at} ms`;
  return new UserError(`${e.message}${when}. See docs/throttles.md for the Throttle contract.`, ExitCode.InvalidInput);
}

/**
 * Loads `path` in a sandbox and checks that it provides a throttle (exit 3 with the reason when
 * not); `timeoutMs` is the per-call budget.
 *
 * @example
 * ```ts
 * const loaded = await loadThrottleModule("examples/throttles/safe.ts", probe);
 * const factory = await loaded.prepare(config.campaigns.length);
 * ```
 */
export async function loadThrottleModule(path: string, probe: ThrottleContext, timeoutMs = DEFAULT_THROTTLE_TIMEOUT): Promise<LoadedThrottle> {
  const file = resolve(path);
  if (!existsSync(file)) throw new UserError(`throttle module ${path} does not exist`, ExitCode.InvalidInput);
  const ext = extname(file).toLowerCase();
  if (!TS.has(ext) && !JS.has(ext)) throw new UserError(`throttle module ${path}: expected a .ts, .mts, .js or .mjs file`, ExitCode.InvalidInput);
  try {
    const mod = await loadSandboxed(file, path, probe, budgetsFor(timeoutMs));
    return { file: path, exportName: mod.exportName, kind: mod.kind, prepare: mod.prepare, close: mod.close };
  } catch (e) {
    if (e instanceof ThrottleFault) throw faultToUserError(e, null);
    throw e;
  }
}
