// Monte Carlo branch of `tiersim run` (--runs > 1, --shard): the projection table, the
// projection document, or one shard's replications as JSONL.
import { join } from "node:path";
import { compileWith } from "../../studies/projections/uncertainty-mode.js";
import { estimateEvents } from "../../scenarios/budget.js";
import { tuneForWork } from "../jit-settings.js";
import { simulate } from "../../sim/run.js";
import { defaultWorkers } from "../../studies/projections/pool.js";
import { DEFAULT_BATCH, DEFAULT_MAX_RUNS, project, projectToPrecision, replicate } from "../../studies/projections/project.js";
import { parsePrecisionTarget, type PrecisionTarget } from "../../studies/projections/precision.js";
import { parseShardSpec, scenarioHash, shardIndices, shardText } from "../../studies/projections/shard.js";
import type { ShardSpec } from "../../studies/projections/shard.js";
import type { ProjectionResult } from "../../studies/projections/contract.js";
import { ExitCode, UserError } from "../exit-codes.js";
import { interruptible, loadForCommand, progressBar, writeResultFiles, type RunArgs } from "../command-helpers.js";
import { printJson, writeFileAtomic } from "../output.js";
import { formatProjection, projectionDailyCsv } from "../projection-summary.js";
import { checkSuite, concludeThresholds, planThresholds } from "../thresholds.js";
import { maxEventsFrom } from "../io/budget-flag.js";

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
 * Usage errors of --precision, --max-runs, --batch and --antithetic, before anything runs:
 * a run to precision chooses its own run count, so it cannot take --runs or be sharded (a
 * shard must know the total in advance); antithetic replications come in pairs.
 *
 * @example
 * ```ts
 * checkPrecisionFlags({ precision: ["cost.mean ± 2%"], shard: "1/2", runs: 1, … }); // throws UserError (exit 2)
 * ```
 */
export function checkPrecisionFlags(argv: RunArgs): PrecisionTarget[] {
  const usage = (message: string): never => {
    throw new UserError(message, ExitCode.Usage);
  };
  if (argv.precision === undefined) {
    if (argv.maxRuns !== undefined) usage("--max-runs caps a run to precision: give --precision too (or fix the count with --runs)");
    if (argv.batch !== undefined) usage("--batch sizes the batches of a run to precision: give --precision too");
    if (argv.antithetic && argv.runs > 1 && argv.runs % 2 !== 0) usage(`--antithetic runs replications in pairs: --runs must be even, got ${argv.runs}`);
    if (argv.antithetic && (argv.shard !== undefined || process.env.TIERSIM_SHARD_COUNT)) usage("--antithetic cannot be sharded: a shard holds every Nth replication and would split the pairs; run it unsharded");
    return [];
  }
  if (argv.shard !== undefined || process.env.TIERSIM_SHARD_COUNT) {
    usage("--precision chooses the run count as it goes, and a shard needs it fixed in advance: run it unsharded, or shard with a fixed --runs N");
  }
  if (argv.runs > 1) usage(`--precision chooses the run count; drop --runs ${argv.runs} (cap it with --max-runs)`);
  if (argv.trace) usage("--trace records one run; drop it");
  const targets = argv.precision.map((text) => {
    const parsed = parsePrecisionTarget(text);
    if (!parsed.ok) return usage(parsed.message);
    return parsed.target;
  });
  if (targets.length === 0) usage(`--precision needs a target, e.g. "days.100000.q50 ± 0.5d"`);
  const batch = argv.batch ?? DEFAULT_BATCH;
  const maxRuns = argv.maxRuns ?? DEFAULT_MAX_RUNS;
  if (argv.antithetic && batch % 2 !== 0) usage(`--antithetic runs replications in pairs: --batch must be even, got ${batch}`);
  if (argv.antithetic && maxRuns % 2 !== 0) usage(`--antithetic runs replications in pairs: --max-runs must be even, got ${maxRuns}`);
  if (maxRuns < batch) usage(`--max-runs ${maxRuns} is below one batch (--batch ${batch})`);
  return targets;
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
  const plan = shard ? null : planThresholds("projection", loaded.scenario.expect, argv.expect);
  const config = compileWith(loaded.scenario, loaded.ruleSet, { days: argv.days, seed: argv.seed }, argv.uncertainty);
  const workers = argv.workers ?? defaultWorkers();
  const bar = progressBar("runs");

  const perRun = estimateEvents(config).total;
  if (shard) {
    const indices = shardIndices(argv.runs, shard);
    tuneForWork(perRun * indices.length);
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

  const targets = checkPrecisionFlags(argv);
  const antithetic = argv.antithetic;
  // To a precision target: at least one batch, often several.
  tuneForWork(perRun * (targets.length > 0 ? (argv.batch ?? DEFAULT_BATCH) : argv.runs));
  const result: ProjectionResult = await interruptible(
    (signal) =>
      targets.length > 0
        ? projectToPrecision(config, { targets, batch: argv.batch, maxRuns: argv.maxRuns, workers, antithetic, signal, onProgress: bar.update })
        : project(config, { runs: argv.runs, workers, antithetic, signal, onProgress: bar.update }),
    bar.finish,
  );
  bar.finish();
  // The representative run is replayed from its seed (same bytes as in the projection) for
  // the verdict's story and the timeline charts; a JSON-only answer does not need it.
  const rep = result.representative && (argv.out || !argv.json) ? simulate({ ...config, seed: result.representative.seed }) : undefined;
  let written: string[] = [];
  if (argv.out) written = await writeResultFiles(argv.out, "result.json", result, [["daily.csv", projectionDailyCsv(result)]], { representative: rep });
  if (argv.json) printJson(result);
  else {
    process.stdout.write(formatProjection(result, rep));
    if (argv.out) process.stdout.write(`\nWrote ${argv.out}/ (result.json, daily.csv, report.md, report.html and ${written.filter((f) => f.endsWith(".svg")).length} charts)\n`);
  }
  if (plan) concludeThresholds([checkSuite(result.scenario.name, result, plan)], { junit: argv.junit, json: argv.json, kind: "projection" });
}
