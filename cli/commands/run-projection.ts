// Monte Carlo branch of `tiersim run` (--runs > 1, --shard): the projection table, the
// projection document, or one shard's replications as JSONL. Also the progress bar and the
// Ctrl-C handling shared with `tiersim sweep`.
import { join } from "node:path";
import { compileScenario } from "../../scenarios/compile.js";
import { defaultWorkers } from "../../sim/mc/pool.js";
import { project, replicate } from "../../sim/mc/project.js";
import { parseShardSpec, scenarioHash, shardIndices, shardText } from "../../sim/mc/shard.js";
import type { ShardSpec } from "../../sim/mc/shard.js";
import type { ProjectionResult } from "../../sim/result.js";
import { ExitCode, UserError } from "../exit-codes.js";
import { printJson, writeFileAtomic } from "../output.js";
import { formatProjection, projectionDailyCsv } from "../projection-summary.js";
import { maxEventsFrom } from "../io/budget-flag.js";
import { loadForCommand } from "./run.js";
import type { RunArgs } from "./run.js";

/** Exit code after Ctrl-C (128 + SIGINT), as shells report it. */
const EXIT_INTERRUPTED = 130;

/**
 * The shard to run: `--shard I/N` (1-based) if given; otherwise, in a Kubernetes Indexed Job,
 * `JOB_COMPLETION_INDEX` (0-based) with the count from `TIERSIM_SHARD_COUNT` — sharding from
 * the environment is on only when `TIERSIM_SHARD_COUNT` is set. `null`: no sharding.
 *
 * @example
 * ```ts
 * resolveShard(undefined, { JOB_COMPLETION_INDEX: "0", TIERSIM_SHARD_COUNT: "4" }); // { index: 1, count: 4 }
 * ```
 */
export function resolveShard(flag: string | undefined, env: NodeJS.ProcessEnv): ShardSpec | null {
  if (flag !== undefined) {
    const parsed = parseShardSpec(flag);
    if (!parsed.ok) throw new UserError(parsed.message, ExitCode.Usage);
    return parsed.shard;
  }
  const count = env.TIERSIM_SHARD_COUNT;
  if (count === undefined || count === "") return null;
  const index = env.JOB_COMPLETION_INDEX;
  if (index === undefined || !/^\d+$/.test(index.trim())) {
    throw new UserError(
      `TIERSIM_SHARD_COUNT=${count} is set but JOB_COMPLETION_INDEX ${index === undefined ? "is not" : `("${index}") is not a whole number`}: set both (a Kubernetes Indexed Job sets JOB_COMPLETION_INDEX) or pass --shard I/N`,
      ExitCode.Usage,
    );
  }
  const parsed = parseShardSpec(`${Number(index.trim()) + 1}/${count.trim()}`);
  if (!parsed.ok) throw new UserError(`from JOB_COMPLETION_INDEX=${index} (0-based) and TIERSIM_SHARD_COUNT=${count}: ${parsed.message}`, ExitCode.Usage);
  return parsed.shard;
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
export async function writeResultFiles(dir: string, name: string, result: unknown, extra: ReadonlyArray<readonly [string, string]> = []): Promise<string[]> {
  const files: Array<readonly [string, string | Uint8Array]> = [[name, JSON.stringify(result, null, 2) + "\n"], ...extra];
  // reports/ renders every result kind; load it lazily so a projection without --out never pays for it.
  const reports = await import("../../reports/index.js");
  const rendered = await reports.renderReport(result as Parameters<typeof reports.renderReport>[0]);
  files.push(...rendered.files);
  for (const [path, data] of files) writeFileAtomic(join(dir, path), data);
  return files.map(([path]) => path);
}

/**
 * `tiersim run <scenario> --runs N [--workers N] [--shard I/N] [--out DIR] [--json]`.
 *
 * @example
 * ```ts
 * await runProjectionCommand({ scenario: "scenarios/quickstart.yaml", runs: 200, json: true });
 * ```
 */
export async function runProjectionCommand(argv: RunArgs): Promise<void> {
  const shard = resolveShard(argv.shard, process.env);
  const loaded = loadForCommand(argv.scenario, { days: argv.days, maxEvents: maxEventsFrom(argv) });
  const config = compileScenario(loaded.scenario, loaded.ruleSet, { days: argv.days, seed: argv.seed });
  const workers = argv.workers ?? defaultWorkers();
  const bar = progressBar("runs");

  if (shard) {
    const indices = shardIndices(argv.runs, shard);
    const { header, records } = await interruptible((signal) => replicate(config, { runs: argv.runs, workers, indices, signal, onProgress: bar.update }), bar.finish);
    bar.finish();
    const text = header === null ? "" : shardText(header, scenarioHash(config), shard, records);
    const name = `shard-${shard.index}-of-${shard.count}.jsonl`;
    if (argv.out) {
      writeFileAtomic(join(argv.out, name), text);
      process.stderr.write(`shard ${shard.index}/${shard.count}: ${records.length} of ${argv.runs} runs → ${join(argv.out, name)}\n`);
    } else {
      process.stdout.write(text);
      process.stderr.write(`shard ${shard.index}/${shard.count}: ${records.length} of ${argv.runs} runs\n`);
    }
    return;
  }

  const result: ProjectionResult = await interruptible((signal) => project(config, { runs: argv.runs, workers, signal, onProgress: bar.update }), bar.finish);
  bar.finish();
  let written: string[] = [];
  if (argv.out) written = await writeResultFiles(argv.out, "result.json", result, [["daily.csv", projectionDailyCsv(result)]]);
  if (argv.json) printJson(result);
  else {
    process.stdout.write(formatProjection(result));
    if (argv.out) process.stdout.write(`\nWrote ${argv.out}/ (result.json, daily.csv, report.md, report.html and ${written.filter((f) => f.endsWith(".svg")).length} charts)\n`);
  }
}
