// `tiersim backtest <logs…> --scenario X`: replay a business's actual sends (from its webhook
// logs, or a sends file) through the scenario's rule set and set what tiersim predicts beside
// what the webhooks say happened. The files are streamed line by line (gzip when the name ends
// in .gz); the replay and the comparison are studies/backtest.
import type { CommandModule } from "yargs";
import { compileScenario } from "../../scenarios/compile.js";
import { BacktestLog } from "../../studies/backtest/log.js";
import { backtest, type Backtest } from "../../studies/backtest/replay.js";
import { loadForCommand } from "../command-helpers.js";
import { eachLine } from "../io/lines.js";
import { ExitCode, UserError } from "../exit-codes.js";
import { printJson, writeFilesAtomic } from "../output.js";

interface BacktestArgs {
  logs?: string[];
  scenario: string;
  sends?: string[];
  json: boolean;
  out?: string;
  days?: number;
  tolerance: number;
  strict: boolean;
  check: boolean;
}

const MARK: Readonly<Record<string, string>> = { match: "=", earlier: "≠", later: "≠", "predicted-only": "+", "observed-only": "−", "not-in-webhooks": "·" };

/** The backtest as text for a terminal: what was replayed, then one line per change. */
export function formatBacktest(bt: Backtest): string {
  const r = bt.replay;
  const n = (x: number): string => x.toLocaleString("en-US");
  let out = `Backtest of ${bt.scenario.name} (rules ${bt.scenario.rules}, seed ${bt.seed}), ${bt.start.slice(0, 16)} to ${bt.end.slice(0, 16)} UTC\n`;
  out += `Replayed ${n(r.messages)} ${r.source === "sends" ? "sends from " + bt.input.sends.join(", ") : "messages from the webhooks"} to ${n(r.users)} users (${r.usersMappedBy === "simulated-ids" ? "a simulated log: its own users" : "users in order of first send"}): ${n(r.delivered)} ${r.source === "sends" ? "accepted" : "sent"}`;
  const failed = Object.entries(r.failed);
  if (failed.length) out += `, failed ${failed.map(([c, k]) => `${c} × ${n(k)}`).join(", ")}`;
  if (r.held) out += `, ${n(r.held)} held`;
  if (r.outside) out += `; ${n(r.outside)} outside the scenario's span, left out`;
  out += `; ${n(r.inbound)} inbound messages\n`;
  const refused = Object.entries(r.refused);
  if (refused.length) {
    out += r.source === "sends" ? "Refused by the model: " : "The model would have refused sends the log shows made: ";
    out += refused.map(([c, x]) => `${c} × ${n(x.count)} (first ${x.first.slice(0, 16)})`).join(", ") + "\n";
  }
  if (r.unmatchedTemplates) out += `${n(r.unmatchedTemplates)} messages matched no scenario template by name or category (replayed as the first)\n`;
  if (r.extraPhones) out += `${n(r.extraPhones)} messages from numbers beyond the scenario's (replayed as its first)\n`;
  const s = bt.summary;
  out += `\nPredicted beside the logs (= match, ≠ differs, + predicted only, − logs only, · no webhook):\n`;
  if (bt.rows.length === 0) out += "  no limit, flag or template change predicted or logged\n";
  for (const row of bt.rows) out += `  ${MARK[row.verdict]} ${row.text}\n`;
  out += `\n${s.match} match, ${s.earlier + s.later} differ in time, ${s.predictedOnly} predicted only, ${s.observedOnly} in the logs only, ${s.notInWebhooks} without a webhook\n`;
  if (s.afterLogs > 0) out += `${n(s.afterLogs)} more predicted after the logs end (${bt.input.lastAt!.slice(0, 16)} UTC), not compared\n`;
  const m = bt.input.malformed;
  const d = bt.input.duplicates;
  if (m.count > 0) out += `Malformed lines: ${m.count} (${m.first.slice(0, 5).map((x) => `${x.file}:${x.line}`).join(", ")}${m.count > 5 ? ", …" : ""}), skipped\n`;
  if (d.count > 0) out += `Duplicate lines: ${d.count}, counted once\n`;
  return out;
}

