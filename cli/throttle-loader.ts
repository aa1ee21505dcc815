// `--throttle FILE`: loads an engineer's throttle module. The contract (docs/throttles.md):
// the module exports `createThrottle(ctx)` (a factory), or `throttle` / a default export that
// is either a factory or a Throttle object. TypeScript files load through tsx, JavaScript
// through import(). A module that exports an object gets a fresh copy of itself (a new module
// instance) for every campaign of every run, so state never leaks between them.
// (tsx's tsImport does the same per call, but registers a loader each time: far slower.)
import { existsSync } from "node:fs";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { throttleProblems, type ThrottleContext, type ThrottleFactory } from "../studies/throttles/index.js";
import type { Throttle } from "../sim/sender/throttle.js";
import { ExitCode, UserError } from "./exit-codes.js";

const EXPORTS = ["createThrottle", "throttle", "default"] as const;
const TS = new Set([".ts", ".mts", ".cts", ".tsx"]);
const JS = new Set([".js", ".mjs", ".cjs"]);

/** A loaded throttle module. */
export interface LoadedThrottle {
  file: string;
  /** Which export was used. */
  exportName: (typeof EXPORTS)[number];
  kind: "factory" | "object";
  /**
   * A factory good for `uses` calls (one per campaign per run). A factory export is returned
   * as is; for an object export, `uses` fresh module instances are imported first.
   */
  prepare(uses: number): Promise<ThrottleFactory>;
}

let instance = 0;
/** tsx's loader, registered once: a namespace of its own keeps it from touching other imports. */
let tsx: { import: (specifier: string, parent: string) => Promise<unknown> } | null = null;

async function importModule(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  const ext = extname(file).toLowerCase();
  // A query string makes a new module instance: a fresh throttle object with fresh state.
  const fresh = `${url}?tiersim-instance=${instance++}`;
  if (TS.has(ext)) {
    if (!tsx) {
      const { register } = await import("tsx/esm/api");
      tsx = register({ namespace: "tiersim-throttle" });
    }
    return (await tsx.import(fresh, import.meta.url)) as Record<string, unknown>;
  }
  return (await import(fresh)) as Record<string, unknown>;
}

function pick(mod: Record<string, unknown>, file: string): { name: (typeof EXPORTS)[number]; value: unknown } {
  for (const name of EXPORTS) {
    let value = mod[name];
    // A CommonJS module's module.exports arrives as the default export.
    if (name === "default" && value && typeof value === "object" && !("permits" in value)) {
      const inner = value as Record<string, unknown>;
      for (const n of ["createThrottle", "throttle"]) if (inner[n] !== undefined) value = inner[n];
    }
    if (value !== undefined) return { name, value };
  }
  throw new UserError(
    `${file} exports no throttle: export \`createThrottle(ctx)\` (a factory), or \`throttle\` / a default export (a Throttle object or a factory). It exports: ${Object.keys(mod).join(", ") || "nothing"}`,
    ExitCode.InvalidInput,
  );
}

function invalid(file: string, what: string, problems: string[]): UserError {
  return new UserError(`${file}: ${what} does not implement the Throttle interface:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee docs/throttles.md for the interface.`, ExitCode.InvalidInput);
}

/** Calls a factory and checks what it returns, mapping a broken module to exit 3. */
function checkedFactory(file: string, exportName: string, factory: (ctx: ThrottleContext) => unknown): ThrottleFactory {
  return (ctx) => {
    let t: unknown;
    try {
      t = factory(ctx);
    } catch (err) {
      throw new UserError(`${file}: ${exportName}(ctx) threw: ${err instanceof Error ? err.message : String(err)}`, ExitCode.InvalidInput);
    }
    const problems = throttleProblems(t);
    if (problems.length) throw invalid(file, `the throttle returned by ${exportName}(ctx)`, problems);
    return t as Throttle;
  };
}

/**
 * Loads `file` and checks that it provides a throttle (exit 3 with the reason when not).
 *
 * @example
 * ```ts
 * const loaded = await loadThrottleModule("examples/throttles/safe.ts");
 * const factory = await loaded.prepare(config.campaigns.length);
 * ```
 */
export async function loadThrottleModule(path: string, probe: ThrottleContext): Promise<LoadedThrottle> {
  const file = resolve(path);
  if (!existsSync(file)) throw new UserError(`throttle module ${path} does not exist`, ExitCode.InvalidInput);
  const ext = extname(file).toLowerCase();
  if (!TS.has(ext) && !JS.has(ext)) throw new UserError(`throttle module ${path}: expected a .ts, .mts, .js or .mjs file`, ExitCode.InvalidInput);
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(file);
  } catch (err) {
    throw new UserError(`throttle module ${path} failed to load: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`, ExitCode.InvalidInput);
  }
  const { name, value } = pick(mod, path);
  if (typeof value === "function") {
    const factory = checkedFactory(path, name, value as (ctx: ThrottleContext) => unknown);
    // Probe once now, so a broken factory is reported before any simulation runs.
    factory(probe);
    return { file: path, exportName: name, kind: "factory", prepare: async () => factory };
  }
  const problems = throttleProblems(value);
  if (problems.length) throw invalid(path, `export ${name}`, problems);
  let original: Throttle | null = value as Throttle;
  return {
    file: path,
    exportName: name,
    kind: "object",
    prepare: async (uses) => {
      const copies: Throttle[] = original ? [original] : [];
      original = null;
      while (copies.length < uses) copies.push(pick(await importModule(file), path).value as Throttle);
      let next = 0;
      return () => {
        if (next >= copies.length) throw new Error(`throttle module ${path}: more campaign runs than prepared copies (${copies.length})`);
        return copies[next++];
      };
    },
  };
}
