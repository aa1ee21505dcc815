// Helpers the commands share: flag checks, loading a scenario for a command, the progress bar,
// Ctrl-C handling and writing a result with its report. Commands import these from here, not
// from each other (run-projection.ts is `run`'s own Monte Carlo branch).
import { join } from "node:path";
import type { SweepResult } from "../reports/index.js";
import { loadScenarioFile } from "../scenarios/load-file.js";
import type { LoadOptions } from "../scenarios/load-file.js";
import { formatIssue } from "../scenarios/load.js";
import type { RunResult } from "../sim/result.js";
import type { ProjectionResult } from "../studies/projections/contract.js";
import { ExitCode, UserError } from "./exit-codes.js";
import { writeFileAtomic } from "./output.js";

/** The arguments of `tiersim run` (single run and projection alike). */
export interface RunArgs {
  scenario: string;
  seed?: number;
  days?: number;
  runs: number;
  workers?: number;
  shard?: string;
  out?: string;
  json: boolean;
  trace?: string;
  webhooks?: string;
  uncertainty?: "rules" | "none";
  /** `--precision` targets: run batches until every one is met. */
  precision?: string[];
  /** Run cap with --precision. */
  maxRuns?: number;
  /** Replications per batch with --precision. */
  batch?: number;
  /** Antithetic pairs of replications (or, for one run, the twin of the seed's run). */
  antithetic: boolean;
  /** One threshold, or several when --expect is repeated. */
  expect?: string | string[];
  junit?: string;
  maxEvents?: number;
}

/** Exit code after Ctrl-C (128 + SIGINT), as shells report it. */
const EXIT_INTERRUPTED = 130;

/**
 * Shared flag checks: integers in range, else a usage error (exit 2).
 *
 * @example
 * ```ts
 * checkRunFlags({ runs: 0 }); // throws UserError("--runs must be a whole number from 1 to 1000000, got 0")
 * ```
 */
export function checkRunFlags(a: { seed?: number; days?: number; runs?: number; workers?: number; maxRuns?: number; batch?: number }): void {
  const int = (v: number | undefined, name: string, min: number, max: number): void => {
    if (v === undefined) return;
    if (!Number.isInteger(v) || v < min || v > max) throw new UserError(`--${name} must be a whole number from ${min} to ${max}, got ${v}`, ExitCode.Usage);
  };
  int(a.seed, "seed", 0, 2 ** 32 - 1);
  int(a.days, "days", 1, 366);
  int(a.runs, "runs", 1, 1_000_000);
  int(a.workers, "workers", 1, 256);
  int(a.maxRuns, "max-runs", 1, 1_000_000);
  int(a.batch, "batch", 1, 100_000);
}

/**
 * Loads a scenario file for a command: prints nothing, throws a UserError (exit 3) listing
 * every issue when the file is invalid.
 *
 * @example
 * ```ts
 * const loaded = loadForCommand("scenarios/quickstart.yaml");
 * const config = compileScenario(loaded.scenario, loaded.ruleSet);
 * ```
 */
export function loadForCommand(file: string, options: LoadOptions = {}): Exclude<ReturnType<typeof loadScenarioFile>, { ok: false }> {
  const loaded = loadScenarioFile(file, options);
  if (!loaded.ok && /\.[cm]?[jt]s$/i.test(file)) {
    // A module where the scenario goes (`check-throttle safe.ts`): YAML errors on its every line
    // would hide the one mistake, which is the argument's place.
    throw new UserError(`${file} is a JavaScript or TypeScript module, not a scenario (YAML or JSON): give a scenario file here; a throttle module goes after --throttle (tiersim check-throttle SCENARIO --throttle ${file})`, ExitCode.InvalidInput);
  }
  if (!loaded.ok) {
    throw new UserError(`${file} is not a valid scenario:\n${loaded.issues.map((i) => `  ${formatIssue(i)}`).join("\n")}`, ExitCode.InvalidInput);
  }
  return loaded;
}

/**
 * A progress bar on stderr when it is a terminal (runs done, rate, ETA); silent otherwise.
 *
 * @example
 * ```ts
 * const bar = progressBar("runs");
 * await project(config, { runs: 200, onProgress: bar.update });
 * bar.finish();
 * ```
 */
