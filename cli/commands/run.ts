// `tiersim run <scenario>`: simulate a scenario once (or many times: see run-projection.ts)
// and print a summary, a JSON document, or files under --out.
import type { Argv, CommandModule } from "yargs";
import { join } from "node:path";
import { compileScenario } from "../../scenarios/compile.js";
import { estimateEvents } from "../../scenarios/budget.js";
import { tuneForWork } from "../jit-settings.js";
import { simulate } from "../../sim/run.js";
import type { RunResult, TraceRow } from "../../sim/result.js";
import { checkRunFlags, loadForCommand, type RunArgs } from "../command-helpers.js";
import { MAX_EVENTS_OPTION, maxEventsFrom } from "../io/budget-flag.js";
import { ExitCode, UserError } from "../exit-codes.js";
import { AtomicWriter, printJson, writeFileAtomic } from "../output.js";
import { formatRunSummary } from "../summary.js";
import { checkSuite, concludeThresholds, planThresholds } from "../thresholds.js";
import { dailyCsv, eventsJsonl } from "../tables.js";
import { checkPrecisionFlags, runProjectionCommand } from "./run-projection.js";
import { DEFAULT_BATCH, DEFAULT_MAX_RUNS } from "../../studies/projections/project.js";


export const command: CommandModule<object, RunArgs> = {
  command: "run <scenario>",
  describe: "Simulate a scenario: tier timeline, paralyses, reach, failures by code and cost",
  builder: (y: Argv) =>
    y
      .positional("scenario", { type: "string", demandOption: true, describe: "Scenario file (YAML or JSON)" })
      .option("seed", { type: "number", describe: "Master seed (overrides the file's `seed`)" })
      .option("days", { type: "number", describe: "Horizon in days (overrides the file's `days`)" })
      .option("runs", { type: "number", default: 1, describe: "Replications; more than 1 makes a Monte Carlo projection" })
      .option("workers", { type: "number", describe: "Worker threads for --runs (default: available cores)" })
      .option("shard", { type: "string", describe: "Run only shard I of N of the replications (I/N, 1-based), as JSONL" })
      .option("out", { type: "string", describe: "Write result.json, daily.csv, events.jsonl and the report into this folder" })
      .option("json", { type: "boolean", default: false, describe: "Print exactly one JSON document on stdout" })
      .option("trace", { type: "string", describe: "Write one JSONL line per send attempt to this file" })
      .option("uncertainty", {
        choices: ["rules", "none"] as const,
        describe: "With --runs: `rules` also draws the rule-set parameters Meta does not publish from their documented ranges per replication (as `uncertainty: { rules: true }`); `none` puts every distribution of the scenario at its mean, for comparison",
      })
      .option("webhooks", { type: "string", describe: "Write the webhook bodies Meta would have sent for the run to this file, one JSON body per line (JSONL, see docs/webhooks.md)" })
      .option("precision", {
        type: "string",
        // Repeatable without swallowing the positional scenario (an array option would).
        coerce: (v: string | string[]) => (Array.isArray(v) ? v : [v]),
        describe: 'Run batches of replications until this 95 % interval is narrow enough, e.g. "days.100000.q50 ± 0.5d" or "cost.mean ± 2%" (repeatable; see docs/projections.md)',
      })
      .option("max-runs", { type: "number", describe: `Cap on replications with --precision (default ${DEFAULT_MAX_RUNS})` })
      .option("batch", { type: "number", describe: `Replications per batch with --precision; the rule is checked after each batch (default ${DEFAULT_BATCH})` })
      .option("antithetic", {
        type: "boolean",
        default: false,
        describe: "Replications in antithetic pairs (run 2j+1 draws 1 − u wherever run 2j draws u); with --runs 1, the twin of the seed's run",
      })
      .option("max-events", MAX_EVENTS_OPTION)
      // Not `array: true`: that would swallow the scenario path written after an --expect.
      .option("expect", { type: "string", describe: 'Threshold "<metric> <op> <value>[unit]" (e.g. "paralysis.hours < 24h"; with --runs "days.unlimited.q50 <= 7d"), repeatable; adds to the scenario\'s expect:; exit 1 if one fails' })
      .option("junit", { type: "string", describe: "Write the thresholds' results as JUnit XML to this file" })
      .example("$0 run scenarios/quickstart.yaml", "simulate once and print a summary")
      .example("$0 run scenarios/quickstart.yaml --json > result.json", "the result as JSON (tiersim/run@1)")
      .example("$0 run scenarios/quickstart.yaml --out results/q --trace results/q/trace.jsonl", "files for a report, and every attempt")
      .example('$0 run scenarios/quickstart.yaml --precision "days.100000.q50 ± 0.5d" --json', "as many runs as the median day to 100K needs for ± half a day")
      .example('$0 run scenarios/quickstart.yaml --runs 200 --expect "days.100000.q50 <= 5d" --junit thresholds.xml', "fail the build (exit 1) when a threshold does not hold") as unknown as Argv<RunArgs>,
  handler: async (argv) => {
    checkRunFlags(argv);
    checkPrecisionFlags(argv);
    if (argv.precision !== undefined) return runProjectionCommand(argv);
    if (argv.shard !== undefined && argv.runs === 1) {
      throw new UserError("--shard I/N splits the replications of a projection: give --runs N too (the same N on every shard)", ExitCode.Usage);
    }
    if (argv.runs > 1 || argv.shard !== undefined) {
      if (argv.trace) throw new UserError("--trace records one run; drop it or use --runs 1", ExitCode.Usage);
      if (argv.webhooks) throw new UserError("--webhooks records one run; drop it or use --runs 1", ExitCode.Usage);
      if (argv.shard !== undefined && (argv.expect !== undefined || argv.junit !== undefined)) {
        throw new UserError("--expect and --junit check a whole projection, not one shard: drop them from the shards", ExitCode.Usage);
      }
      return runProjectionCommand(argv);
    }
    const loaded = loadForCommand(argv.scenario, { days: argv.days, maxEvents: maxEventsFrom(argv) });
    const plan = planThresholds("run", loaded.scenario.expect, argv.expect);
    const config = compileScenario(loaded.scenario, loaded.ruleSet, { days: argv.days, seed: argv.seed });
    tuneForWork(estimateEvents(config).total);
    const trace = argv.trace ? new AtomicWriter(argv.trace) : null;
    let webhooks: AtomicWriter | null = null;
    let result: RunResult;
    try {
      webhooks = argv.webhooks ? new AtomicWriter(argv.webhooks) : null;
      const hooks = webhooks;
      result = simulate(config, {
        ...(trace ? { trace: (row: TraceRow) => trace.write(JSON.stringify(row) + "\n") } : {}),
        ...(hooks ? { webhooks: (line: string) => hooks.write(line + "\n") } : {}),
        ...(argv.antithetic ? { antithetic: true } : {}),
      });
    } catch (err) {
      trace?.abort();
      webhooks?.abort();
      throw err;
    }
    trace?.commit();
    webhooks?.commit();
    if (argv.out) await writeRunFiles(argv.out, result);
    if (argv.json) printJson(result);
    else {
      process.stdout.write(formatRunSummary(result));
      if (argv.out) process.stdout.write(`\nWrote ${argv.out}/: result.json, daily.csv, events.jsonl, report.md, report.html, charts/\n`);
      if (argv.trace) process.stdout.write(`Wrote ${argv.trace} (one line per attempt)\n`);
      if (argv.webhooks) process.stdout.write(`Wrote ${argv.webhooks} (one webhook body per line)\n`);
    }
    concludeThresholds([checkSuite(result.scenario.name, result, plan)], { junit: argv.junit, json: argv.json, kind: "run" });
  },
};

/** Writes a run's files under `dir`, each atomically; the report is rendered first, so a failure leaves no partial set. */
export async function writeRunFiles(dir: string, result: RunResult): Promise<void> {
  const { renderReport } = await import("../../reports/index.js");
  const { files } = await renderReport(result);
  writeFileAtomic(join(dir, "result.json"), JSON.stringify(result, null, 2) + "\n");
  writeFileAtomic(join(dir, "daily.csv"), dailyCsv(result));
  writeFileAtomic(join(dir, "events.jsonl"), eventsJsonl(result));
  for (const [path, data] of files) writeFileAtomic(join(dir, path), data);
}
