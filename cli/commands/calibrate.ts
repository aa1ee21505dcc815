// `tiersim calibrate <logs…>`: fit a scenario's behaviour rates and latencies to a business's
// own webhook logs. The files are streamed line by line (gzip when the name ends in .gz), so
// memory stays the same however long the log; the fold and the fits are studies/calibration.
// First, before the modules below load: the heap settings for a long streaming fold.
import "./calibrate-heap.js";
import type { CommandModule } from "yargs";
import { stringify } from "yaml";
import { DEFAULT_RULE_SET_ID, getRuleSet, RULE_SET_IDS } from "../../models/rules/index.js";
import type { RuleSet } from "../../models/rules/types.js";
import { parseDuration } from "../../models/duration.js";
import { eachLine } from "../io/lines.js";
import { WebhookFold, type SegmentKey } from "../../studies/calibration/fold.js";
import { fitCalibration, type Calibration } from "../../studies/calibration/fit.js";
import { fragmentData, fragmentYaml } from "../../studies/calibration/fragment.js";
import { SendsCount } from "../../studies/calibration/sends.js";
import { mergeFragment } from "../../scenarios/merge.js";
import { loadScenarioText } from "../../scenarios/load.js";
import { formatIssue } from "../../scenarios/issues.js";
import { loadForCommand } from "../command-helpers.js";
import { ExitCode, UserError } from "../exit-codes.js";
import { printJson, writeFileAtomic, writeFilesAtomic } from "../output.js";
import { parse as parseYaml } from "yaml";

interface CalibrateArgs {
  logs: string[];
  json: boolean;
  out?: string;
  base?: string;
  rules?: string;
  from?: string;
  to?: string;
  strict: boolean;
  settle: string;
  joinWindow: string;
  report?: string;
  segmentBy?: SegmentKey;
  sends?: string[];
}

/** Unix seconds of an ISO date or date-time, or a usage error naming the flag. */
function instant(flag: string, text: string): number {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (!Number.isFinite(ms)) throw new UserError(`--${flag} ${text}: not a date; write an ISO date or date-time, e.g. 2026-03-02 or 2026-03-02T10:00:00Z`, ExitCode.Usage);
  return Math.floor(ms / 1000);
}

/** Streams one file's lines into the fold; rejects with a UserError on a read error or, with `strict`, on the first malformed line. */
async function foldFile(fold: WebhookFold, file: string, strict: boolean): Promise<void> {
  fold.beginFile(file);
  await eachLine(file, "webhook log", strict, (text, n) => {
    const problem = fold.line(text, n);
    if (problem !== "malformed") return null;
    return fold.malformed.first[fold.malformed.first.length - 1]?.message ?? "?";
  });
}

function pct(x: number): string {
  return (x * 100).toFixed(x < 0.01 ? 3 : 2) + " %";
}

