// `tiersim check-throttle <scenario> [--throttle FILE] [--assert EXPR …]`: runs a scenario with
// a throttle (the scenario's own, or an engineer's module), reports what it did, and checks
// assertions in every run (exit 1 when one fails). `--explore` instead searches generated
// scenarios for a violation and prints the shrunk counter-example as scenario YAML.
import type * as FastCheck from "fast-check";
import type { Argv, CommandModule } from "yargs";
import { stringify } from "yaml";
import { compileScenario } from "../../scenarios/compile.js";
import {
  checkThrottle,
  exploreThrottle,
  knownMetricsText,
  parseAssertions,
  type ExploreResult,
  type ThrottleCheckResult,
  type ThrottleContext,
  type ThrottleFactory,
} from "../../studies/throttles/index.js";
import { join } from "node:path";
import { renderThrottleReport } from "../../reports/index.js";
import { ExitCode, UserError } from "../exit-codes.js";
import { printJson, writeFileAtomic } from "../output.js";
import { formatThrottleReport } from "../throttle-report.js";
import { DEFAULT_THROTTLE_TIMEOUT, faultToUserError, loadThrottleModule, type LoadedThrottle } from "../throttle-loader.js";
import { ThrottleFault } from "../../studies/throttles/guard.js";
import { parseDuration } from "../../models/duration.js";
import { checkRunFlags, loadForCommand } from "../command-helpers.js";
import { MAX_EVENTS_OPTION, maxEventsFrom } from "../io/budget-flag.js";

export interface CheckThrottleArgs {
  scenario?: string;
  throttle?: string;
  assert: string[];
  runs: number;
  seed?: number;
  days?: number;
  json: boolean;
  explore: boolean;
  exploreRuns: number;
  counterexample?: string;
  out?: string;
  maxEvents?: number;
  timeout?: string;
}

