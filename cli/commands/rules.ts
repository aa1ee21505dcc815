// `tiersim rules [ID] [--json]`: the rule sets (eras) tiersim models, and every parameter of
// one of them with its value and source — so a scenario author can see what an override changes.
import type { Argv, CommandModule } from "yargs";
import { formatDuration } from "../../models/duration.js";
import {
  DEFAULT_RULE_SET_ID,
  RULE_SET_IDS,
  closest,
  getParameter,
  getRuleSet,
  kindOf,
  listRuleSets,
  parameterPaths,
  ruleSetSources,
  sourceOf,
} from "../../models/rules/index.js";
import type { Limit, RuleSet } from "../../models/rules/index.js";
import { ExitCode, UserError } from "../exit-codes.js";
import { printJson } from "../output.js";

const WIDTH = 100;

interface RulesArgs {
  id?: string;
  json: boolean;
}

/** `1000` → `1K`, `null` → `∞`: how DESIGN §3 writes rungs. */
function rung(limit: Limit): string {
  if (limit === null) return "∞";
  if (limit >= 1000 && limit % 1000 === 0) return `${limit / 1000}K`;
  return String(limit);
}

function fraction(f: number): string {
  if (f === 0.5) return "½";
  if (f === 0.25) return "¼";
  return String(f);
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** How a business leaves its starting limit, in DESIGN §3's words. */
function leavesStart(rs: RuleSet): string[] {
  const ways: string[] = [];
  if (rs.scalingPath.verification) ways.push("verification");
  if (rs.scalingPath.partnerVerification) ways.push("partner verification");
  const u = rs.scalingPath.usage;
  if (u) {
    const unit = rs.limit.countedUnit === "business-initiated-conversation" ? "conversations" : "unique users";
    ways.push(`${count(u.threshold)} ${unit} in ${formatDuration(u.window)}`);
  }
  return ways;
}

function autoScaleText(rs: RuleSet): string {
  const a = rs.autoScale;
  const volume = a.factor >= 1
    ? `unique ${formatDuration(a.lookback)} users ≥ ${a.factor}× limit`
    : `≥ ${fraction(a.factor)} limit in ${formatDuration(a.lookback)}`;
  const parts = [volume];
  if (a.minTimeInTier > 0) parts.push(`≥ ${formatDuration(a.minTimeInTier)} in tier`);
  if (a.delay > 0) parts.push(a.delayMode === "uniform" ? `≤ ${formatDuration(a.delay)}` : `+${formatDuration(a.delay)}`);
  return parts.join(", ");
}

function downgradeText(rs: RuleSet): string {
  return rs.downgrade.enabled ? `Flagged ${formatDuration(rs.downgrade.flaggedFor)} → −1` : "none";
}

function ladderText(rs: RuleSet): string {
  return rs.limit.ladder
    .map((l) => (l === rs.limit.startUnverified ? `${rung(l)} (start)` : rung(l)))
    .join(", ");
}

/** A parameter's value as a reader wants it: durations `6h`, unlimited `∞`, `null` dates `never`. */
export function formatValue(path: string, value: unknown): string {
  const kind = kindOf(path);
  if (kind?.type === "ladder" || kind?.type === "limit") {
    return Array.isArray(value) ? value.map((v) => (v === null ? "∞" : count(v as number))).join(", ") : value === null ? "∞" : count(value as number);
  }
  if (kind?.type === "duration" || kind?.type === "duration-or-null") return value === null ? "lifetime" : formatDuration(value as number);
  if (kind?.type === "duration-list") return (value as number[]).map(formatDuration).join(", ");
  if (kind?.type === "day-or-null") return value === null ? "never" : String(value);
  if (kind?.type === "usage-or-null" && value === null) return "none";
  if (kind?.type === "volume-tiers") return (value as Array<{ from: number; discount: number }>).map((t) => `${count(t.from)}+ −${Math.round(t.discount * 1000) / 10} %`).join(", ");
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "number") return Number.isInteger(value) && kind?.type !== "code" ? count(value) : String(value);
  return String(value);
}

