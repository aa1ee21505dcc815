// The backtest report: the messaging limit tiersim predicts beside the one the webhooks report,
// as steps on one time axis with every other compared change marked, and the comparison as a
// Markdown table with each difference in words.
import type { TopLevelSpec } from "vega-lite";
import type { Backtest } from "../studies/backtest/replay.js";
import { plottedLimit, timeFrame, timeX, unlimitedSentinel, wallClock } from "./charts/common.js";
import { INK, PAGE_WIDTH, PANEL_HEIGHT, VEGA_LITE_SCHEMA, chartConfig } from "./charts/theme.js";
import { escapeMarkdown, escapeMarkdownCell } from "./escape.js";
import { renderSvg } from "./render.js";

const VERDICT_TEXT: Readonly<Record<string, string>> = {
  match: "match",
  earlier: "predicted earlier",
  later: "predicted later",
  "predicted-only": "predicted only",
  "observed-only": "logs only",
  "not-in-webhooks": "no webhook",
};

/**
 * Timeline chart: predicted and logged limit as steps (log scale), with the other compared
 * changes (flags, template status and quality) as marks on a lane below, coloured by verdict.
 *
 * @example
 * ```ts
 * const spec = backtestTimeline(bt);
 * await renderSvg(spec);
 * ```
 */
export function backtestTimeline(bt: Backtest): TopLevelSpec {
  const frame = timeFrame(bt);
  const wall = (iso: string): string => wallClock(iso, frame.tz);
  const finite = [bt.limit.initial, ...bt.limit.predicted.map((p) => p.to), ...bt.limit.observed.map((o) => o.to)].filter((v): v is number => v !== null);
  const sentinel = unlimitedSentinel(finite.length ? finite : [1000]);
  const steps: Array<{ at: string; limit: number; series: string }> = [];
  for (const [series, list] of [
    ["predicted", bt.limit.predicted],
    ["logs", bt.limit.observed],
  ] as const) {
    let current = plottedLimit(bt.limit.initial, sentinel);
    steps.push({ at: wall(bt.start), limit: current, series });
    for (const c of list) {
      if (Date.parse(c.at) >= Date.parse(bt.end)) continue;
      current = plottedLimit(c.to, sentinel);
      steps.push({ at: wall(c.at), limit: current, series });
    }
    steps.push({ at: wall(bt.end), limit: current, series });
  }
  const marks = bt.rows
    .filter((r) => r.kind !== "limit")
    .map((r) => ({ at: wall(r.predicted ?? r.observed ?? bt.start), lane: r.kind === "quality" ? `${r.subject} quality` : r.kind === "number-status" ? "number status" : `${r.subject} ${r.kind === "template-status" ? "status" : "quality"}`, verdict: VERDICT_TEXT[r.verdict], label: `${r.to}` }));
  const rungs = [...new Set(steps.map((s) => s.limit))].sort((a, b) => a - b);
  const x = timeX("at", frame);
  const verdictColor = { field: "verdict", type: "nominal", title: "", scale: { domain: Object.values(VERDICT_TEXT), range: [INK.accent, INK.warn, INK.warn, INK.secondary, INK.primary, INK.muted] } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: "Backtest: predicted beside logged", subtitle: `${bt.scenario.name} — ${bt.summary.match} of ${bt.summary.compared - bt.summary.notInWebhooks} compared changes match` },
    config: chartConfig(),
    vconcat: [
      {
        width: PAGE_WIDTH,
        height: PANEL_HEIGHT,
        data: { values: steps },
        mark: { type: "line", interpolate: "step-after", strokeWidth: 2 },
        encoding: {
          x,
          y: {
            field: "limit",
            type: "quantitative",
            title: "Messaging limit (log scale)",
            scale: { type: "log", domain: [Math.max(1, rungs[0] / 1.6), rungs[rungs.length - 1] * 1.6], nice: false },
            axis: { values: rungs, labelExpr: `datum.value >= ${sentinel} ? 'unlimited' : format(datum.value, ',')` },
          },
          color: { field: "series", type: "nominal", title: "", scale: { domain: ["predicted", "logs"], range: [INK.primary, INK.secondary] } },
          strokeDash: { field: "series", type: "nominal", legend: null, scale: { domain: ["predicted", "logs"], range: [[1, 0], [6, 3]] } },
        },
      },
      {
        width: PAGE_WIDTH,
        height: Math.max(40, 22 * new Set(marks.map((m) => m.lane)).size),
        data: { values: marks.length ? marks : [{ at: wall(bt.start), lane: "(none)", verdict: "match", label: "" }] },
        encoding: { x, y: { field: "lane", type: "nominal", title: null } },
        layer: [
          { mark: { type: "point", filled: true, size: 70 }, encoding: { color: verdictColor, tooltip: [{ field: "label" }, { field: "verdict" }] } },
          { mark: { type: "text", align: "left", dx: 6, dy: -9, fontSize: 9, color: INK.text }, encoding: { text: { field: "label" } } },
        ],
      },
    ],
    // The limit's series and the verdicts are two different legends.
    resolve: { scale: { color: "independent" }, legend: { color: "independent" } },
  } as unknown as TopLevelSpec;
}

/**
 * The report files of a backtest: `backtest.md` and the timeline chart.
 *
 * @example
 * ```ts
 * writeFilesAtomic("out", await renderBacktestReport(bt));
 * ```
 */
export async function renderBacktestReport(bt: Backtest): Promise<Array<[string, string]>> {
  const spec = backtestTimeline(bt);
  const r = bt.replay;
  const s = bt.summary;
  const md: string[] = [
    "# Backtest",
    "",
    `${escapeMarkdown(bt.scenario.name)} (rules ${bt.scenario.rules}, seed ${bt.seed}), ${bt.start} to ${bt.end}. Replayed ${r.messages} ${r.source === "sends" ? "sends from the sends file" : "messages from the webhook logs"} to ${r.users} users; ${r.delivered} ${r.source === "sends" ? "accepted" : "sent"}, ${r.inbound} inbound messages.`,
    "",
    `**${s.match} match, ${s.earlier + s.later} differ in time, ${s.predictedOnly} predicted only, ${s.observedOnly} in the logs only**; ${s.notInWebhooks} predicted changes have no webhook.${s.afterLogs > 0 ? ` ${s.afterLogs} more predicted after the logs end (${bt.input.lastAt}) are not compared.` : ""}`,
    "",
    "![timeline](charts/backtest-timeline.svg)",
    "",
    "| change | predicted | logs | Δ (s) | verdict | in words |",
    "| --- | --- | --- | ---: | --- | --- |",
  ];
  for (const row of bt.rows) {
    md.push(`| ${escapeMarkdownCell(`${row.kind} ${row.subject}: ${row.from ?? "?"} → ${row.to}`)} | ${row.predicted ?? ""} | ${row.observed ?? ""} | ${row.deltaSeconds ?? ""} | ${VERDICT_TEXT[row.verdict]} | ${escapeMarkdownCell(row.text)} |`);
  }
  const refused = Object.entries(r.refused);
  if (refused.length) md.push("", `Refused by the model (${r.source === "sends" ? "attempts" : "sends the logs show made"}): ${refused.map(([c, x]) => `${c} × ${x.count} (first ${x.first})`).join(", ")}.`);
  md.push("", "## Assumptions", "", ...bt.assumptions.map((a) => `- ${escapeMarkdown(a)}`), "");
  return [
    ["backtest.md", md.join("\n")],
    ["charts/backtest-timeline.vl.json", JSON.stringify(spec, null, 2) + "\n"],
    ["charts/backtest-timeline.svg", await renderSvg(spec)],
  ];
}
