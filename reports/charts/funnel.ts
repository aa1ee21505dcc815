// Chart 5: the outcome funnel (attempted → accepted → delivered → read → replied), the users
// who turned away (blocked, reported, opted out of marketing) and what the failures were, by
// Cloud API error code.
import type { TopLevelSpec } from "vega-lite";
import { errorInfo } from "../../models/errors.js";
import type { RunResult, RunSummary } from "../../sim/result.js";
import type { ProjectionResult } from "../../studies/projections/contract.js";
import { quantilesR7 } from "../../studies/stats/quantile.js";
import { formatCount, isRun, subtitleFor, summaries } from "./common.js";
import { HALF_PANEL_HEIGHT, INK, PAGE_WIDTH, VEGA_LITE_SCHEMA, chartConfig } from "./theme.js";

/**
 * Axis label of an error code: the code and, when known, Meta's title for it (from the
 * error-code table in models/errors.ts).
 *
 * @example
 * ```ts
 * failureLabel("131049"); // "131049 Meta chose not to deliver"
 * ```
 */
export function failureLabel(code: string): string {
  const title = errorInfo(Number(code))?.title;
  return title ? `${code} ${title}` : code;
}

const STAGES: Array<{ stage: string; of: (s: RunSummary) => number }> = [
  { stage: "attempted (messages)", of: (s) => s.messages.attempted },
  { stage: "accepted (messages)", of: (s) => s.messages.accepted },
  { stage: "delivered (messages)", of: (s) => s.messages.delivered },
  { stage: "read (messages)", of: (s) => s.messages.read },
  { stage: "replied (users)", of: (s) => s.users.replied },
];

const REACTIONS: Array<{ label: string; of: (s: RunSummary) => number }> = [
  { label: "blocked the business", of: (s) => s.users.blocked },
  { label: "reported it as spam", of: (s) => s.users.reported },
  { label: "opted out of marketing", of: (s) => s.users.optedOut },
];

function panel(rows: Array<Record<string, unknown>>, yTitle: string, xTitle: string, sort: string[], color: string, ranged: boolean): Record<string, unknown> {
  const y = { field: "label", type: "nominal", title: yTitle, sort, axis: { labelLimit: 320 } };
  const x = { field: "value", type: "quantitative", title: xTitle, axis: { format: "~s" } };
  const layers: Array<Record<string, unknown>> = [
    { mark: { type: "bar", color, height: { band: 0.7 } }, encoding: { y, x } },
    { mark: { type: "text", align: "left", dx: 4, fontSize: 10, color: INK.text }, encoding: { y, x: { ...x, field: ranged ? "hi" : "value" }, text: { field: "text" } } },
  ];
  if (ranged) layers.splice(1, 0, { mark: { type: "rule", color: INK.text }, encoding: { y, x: { ...x, field: "lo" }, x2: { field: "hi" } } });
  return { width: PAGE_WIDTH - 330, height: { step: 24 }, data: { values: rows }, layer: layers };
}

/**
 * Chart 5 — outcome funnel, users who turned away (blocked, reported, opted out) and failures
 * by error code. A run shows its totals with the share of attempts at each stage; a projection
 * shows the median across runs with a q05–q95 line.
 *
 * @example
 * ```ts
 * const spec = funnelChart(result);
 * ```
 */
export function funnelChart(result: RunResult | ProjectionResult): TopLevelSpec | null {
  const runs = summaries(result);
  if (runs.length === 0) return null;
  const ranged = !isRun(result);
  const stat = (values: number[]): { value: number; lo: number; hi: number } => {
    const q = quantilesR7(values, { round: false });
    return { value: q.q50, lo: q.q05, hi: q.q95 };
  };
  const attempted = stat(runs.map((s) => s.messages.attempted)).value;
  const stages = STAGES.map(({ stage, of }) => {
    const v = stat(runs.map(of));
    const share = attempted > 0 ? ` (${Math.round((v.value / attempted) * 1000) / 10} % of attempted)` : "";
    return { label: stage, ...v, text: `${formatCount(v.value)}${stage.startsWith("replied") ? "" : share}` };
  });
  const codes = [...new Set(runs.flatMap((s) => Object.keys(s.failuresByCode)))];
  const failures = codes
    .map((code) => {
      const v = stat(runs.map((s) => s.failuresByCode[code] ?? 0));
      return { label: failureLabel(code), ...v, text: formatCount(v.value) };
    })
    .filter((f) => f.hi > 0)
    .sort((a, b) => b.value - a.value);
  const reached = stat(runs.map((s) => s.users.reached)).value;
  const reactions = REACTIONS.map(({ label, of }) => {
    const v = stat(runs.map(of));
    const share = reached > 0 ? ` (${Math.round((v.value / reached) * 1000) / 10} % of users reached)` : "";
    return { label, ...v, text: `${formatCount(v.value)}${share}` };
  });
  const what = ranged ? "median across runs; line: q05–q95" : "totals over the run";
  const panels = [panel(stages, "Stage", `Count (${what})`, stages.map((s) => s.label), INK.primary, ranged)];
  panels.push(panel(reactions, "Users who turned away", `Users (${what})`, reactions.map((r) => r.label), INK.secondary, ranged));
  if (failures.length > 0) panels.push(panel(failures, "Failure (error code)", `Failed messages (${what})`, failures.map((f) => f.label), INK.warn, ranged));
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: "Outcome funnel and failures by code", subtitle: subtitleFor(result) },
    vconcat: panels,
    config: { ...chartConfig(), view: { stroke: null, continuousHeight: HALF_PANEL_HEIGHT } },
  } as unknown as TopLevelSpec;
}