function duration(s: number): string {
  return s >= 3600 ? `${(s / 3600).toFixed(1)} h` : s >= 60 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(0)} s`;
}

/** The calibration as text for a terminal. */
export function formatCalibration(cal: Calibration): string {
  const f = cal.fits;
  const i = cal.issues;
  const rate = (label: string, b: { mean: number; lo: number; hi: number; n: number }): string =>
    `  ${label.padEnd(22)} ${pct(b.mean).padStart(9)}   95 % [${pct(b.lo)}, ${pct(b.hi)}]   n = ${b.n.toLocaleString("en-US")}\n`;
  let out = `Calibration from ${cal.input.files.join(", ")}: ${cal.input.lines.toLocaleString("en-US")} lines, ${cal.input.from ?? "?"} to ${cal.input.to ?? "?"} (${cal.input.days} days), rules ${cal.rules}\n`;
  out += `Messages: ${cal.messages.distinct.toLocaleString("en-US")} distinct, ${cal.messages.delivered.toLocaleString("en-US")} delivered, ${cal.messages.read.toLocaleString("en-US")} read, ${cal.messages.failed.toLocaleString("en-US")} failed; ≈ ${cal.messages.users.toLocaleString("en-US")} users\n`;
  out += `Rates (Beta posteriors; messages delivered before ${cal.input.settledBefore ?? "?"}):\n`;
  out += rate("read (scenario)", f.read);
  out += rate("read (observed)", f.readObserved);
  out += rate("reply", f.reply);
  out += rate("opt-out (marketing)", f.optOut);
  for (const [code, b] of Object.entries(f.failures)) out += rate(`failed ${code}`, b);
  out += `  inbound / user / day   ${f.inboundPerDay.mean.toPrecision(3)}   95 % [${f.inboundPerDay.lo.toPrecision(3)}, ${f.inboundPerDay.hi.toPrecision(3)}]   ${f.inboundPerDay.count} messages\n`;
  if (cal.segments) {
    out += `By ${cal.segments.by} (share of delivered; read is the scenario's P(read | no reply)):\n`;
    for (const s of cal.segments.list) {
      const g = s.fits;
      out += `  ${s.name.slice(0, 24).padEnd(24)} ${pct(s.share).padStart(9)}   read ${pct(g.read.mean)} [${pct(g.read.lo)}, ${pct(g.read.hi)}]   reply ${pct(g.reply.mean)} [${pct(g.reply.lo)}, ${pct(g.reply.hi)}]   opt-out ${pct(g.optOut.mean)}\n`;
    }
  }
  for (const [name, l] of [["read latency", f.latency.read], ["reply latency", f.latency.reply]] as const) {
    if (l) out += `  ${name.padEnd(22)} median ${duration(l.median)}, p95 ${duration(l.p95)}, σ ${l.sigma} (log-normal, n = ${l.n.toLocaleString("en-US")}; observed median ${duration(l.observed.q50)})\n`;
  }
  if (cal.sends) {
    const sd = cal.sends;
    out += `Sends files: ${sd.attempts.toLocaleString("en-US")} attempts, ${sd.inLog.toLocaleString("en-US")} messages in the log: ${sd.notInLog.toLocaleString("en-US")} never reported (refused before sent), ${pct(sd.notInLogRate.mean)} [${pct(sd.notInLogRate.lo)}, ${pct(sd.notInLogRate.hi)}]${sd.malformed.count ? `; ${sd.malformed.count} malformed lines` : ""}\n`;
    if (sd.note) out += `  note: ${sd.note}\n`;
  }
  const nb = cal.bounds.negativeFeedback;
  out += `Blocks + reports per delivered (BOUND, not a fit): [${nb.lo}, ${nb.hi}] — ${nb.basis}\n`;
  const pauses = Object.entries(cal.templates.pauses);
  out += `Templates: worst quality ${cal.templates.worstQuality}; ${pauses.length === 0 ? "no pauses" : pauses.map(([t, n]) => `${t} paused ${n}×`).join(", ")}${cal.templates.disabled.length ? `; disabled ${cal.templates.disabled.join(", ")}` : ""}\n`;
  const limits = cal.limits.history.filter((l) => l.event === "UPGRADE" || l.event === "DOWNGRADE" || l.event === "FLAGGED" || l.event === "UNFLAGGED");
  // A portfolio-wide change arrives once per number (one webhook each), and a webhook may be
  // delivered twice: the same change in a row is said once, with how many numbers it names.
  const changes: Array<{ text: string; phones: Set<string | undefined> }> = [];
  for (const l of limits) {
    const text = `${l.at.slice(0, 16)} ${l.event}${l.limit !== undefined ? ` → ${l.limit ?? "unlimited"}` : ""}`;
    const last = changes.at(-1);
    if (last && last.text === text) last.phones.add(l.phone);
    else changes.push({ text, phones: new Set([l.phone]) });
  }
  out += `Messaging limit: ${changes.length === 0 ? "no change in the log" : changes.map((c) => (c.phones.size > 1 ? `${c.text} (on ${c.phones.size} numbers)` : c.text)).join("; ")}\n`;
  const issue = (label: string, t: { count: number; first: Array<{ file: string; line: number; message: string }> }): string =>
    t.count === 0 ? "" : `  ${label}: ${t.count} (${t.first.slice(0, 5).map((x) => `${x.file}:${x.line}`).join(", ")}${t.count > 5 ? ", …" : ""})\n`;
  const issues = issue("malformed", i.malformed) + issue("duplicates", i.duplicates) + issue("out of order", i.outOfOrder) + issue(`late (beyond the ${duration(cal.join.window)} join window)`, i.late);
  out += issues ? `Log problems (counted, skipped where they repeat or break a line; --json lists the first 20 of each):\n${issues}` : "Log problems: none\n";
  if (i.unjoinedReplies > 0) out += `  ${i.unjoinedReplies} replies to messages not in the log (left out of the reply rate)\n`;
  if (i.lateStatuses > 0) out += `  ${i.lateStatuses} statuses on late lines of messages no longer held (left out)\n`;
  if (cal.join.earlyRotations > 0) out += `  more messages than the join table holds came within the join window: statuses joined within ${duration(cal.join.kept)} only (not ${duration(cal.join.window)})\n`;
  return out;
}

