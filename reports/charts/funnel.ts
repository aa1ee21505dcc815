// Chart 5: the outcome funnel (attempted → accepted → delivered → read → replied), the users
// who turned away (blocked, reported, opted out of marketing) and what the failures were, by
// Cloud API error code.
import type { TopLevelSpec } from "vega-lite";
import { errorInfo } from "../../models/errors.js";
import type { RunResult, RunSummary } from "../../sim/result.js";
import type { ProjectionResult } from "../../studies/projections/contract.js";
import { quantilesR7 } from "../../studies/stats/quantile.js";
import { formatCount, isRun, subtitleFor, summaries } from "./common.js";
import { shareOf } from "../figures.js";
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

/** The message funnel: one unit (messages), each stage a share of the stage it is measured against. */
const STAGES: Array<{ stage: string; of: (s: RunSummary) => number; whole?: string }> = [
  { stage: "attempted", of: (s) => s.messages.attempted },
  { stage: "accepted", of: (s) => s.messages.accepted, whole: "attempted" },
  { stage: "delivered", of: (s) => s.messages.delivered, whole: "attempted" },
  { stage: "read", of: (s) => s.messages.read, whole: "delivered" },
];

/** What users did: one unit (users), shares of the users reached. */
const USERS: Array<{ label: string; of: (s: RunSummary) => number }> = [
  { label: "reached", of: (s) => s.users.reached },
  { label: "replied", of: (s) => s.users.replied },
  { label: "blocked the business", of: (s) => s.users.blocked },
  { label: "reported it as spam", of: (s) => s.users.reported },
  { label: "opted out of marketing", of: (s) => s.users.optedOut },
];

function panel(title: string, rows: Array<Record<string, unknown>>, yTitle: string, xTitle: string, sort: string[], color: string, ranged: boolean): Record<string, unknown> {
  // The panel title names the unit; an axis title beside long labels would only collide with them.
  const y = { field: "label", type: "nominal", title: null, sort, axis: { labelLimit: 320 } };
  const x = { field: "value", type: "quantitative", title: xTitle, axis: { format: "~s" } };
  const layers: Array<Record<string, unknown>> = [
    { mark: { type: "bar", color, height: { band: 0.7 } }, encoding: { y, x, tooltip: [{ field: "label", title: yTitle }, { field: "text", title: "Value" }] } },
    { mark: { type: "text", align: "left", dx: 4, fontSize: 10, color: INK.text }, encoding: { y, x: { ...x, field: ranged ? "hi" : "value" }, text: { field: "text" } } },
  ];
  if (ranged) layers.splice(1, 0, { mark: { type: "rule", color: INK.text }, encoding: { y, x: { ...x, field: "lo" }, x2: { field: "hi" } } });
  return { title: { text: title, fontSize: 12, anchor: "start" }, width: PAGE_WIDTH - 330, height: { step: 24 }, data: { values: rows }, layer: layers };
}

/**
 * Chart 5 — the outcome funnel in three panels, one unit each: messages (attempted → accepted
 * → delivered → read, each a share of the stage it is measured against), users (reached,
 * replied, blocked, reported, opted out, as shares of users reached) and failed messages by
 * error code. A run shows its totals; a projection the median across runs with a q05–q95 line.
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
  const medians = new Map<string, number>();
  const stages = STAGES.map(({ stage, of, whole }) => {
    const v = stat(runs.map(of));
    medians.set(stage, v.value);
    const base = whole === undefined ? 0 : (medians.get(whole) ?? 0);
    return { label: stage, ...v, text: whole && base > 0 ? `${formatCount(v.value)} (${shareOf(v.value, base, whole)})` : formatCount(v.value) };
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
  const users = USERS.map(({ label, of }, i) => {
    const v = stat(runs.map(of));
    return { label, ...v, text: i > 0 && reached > 0 ? `${formatCount(v.value)} (${shareOf(v.value, reached, "reached")})` : formatCount(v.value) };
  });
  const what = ranged ? "median across runs; line: q05–q95" : "totals over the run";
  const panels = [panel("Messages", stages, "Stage", `Messages (${what})`, stages.map((s) => s.label), INK.primary, ranged)];
  panels.push(panel("Users", users, "Users who…", `Users (${what})`, users.map((r) => r.label), INK.secondary, ranged));
  if (failures.length > 0) panels.push(panel("Failed messages by error code", failures, "Error code", `Failed messages (${what})`, failures.map((f) => f.label), INK.warn, ranged));
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: "Outcome funnel and failures by code", subtitle: [subtitleFor(result), "One unit per panel: messages, users, failed messages."] },
    vconcat: panels,
    config: { ...chartConfig(), view: { stroke: null, continuousHeight: HALF_PANEL_HEIGHT } },
  } as unknown as TopLevelSpec;
}
