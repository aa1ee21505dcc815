// Monte Carlo branch of `tiersim run` (--runs > 1, --shard): the projection table, the
// projection document, or one shard's replications as JSONL.
import { join } from "node:path";
import { compileScenario } from "../../scenarios/compile.js";
import { simulate } from "../../sim/run.js";
import { defaultWorkers } from "../../studies/projections/pool.js";
import { project, replicate } from "../../studies/projections/project.js";
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