export const command: CommandModule<object, CheckThrottleArgs> = {
  command: "check-throttle [scenario]",
  describe: "Check a sender throttle against a scenario: overshoots (limit, 130429, 131056), retries, ramp cost; --assert for CI",
  builder: (y: Argv) =>
    y
      .positional("scenario", { type: "string", describe: "Scenario file (YAML or JSON); not used with --explore" })
      .option("throttle", { type: "string", describe: "Throttle module (.ts, .js, .mjs): createThrottle(ctx), or a throttle / default export; default: the scenario's throttle blocks" })
      .option("assert", { type: "string", array: true, default: [] as string[], describe: 'Assertion "<metric> <op> <value>", repeatable; must hold in every run' })
      .option("runs", { type: "number", default: 1, describe: "Runs over replication seeds; assertions must hold in each" })
      .option("seed", { type: "number", describe: "Seed of a single run, master seed of several, or the fast-check seed with --explore" })
      .option("days", { type: "number", describe: "Horizon in days (overrides the file's `days`)" })
      .option("json", { type: "boolean", default: false, describe: "Print exactly one JSON document on stdout" })
      .option("explore", { type: "boolean", default: false, describe: "Search generated scenarios for a violation and print a minimal counter-example as scenario YAML" })
      .option("explore-runs", { type: "number", default: 100, describe: "Generated scenarios to try with --explore" })
      .option("counterexample", { type: "string", describe: "With --explore: also write the counter-example YAML to this file" })
      .option("out", { type: "string", describe: "Write throttle-check.json, report.md, report.html and charts/ into this folder" })
      .option("max-events", MAX_EVENTS_OPTION)
      .option("timeout", { type: "string", describe: "Time budget of one call into the throttle module (a duration: 500ms, 2s); loading gets 5× it, a campaign run 100× it in all. Default 2s" })
      .example('$0 check-throttle scenarios/quickstart.yaml --throttle examples/throttles/safe.ts --assert "errors.130429 == 0" --assert "limit.overshoot == 0"', "check a throttle module, exit 1 if an assertion fails")
      .example("$0 check-throttle scenarios/quickstart.yaml", "report on the scenario's own throttle")
      .example("$0 check-throttle --explore --throttle my-throttle.ts --counterexample found.yaml", "search for a scenario that breaks the throttle") as unknown as Argv<CheckThrottleArgs>,
  handler: async (argv) => {
    // Seeds go up to 2^53 − 1: the replication seeds a failure names must replay as --seed.
    checkRunFlags({ days: argv.days, runs: argv.runs });
    if (argv.seed !== undefined && !(Number.isSafeInteger(argv.seed) && argv.seed >= 0)) {
      throw new UserError(`--seed must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got ${argv.seed}`, ExitCode.Usage);
    }
    const timeoutMs = throttleTimeout(argv.timeout);
    const parsed = parseAssertions(argv.assert);
    if (!parsed.ok) throw new UserError(`malformed --assert:\n  ${parsed.issues.join("\n  ")}\nKnown metrics: ${knownMetricsText()}`, ExitCode.Usage);
    if (argv.explore) return explore(argv, argv.assert, timeoutMs);
    if (argv.counterexample !== undefined) throw new UserError("--counterexample goes with --explore", ExitCode.Usage);
    if (!argv.scenario) throw new UserError("name a scenario file (or use --explore)", ExitCode.Usage);

    const loaded = loadForCommand(argv.scenario, { days: argv.days, maxEvents: maxEventsFrom(argv) });
    const config = compileScenario(loaded.scenario, loaded.ruleSet, { days: argv.days });
    let factory: ThrottleFactory | undefined;
    let label = "the scenario's throttle blocks";
    if (argv.throttle) {
      const c = config.campaigns[0];
      const probe: ThrottleContext = { campaign: c.name, campaignIndex: 0, template: config.templates[c.template].name, phone: config.business.phones[c.phone].id, run: 0, seed: argv.seed ?? config.seed };
      const mod = await loadThrottleModule(argv.throttle, probe, timeoutMs);
      factory = await guardFaults(() => mod.prepare(argv.runs * config.campaigns.length), config.startEpoch);
      label = describeModule(mod);
    }
    const result = await guardFaults(async () => checkThrottle(config, factory, { assertions: parsed.assertions, runs: argv.runs, seed: argv.seed, ideal: true }), config.startEpoch);
    if (argv.out) {
      const { files } = await renderThrottleReport(result, label);
      writeFileAtomic(join(argv.out, "throttle-check.json"), JSON.stringify(checkJson(result, label), null, 2) + "\n");
      for (const [path, data] of files) writeFileAtomic(join(argv.out, path), data);
    }
    if (argv.json) printJson(checkJson(result, label));
    else {
      process.stdout.write(formatThrottleReport(result, label));
      if (argv.out) process.stdout.write(`\nWrote ${argv.out}/: throttle-check.json, report.md, report.html, charts/\n`);
    }
    if (!result.ok) process.exitCode = ExitCode.CheckFailed;
  },
};

/** `--timeout` in ms (default 2 s); a usage error when it is not a positive duration. */
function throttleTimeout(text: string | undefined): number {
  if (text === undefined) return DEFAULT_THROTTLE_TIMEOUT;
  const ms = parseDuration(/^\d+$/.test(text.trim()) ? Number(text) : text);
  if (ms === undefined || ms <= 0 || ms > 3_600_000) throw new UserError(`--timeout must be a duration from 1ms to 1h, such as 500ms or 2s; got "${text}"`, ExitCode.Usage);
  return ms;
}

/** Runs `f`, turning a throttle fault (a throw, a value outside the contract, a timeout) into exit 3. */
async function guardFaults<T>(f: () => Promise<T>, startEpoch: number | null): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof ThrottleFault) throw faultToUserError(e, startEpoch);
    throw e;
  }
}

function describeModule(mod: LoadedThrottle): string {
  return `${mod.file} (${mod.exportName === "default" ? "default export" : `export ${mod.exportName}`}, ${mod.kind})`;
}