const calibrateCommand: CommandModule<object, CalibrateArgs> = {
  command: "calibrate <logs..>",
  describe: "Fit read, reply, opt-out and failure rates, latencies and histories to webhook logs (JSONL, .gz)",
  builder: (y) =>
    y
      .positional("logs", { type: "string", array: true, demandOption: true, describe: "Webhook logs: one JSON body (or { receivedAt, body }) per line; .gz read as gzip; - for standard input" })
      .option("json", { type: "boolean", default: false, describe: "Print the calibration (tiersim/calibration@1) as one JSON document" })
      .option("out", { type: "string", describe: "Write the fitted values as a scenario fragment (YAML); with --base, the whole calibrated scenario" })
      .option("base", { type: "string", describe: "Scenario to merge the fit into (its rule set's thresholds bound blocks and reports)" })
      .option("rules", { type: "string", describe: `Rule set whose thresholds bound blocks and reports (default the --base scenario's, else ${DEFAULT_RULE_SET_ID})` })
      .option("segment-by", {
        choices: ["callback", "phone", "category"] as const,
        describe: "Fit each segment apart: by biz_opaque_callback_data (tag sends with the segment's name), sending number, or pricing category",
      })
      .option("sends", { type: "string", array: true, describe: "Sends files (CSV timestamp,recipient,template,category, or JSONL): count the attempts no webhook reports (refused before sent)" })
      .option("from", { type: "string", describe: "Count only webhooks at or after this date (ISO)" })
      .option("to", { type: "string", describe: "Count only webhooks before this date (ISO)" })
      .option("settle", { type: "string", default: "24h", describe: "Leave messages delivered in the log's last stretch of this length out of the rates (too recent to be read or answered)" })
      .option("join-window", {
        type: "string",
        default: "72h",
        describe: "Join a status or reply to its message within this much log time of the message's previous status (memory is fixed; later ones are counted as late)",
      })
      .option("report", { type: "string", describe: "Write report.md with histograms and QQ plots of the fitted latencies (charts/*.svg, *.vl.json) into this folder" })
      .option("strict", { type: "boolean", default: false, describe: "Stop at the first malformed line (exit 3) instead of counting it" })
      .example("$0 calibrate webhooks.jsonl.gz --out fitted.yaml", "fit and write a scenario fragment")
      .example("$0 calibrate logs/*.jsonl --base scenarios/quickstart.yaml --out calibrated.yaml", "the quickstart with the rates of your own logs") as never,
  handler: async (argv) => {
    const from = argv.from !== undefined ? instant("from", argv.from) : undefined;
    const to = argv.to !== undefined ? instant("to", argv.to) : undefined;
    if (from !== undefined && to !== undefined && to <= from) throw new UserError(`--to ${argv.to} is not after --from ${argv.from}`, ExitCode.Usage);
    const settleMs = parseDuration(argv.settle);
    if (settleMs === undefined || settleMs < 0) throw new UserError(`--settle ${argv.settle}: not a duration; write e.g. 24h, 2d or 0s`, ExitCode.Usage);
    const base = argv.base !== undefined ? loadForCommand(argv.base) : undefined;
    let ruleSet: RuleSet | undefined = base?.ruleSet;
    if (argv.rules !== undefined) {
      ruleSet = getRuleSet(argv.rules);
      if (!ruleSet) throw new UserError(`--rules ${argv.rules}: no such rule set; one of ${RULE_SET_IDS.join(", ")}`, ExitCode.Usage);
    }
    ruleSet ??= getRuleSet(DEFAULT_RULE_SET_ID)!;

    const windowMs = parseDuration(argv.joinWindow);
    if (windowMs === undefined || windowMs < 1000) throw new UserError(`--join-window ${argv.joinWindow}: not a duration of a second or more; write e.g. 72h or 7d`, ExitCode.Usage);

    const fold = new WebhookFold({ from, to, settle: settleMs / 1000, window: Math.floor(windowMs / 1000), ...(argv.segmentBy ? { segmentBy: argv.segmentBy } : {}) });
    for (const file of argv.logs) await foldFile(fold, file, argv.strict);
    let sends: SendsCount | undefined;
    if (argv.sends) {
      const count = new SendsCount({ from, to });
      for (const file of argv.sends) {
        count.beginFile(file);
        await eachLine(file, "sends file", argv.strict, (text, n) => count.line(text, n));
      }
      sends = count;
    }
    const cal = fitCalibration(fold, ruleSet, { settle: settleMs / 1000, ...(argv.segmentBy ? { segmentBy: argv.segmentBy } : {}), ...(sends ? { sends } : {}) });

    if (argv.out) {
      if (base) {
        const merged = mergeFragment(parseYaml(base.source), fragmentData(cal));
        const text = fragmentYaml(cal).trimEnd().replace(/^/gm, "# ").replace(/^# $/gm, "#") + "\n" + stringify(merged, { lineWidth: 0 });
        const check = loadScenarioText(text, argv.out);
        if (!check.ok) throw new UserError(`the calibrated scenario would not validate:\n${check.issues.map((i) => `  ${formatIssue(i)}`).join("\n")}`, ExitCode.InvalidInput);
        writeFileAtomic(argv.out, text);
      } else writeFileAtomic(argv.out, fragmentYaml(cal));
    }
    if (argv.report) {
      const { renderCalibrationReport } = await import("../../reports/calibration.js");
      writeFilesAtomic(argv.report, await renderCalibrationReport(cal));
    }
    if (argv.json) printJson(cal);
    else {
      process.stdout.write(formatCalibration(cal));
      if (argv.out) process.stdout.write(`\nWrote ${argv.out} (${base ? `${argv.base} with the fitted values` : "a scenario fragment"})\n`);
      if (argv.report) process.stdout.write(`Wrote ${argv.report}/: report.md, charts/ (latency histograms and QQ plots)\n`);
    }
  },
};

// The registry holds commands of every argument shape; yargs checks arguments at run time.
export const command = calibrateCommand as unknown as CommandModule<object, never>;