export function progressBar(unit: string, stream: NodeJS.WriteStream = process.stderr): { update: (done: number, total: number) => void; finish: () => void } {
  if (!stream.isTTY) return { update: () => {}, finish: () => {} };
  const t0 = Date.now();
  let last = 0;
  let drawn = false;
  const update = (done: number, total: number): void => {
    const now = Date.now();
    if (done < total && now - last < 100) return;
    last = now;
    const seconds = (now - t0) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? Math.ceil((total - done) / rate) : undefined;
    const width = 24;
    const fill = Math.round((width * done) / Math.max(1, total));
    const text = `[${"#".repeat(fill)}${"-".repeat(width - fill)}] ${done}/${total} ${unit} · ${rate.toFixed(1)} ${unit}/s · ETA ${eta === undefined ? "…" : formatSeconds(eta)}`;
    stream.write(`\r${text.slice(0, Math.max(20, (stream.columns || 80) - 1))}\x1b[K`);
    drawn = true;
  };
  return {
    update,
    finish: () => {
      if (drawn) stream.write("\r\x1b[K");
      drawn = false;
    },
  };
}

function formatSeconds(s: number): string {
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/**
 * Runs `work` with an AbortSignal that Ctrl-C trips. On Ctrl-C the work stops (workers are
 * terminated), nothing is written and the process exits with 130.
 *
 * @example
 * ```ts
 * const result = await interruptible((signal) => project(config, { runs: 200, signal }));
 * ```
 */
export async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>, cleanup: () => void = () => {}): Promise<T> {
  const controller = new AbortController();
  const onSigint = (): void => controller.abort(new Error("interrupted"));
  process.on("SIGINT", onSigint);
  try {
    return await work(controller.signal);
  } catch (err) {
    if (controller.signal.aborted) {
      cleanup();
      process.stderr.write("tiersim: interrupted — stopped the workers; nothing was written.\n");
      process.exit(EXIT_INTERRUPTED);
    }
    throw err;
  } finally {
    process.off("SIGINT", onSigint);
  }
}

/**
 * Writes a result and its report under `dir`, each file atomically; returns the file names.
 *
 * @example
 * ```ts
 * await writeResultFiles("out", "sweep.json", sweepResult);
 * ```
 */
export async function writeResultFiles(dir: string, name: string, result: unknown, extra: ReadonlyArray<readonly [string, string]> = [], opts: { representative?: RunResult } = {}): Promise<string[]> {
  const files: Array<readonly [string, string | Uint8Array]> = [[name, JSON.stringify(result, null, 2) + "\n"], ...extra];
  // reports/ renders every result kind; load it lazily so a projection without --out never pays for it.
  const reports = await import("../reports/index.js");
  // Rendered before anything is written: a rendering failure leaves no partial set of files.
  const rendered = await reports.renderReport(result as Parameters<typeof reports.renderReport>[0], opts);
  files.push(...rendered.files);
  for (const [path, data] of files) writeFileAtomic(join(dir, path), data);
  return files.map(([path]) => path);
}

/** What `tiersim report` wrote: the output folder, the files, and how many charts. */
export interface ReportWritten {
  outDir: string;
  files: string[];
  charts: number;
}

/**
 * Renders the report of a result in memory and writes its files atomically under `outDir`
 * (`report.md`, `report.html`, `charts/<id>.svg|png|vl.json`). `tiersim run --out` calls
 * this too, so both commands write the same files.
 *
 * @example
 * ```ts
 * const { charts } = await writeReportFiles(result, "results/quickstart");
 * ```
 */
export async function writeReportFiles(result: RunResult | ProjectionResult | SweepResult, outDir: string): Promise<ReportWritten> {
  // reports/ loads Vega and the renderer: only when a report is asked for.
  const { renderReport } = await import("../reports/index.js");
  const { files } = await renderReport(result);
  const written: string[] = [];
  for (const [path, data] of files) {
    const target = join(outDir, path);
    writeFileAtomic(target, data);
    written.push(target);
  }
  return { outDir, files: written, charts: files.filter(([p]) => p.endsWith(".svg")).length };
}