/** Whether `--check` fails: a limit or flag change that differs, or is in only one of prediction and log. */
export function checkFails(bt: Backtest): boolean {
  return bt.rows.some((r) => (r.kind === "limit" || r.kind === "number-status") && r.verdict !== "match");
}

const backtestCommand: CommandModule<object, BacktestArgs> = {
  command: "backtest [logs..]",
  describe: "Replay a business's actual sends (webhook logs, or --sends) through a scenario's rules and compare predicted limit, flag and template changes with the logged ones",
  builder: (y) =>
    y
      .positional("logs", { type: "string", array: true, describe: "Webhook logs: one JSON body (or { receivedAt, body }) per line; .gz read as gzip; - for standard input" })
      .option("scenario", { type: "string", demandOption: true, describe: "The scenario whose rule set, business, templates and audience rates the replay uses" })
      .option("sends", { type: "string", array: true, describe: "Sends files (CSV timestamp,recipient,template,category or JSONL): replay these attempts instead of the webhooks' messages" })
      .option("days", { type: "number", describe: "Override the scenario's horizon (days from its start)" })
      .option("tolerance", { type: "number", default: 0, describe: "Seconds within which a predicted change matches the logged one" })
      .option("json", { type: "boolean", default: false, describe: "Print the backtest (tiersim/backtest@1) as one JSON document" })
      .option("out", { type: "string", describe: "Write backtest.json, backtest.md and charts/backtest-timeline.{svg,vl.json} into this folder" })
      .option("strict", { type: "boolean", default: false, describe: "Stop at the first malformed line (exit 3) instead of counting it" })
      .option("check", { type: "boolean", default: false, describe: "Exit 1 when a messaging-limit or flag change differs from the logs" })
      .example("$0 backtest logs/*.jsonl.gz --scenario my-business.yaml --out backtest/", "what the rules predict beside what happened")
      .example("$0 backtest logs/*.jsonl.gz --sends sends.csv --scenario my-business.yaml", "replay every attempt, refused ones too") as never,
  handler: async (argv) => {
    const logs = argv.logs ?? [];
    const sends = argv.sends ?? [];
    if (logs.length === 0 && sends.length === 0) throw new UserError("name at least one webhook log, or a sends file with --sends", ExitCode.Usage);
    if (!(argv.tolerance >= 0)) throw new UserError(`--tolerance ${argv.tolerance}: give a number of seconds, 0 or more`, ExitCode.Usage);
    if (argv.days !== undefined && !(Number.isInteger(argv.days) && argv.days > 0)) throw new UserError(`--days ${argv.days}: give a whole number of days, 1 or more`, ExitCode.Usage);
    const loaded = loadForCommand(argv.scenario);
    const config = compileScenario(loaded.scenario, loaded.ruleSet, { days: argv.days });
    const log = new BacktestLog();
    for (const file of logs) {
      log.beginFile(file);
      await eachLine(file, "webhook log", argv.strict, (t, n) => log.webhookLine(t, n));
    }
    for (const file of sends) {
      log.beginSendsFile(file);
      await eachLine(file, "sends file", argv.strict, (t, n) => log.sendsLine(t, n));
    }
    const bt = backtest(config, log, { fromSends: sends.length > 0, toleranceSeconds: argv.tolerance, logs, sends });
    if (argv.out) {
      const { renderBacktestReport } = await import("../../reports/backtest.js");
      writeFilesAtomic(argv.out, [["backtest.json", JSON.stringify(bt, null, 2) + "\n"], ...(await renderBacktestReport(bt))]);
    }
    if (argv.json) printJson(bt);
    else {
      process.stdout.write(formatBacktest(bt));
      if (argv.out) process.stdout.write(`Wrote ${argv.out}/: backtest.json, backtest.md, charts/backtest-timeline.svg\n`);
    }
    if (argv.check && checkFails(bt)) {
      process.stderr.write("check failed: a messaging-limit or flag change differs from the logs\n");
      process.exitCode = ExitCode.CheckFailed;
    }
  },
};

// The registry holds commands of every argument shape; yargs checks arguments at run time.
export const command = backtestCommand as unknown as CommandModule<object, never>;
