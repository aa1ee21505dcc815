// `tiersim sweep <scenario> --vary <path>=<v1>,<v2>,…`: the grid of every combination of the
// varied values, each a projection on the same replication seeds (common random numbers),
// and which parameter moves time-to-unlimited, paralysis hours and reach most.
import { join } from "node:path";
import type { CommandModule } from "yargs";
import { formatIssue } from "../../scenarios/load.js";
import { compileScenario } from "../../scenarios/compile.js";
import { estimateEvents } from "../../scenarios/budget.js";
import { tuneForWork } from "../jit-settings.js";
import { defaultWorkers } from "../../studies/projections/pool.js";
import { sweep } from "../../studies/sweeps/sweep.js";
import type { SweepIssue } from "../../studies/sweeps/variants.js";
import { checkRunFlags, interruptible, loadForCommand, progressBar, writeResultFiles } from "../command-helpers.js";
import { ExitCode, UserError } from "../exit-codes.js";
import { printJson } from "../output.js";
import { formatSweep } from "../projection-summary.js";
import { MAX_EVENTS_OPTION, maxEventsFrom } from "../io/budget-flag.js";
import { checkSuite, concludeThresholds, planThresholds } from "../thresholds.js";

interface SweepArgs {
  scenario: string;
  /** One string, or several when --vary is repeated. */
  vary: string | string[];
  runs: number;
  seed?: number;
  days?: number;
  workers?: number;
  out?: string;
  json: boolean;
  maxEvents?: number;
  expect?: string | string[];
  junit?: string;
  uncertainty?: "rules" | "none";
}

/**
 * The error for a sweep's issues: a variant the loader refuses is an invalid input (exit 3),
 * anything else a mistake in the --vary arguments (exit 2). Each issue on its own line(s).
 *
 * @example
 * ```ts
 * throw sweepError([{ code: "bad-vary", message: 'bad --vary "block": …' }]); // exit 2
 * ```
 */
export function sweepError(issues: readonly SweepIssue[]): UserError {
  const text = issues.map((i) => (i.issues ? `${i.message}:\n${i.issues.map((x) => `  ${formatIssue(x)}`).join("\n")}` : i.message)).join("\n");
  return new UserError(text, issues.some((i) => i.code === "invalid-variant") ? ExitCode.InvalidInput : ExitCode.Usage);
}

const sweepCommand: CommandModule<object, SweepArgs> = {
  command: "sweep <scenario>",
  describe: "Run a projection per combination of varied parameters (common random numbers) and rank their effects",
  builder: (y) =>
    y
      .positional("scenario", { type: "string", demandOption: true, describe: "Scenario file (YAML or JSON)" })
      // Not `array: true`: that would swallow the scenario path written after a --vary.
      .option("vary", {
        type: "string",
        demandOption: true,
        describe: "<path>=<v1>,<v2>,… or <path>=<from>..<to>:<count>; repeat for a grid of every combination",
      })
      .option("runs", { type: "number", default: 50, describe: "Replications per variant" })
      .option("seed", { type: "number", describe: "Master seed (overrides the file's `seed`)" })
      .option("days", { type: "number", describe: "Horizon in days (overrides the file's `days`)" })
      .option("workers", { type: "number", describe: "Worker threads (default: available cores)" })
      .option("out", { type: "string", describe: "Write sweep.json and the report into this folder" })
      .option("json", { type: "boolean", default: false, describe: "Print exactly one JSON document (tiersim/sweep@1) on stdout" })
      .option("max-events", MAX_EVENTS_OPTION)
      .option("expect", { type: "string", describe: 'Threshold over each variant\'s runs, "<metric>.<stat> <op> <value>[unit]" (e.g. "paralysis.hours.q95 < 24h"), repeatable; adds to the scenario\'s expect:; exit 1 if one fails in any variant' })
      .option("junit", { type: "string", describe: "Write the thresholds' results as JUnit XML (one test suite per variant) to this file" })
      .option("uncertainty", {
        choices: ["rules", "none"] as const,
        describe: "`rules`: draw the rule-set parameters Meta does not publish from their documented ranges per replication in every variant (as `uncertainty: { rules: true }`), the same draws across variants; `none`: every distribution of the scenario at its mean",
      })
      .example("$0 sweep scenarios/quickstart.yaml --vary 'audience.segments[1].block=0.001,0.003,0.01'", "how the cold segment's block rate moves paralysis")
      .example("$0 sweep scenarios/quickstart.yaml --vary overrides.autoScale.delay=1h..6h:3 --vary campaigns[0].throttle.headroom=0,0.2", "a 3 × 2 grid") as never,
  handler: async (argv) => {
    checkRunFlags(argv);
    const maxEvents = maxEventsFrom(argv);
    const loaded = loadForCommand(argv.scenario, { days: argv.days, maxEvents });
    const plan = planThresholds("projection", loaded.scenario.expect, argv.expect);
    const vary = Array.isArray(argv.vary) ? argv.vary : [argv.vary];
    // At least the base scenario's runs (each variant runs as many).
    tuneForWork(estimateEvents(compileScenario(loaded.scenario, loaded.ruleSet, { days: argv.days })).total * argv.runs);
    const bar = progressBar("runs");
    const swept = await interruptible(
      (signal) => sweep(loaded, { vary, runs: argv.runs, days: argv.days, maxEvents, uncertainty: argv.uncertainty, seed: argv.seed, workers: argv.workers ?? defaultWorkers(), signal, onProgress: bar.update }),
      bar.finish,
    );
    bar.finish();
    if (!swept.ok) throw sweepError(swept.issues);
    const { result } = swept;
    let written: string[] = [];
    if (argv.out) written = await writeResultFiles(argv.out, "sweep.json", result);
    if (argv.json) printJson(result);
    else {
      process.stdout.write(formatSweep(result));
      if (argv.out) process.stdout.write(`\nWrote ${join(argv.out, "sweep.json")} and the report (${written.length - 1} more files)\n`);
    }
    const suites = swept.projections.map((p, i) => {
      const values = Object.entries(result.variants[i].values).map(([k, v]) => `${k}=${v}`).join(", ");
      return checkSuite(`${result.scenario.name} [${values}]`, p, plan);
    });
    concludeThresholds(suites, { junit: argv.junit, json: argv.json, kind: "projection" });
  },
};

// The registry holds commands of every argument shape; yargs checks arguments at run time.
export const command = sweepCommand as unknown as CommandModule<object, never>;