function wrap(text: string, columns: number): string[] {
  const width = Math.max(1, columns);
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let w = word;
    // A word wider than the column (a long path) is cut rather than overflowing the table.
    while (w.length > width) {
      if (line) {
        lines.push(line);
        line = "";
      }
      lines.push(w.slice(0, width));
      w = w.slice(width);
    }
    if (!line) line = w;
    else if (line.length + 1 + w.length <= width) line += ` ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * Renders rows as a text table no wider than `width`: the first `fixed` columns keep their
 * natural width (ids, dates), the others wrap, widest first, and never exceed `maxWidths`.
 */
function table(header: string[], rows: string[][], fixed = 0, maxWidths: number[] = [], width = WIDTH): string {
  const gap = "  ";
  const natural = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const widths = natural.map((w, c) => Math.min(w, maxWidths[c] ?? Infinity));
  const budget = width - gap.length * (header.length - 1);
  while (widths.reduce((a, b) => a + b, 0) > budget) {
    const flexible = widths.map((w, c) => (c < fixed ? -1 : w));
    const widest = flexible.indexOf(Math.max(...flexible));
    if (widths[widest] <= 8) break;
    widths[widest] -= 1;
  }
  const render = (cells: string[]): string[] => {
    const wrapped = cells.map((cell, c) => wrap(cell, widths[c]));
    const height = Math.max(...wrapped.map((w) => w.length));
    const out: string[] = [];
    for (let i = 0; i < height; i++) {
      out.push(wrapped.map((w, c) => (w[i] ?? "").padEnd(widths[c])).join(gap).trimEnd());
    }
    return out;
  };
  const lines = [...render(header), widths.map((w) => "─".repeat(w)).join(gap)];
  for (const r of rows) lines.push(...render(r));
  return lines.join("\n");
}

function summaryOf(rs: RuleSet): Record<string, unknown> {
  return {
    id: rs.id,
    title: rs.title,
    from: rs.from,
    default: rs.id === DEFAULT_RULE_SET_ID,
    summary: rs.summary,
    scope: rs.limit.scope,
    ladder: rs.limit.ladder,
    startUnverified: rs.limit.startUnverified,
    startVerified: rs.limit.startVerified,
    leavesStart: leavesStart(rs),
    autoScale: {
      factor: rs.autoScale.factor,
      lookbackMs: rs.autoScale.lookback,
      delayMs: rs.autoScale.delay,
      delayMode: rs.autoScale.delayMode,
      minTimeInTierMs: rs.autoScale.minTimeInTier,
      text: autoScaleText(rs),
    },
    downgrade: { ...rs.downgrade, text: downgradeText(rs) },
    parameters: rs,
  };
}

function listText(): string {
  const rows = listRuleSets().map((rs) => [
    rs.id,
    rs.from,
    rs.limit.scope,
    ladderText(rs),
    leavesStart(rs).join(", "),
    autoScaleText(rs),
    downgradeText(rs),
  ]);
  return [
    `Rule sets (eras) — limits are distinct users per moving 24 h; default: ${DEFAULT_RULE_SET_ID}`,
    "",
    table(["id", "from", "scope", "ladder", "leaves the start", "auto-scale", "downgrade"], rows, 3),
    "",
    ...wrap("Every parameter and its source: tiersim rules <id>. Override any of them in a scenario's `overrides:`.", WIDTH),
  ].join("\n");
}

function detailText(rs: RuleSet): string {
  let previous: string | undefined;
  const rows = parameterPaths(rs).map((path) => {
    const entry = sourceOf(rs.id, path);
    // A group's source is printed once, on its first leaf, so the table stays scannable.
    const shared = entry !== undefined && entry.path !== path && entry.path === previous;
    previous = entry?.path;
    return [path, formatValue(path, getParameter(rs, path)), shared ? "〃" : (entry?.source ?? "—")];
  });
  return [
    `${rs.id} — ${rs.title}${rs.id === DEFAULT_RULE_SET_ID ? " (default)" : ""}`,
    `from ${rs.from}`,
    "",
    ...wrap(rs.summary, WIDTH),
    "",
    table(["parameter", "value", "source"], rows, 1, [Infinity, 24]),
    "",
    ...wrap("Sources are the ids of the rules reference ([S1] …); 'assumption' and 'calibration default' mark values Meta does not publish — override them in a scenario's `overrides:`.", WIDTH),
  ].join("\n");
}

const rulesCommand: CommandModule<object, RulesArgs> = {
  command: "rules [id]",
  describe: "List the rule sets (eras), or show one rule set's parameters and sources",
  builder: (y: Argv<object>) =>
    y
      .positional("id", { type: "string", describe: `Rule set id (${RULE_SET_IDS.join(", ")})` })
      .option("json", { type: "boolean", default: false, describe: "Print exactly one JSON document on stdout" }) as unknown as Argv<RulesArgs>,
  handler: (args) => {
    if (args.id === undefined) {
      if (args.json) {
        printJson({ schema: "tiersim/rules@1", default: DEFAULT_RULE_SET_ID, ruleSets: listRuleSets().map(summaryOf) });
      } else {
        process.stdout.write(listText() + "\n");
      }
      return;
    }
    const rs = getRuleSet(args.id);
    if (rs === undefined) {
      const guess = closest(args.id, RULE_SET_IDS);
      throw new UserError(
        `unknown rule set '${args.id}'${guess ? `; did you mean '${guess}'?` : "."} Known: ${RULE_SET_IDS.join(", ")}.`,
        ExitCode.Usage,
      );
    }
    if (args.json) {
      printJson({ schema: "tiersim/rule-set@1", default: rs.id === DEFAULT_RULE_SET_ID, ruleSet: rs, sources: ruleSetSources(rs.id) });
    } else {
      process.stdout.write(detailText(rs) + "\n");
    }
  },
};

/** The `rules` command, typed for the command registry like every other command. */
export const command = rulesCommand as unknown as CommandModule<object, never>;