/** The `--json` document of a check: `tiersim/throttle-check@1`. */
function checkJson(r: ThrottleCheckResult, label: string): unknown {
  return { schema: "tiersim/throttle-check@1", throttle: label, ...r, metrics: r.metrics.map(jsonSafe) };
}

/** JSON has no Infinity: unreached tiers are already `null`; anything else infinite becomes `null` too. */
function jsonSafe<T>(x: T): T {
  return JSON.parse(JSON.stringify(x, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v))) as T;
}

async function explore(argv: CheckThrottleArgs, assertions: string[], timeoutMs: number): Promise<void> {
  if (argv.scenario) throw new UserError("--explore generates its own scenarios: drop the scenario argument", ExitCode.Usage);
  if (!argv.throttle) throw new UserError("--explore needs --throttle FILE: the throttle to search counter-examples for", ExitCode.Usage);
  if (argv.runs !== 1) throw new UserError("--explore runs each generated scenario once; drop --runs", ExitCode.Usage);
  const runs = argv.exploreRuns;
  if (!Number.isInteger(runs) || runs < 1 || runs > 100_000) throw new UserError(`--explore-runs must be a whole number from 1 to 100000, got ${runs}`, ExitCode.Usage);
  let fc: typeof FastCheck;
  try {
    fc = await import("fast-check");
  } catch {
    throw new UserError("--explore needs the fast-check package: npm install --save-dev fast-check", ExitCode.Usage);
  }
  const probe: ThrottleContext = { campaign: "send", campaignIndex: 0, template: "notice", phone: "main", run: 0, seed: 0 };
  const mod = await loadThrottleModule(argv.throttle, probe, timeoutMs);
  const factory = mod.kind === "factory" ? await mod.prepare(1) : null;
  const result = await guardFaults(
    () =>
      exploreThrottle({
        fc,
        days: argv.days,
        makeSource: async () => factory ?? (await mod.prepare(1)),
        assertions,
        numRuns: runs,
        seed: argv.seed ?? 0,
      }),
    null,
  );
  const yamlText = result.ok ? null : counterExampleYaml(result, argv.throttle, argv.counterexample);
  if (yamlText !== null && argv.counterexample) writeFileAtomic(argv.counterexample, yamlText);
  if (argv.json) {
    printJson({ schema: "tiersim/throttle-explore@1", throttle: describeModule(mod), ...result, ...(result.ok ? {} : { counterExample: { ...result.counterExample, yaml: yamlText } }) });
  } else if (result.ok) {
    process.stdout.write(`No violation of ${result.assertions.join(", ")} in ${result.numRuns} generated scenarios (fast-check seed ${result.seed}).\n`);
  } else {
    const lines = [
      `Counter-example after ${result.tried} scenario(s) and ${result.shrinks} shrink step(s) (fast-check seed ${result.seed}):`,
      ...result.counterExample.failures.map((f) => `  ✗ ${f.message}`),
      "",
      argv.counterexample ? `Wrote ${argv.counterexample}; it reads:` : "Scenario (save it and replay with tiersim check-throttle):",
      "",
      yamlText!,
    ];
    process.stdout.write(lines.join("\n"));
  }
  if (!result.ok) process.exitCode = ExitCode.CheckFailed;
}

function counterExampleYaml(r: Extract<ExploreResult, { ok: false }>, throttle: string, file: string | undefined): string {
  const asserts = r.assertions.map((a) => `--assert "${a}"`).join(" ");
  const header = [
    `# Counter-example found by \`tiersim check-throttle --explore\` (fast-check seed ${r.seed}, path ${r.path},`,
    `# ${r.tried} scenario(s) tried, ${r.shrinks} shrink step(s)). It breaks:`,
    ...r.counterExample.failures.map((f) => `#   ${f.assertion} (actual ${f.actual})`),
    `# Reproduce: tiersim check-throttle ${file ?? "<this file>"} --throttle ${throttle} ${asserts}`,
    "",
  ];
  return header.join("\n") + stringify(r.counterExample.scenario, { lineWidth: 0 });
}
