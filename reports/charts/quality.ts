// Chart 6: the quality rating and each template's status over time, as coloured lanes,
// so a planner sees a quality dip line up with the pause it caused.
import type { TopLevelSpec } from "vega-lite";
import type { RunEvent, RunResult } from "../../sim/result.js";
import type { ProjectionResult } from "../../studies/projections/contract.js";
import { isRun, subtitleFor, timeFrame, timeX, wallClock } from "./common.js";
import { INK, PAGE_WIDTH, QUALITY_COLORS, TEMPLATE_STATUS_COLORS, VEGA_LITE_SCHEMA, chartConfig } from "./theme.js";
import { MAX_LANES } from "../sanitize.js";

interface Interval {
  lane: string;
  state: string;
  start: string;
  end: string;
}

/** Turns ordered (at, from, to) changes of one lane into intervals covering start…end. */
function intervals(lane: string, initial: string, changes: Array<{ at: string; to: string }>, start: string, end: string): Interval[] {
  const out: Interval[] = [];
  let state = initial;
  let since = start;
  for (const c of changes) {
    if (Date.parse(c.at) > Date.parse(since)) out.push({ lane, state, start: since, end: c.at });
    state = c.to;
    since = c.at;
  }
  if (Date.parse(end) > Date.parse(since)) out.push({ lane, state, start: since, end });
  return out;
}

function str(e: RunEvent, k: string): string {
  const v = (e as Record<string, unknown>)[k];
  return v === undefined || v === null ? "" : String(v);
}

/**
 * Chart 6 — quality rating and template status lanes over the run. Quality lanes start at
 * the first change's `from` (or the first day's rating when it never changed); a template
 * appears once it has a status change. Projections carry no timelines: `null`.
 *
 * @example
 * ```ts
 * const spec = qualityChart(result);
 * ```
 */
export function qualityChart(result: RunResult | ProjectionResult): TopLevelSpec | null {
  if (!isRun(result)) return null;
  const events = [...result.events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  const qualityLanes = new Map<string, Array<{ at: string; from: string; to: string }>>();
  for (const e of events.filter((x) => x.type === "quality-changed")) {
    const scope = str(e, "scope") || "number";
    const phone = str(e, "phone");
    const lane = `Quality: ${scope}${phone ? ` ${phone}` : ""}`;
    if (!qualityLanes.has(lane)) qualityLanes.set(lane, []);
    qualityLanes.get(lane)!.push({ at: e.at, from: str(e, "from"), to: str(e, "to") });
  }
  const quality: Interval[] = [];
  if (qualityLanes.size === 0 && result.daily.length > 0) {
    quality.push(...intervals("Quality rating", result.daily[0].quality, [], result.start, result.end));
  }
  for (const [lane, changes] of qualityLanes) quality.push(...intervals(lane, changes[0].from, changes, result.start, result.end));

  const templateLanes = new Map<string, Array<{ at: string; from: string; to: string; reason: string }>>();
  for (const e of events.filter((x) => x.type === "template-status-changed")) {
    const lane = `Template: ${str(e, "template")}`;
    if (!templateLanes.has(lane)) templateLanes.set(lane, []);
    templateLanes.get(lane)!.push({ at: e.at, from: str(e, "from"), to: str(e, "to"), reason: str(e, "reason") });
  }
  const templates: Interval[] = [];
  // The first templates to change status, up to a readable number of lanes. A replacement
  // exists from its submission: its lane starts there, not as "DISABLED" from the run's start
  // (the `from` of its first change is only the empty slot it fills).
  const shownTemplates = [...templateLanes].slice(0, MAX_LANES);
  for (const [lane, changes] of shownTemplates) {
    const since = changes[0].reason === "REPLACEMENT_SUBMITTED" ? changes[0].at : result.start;
    templates.push(...intervals(lane, changes[0].from, changes, since, result.end));
  }
  const hidden = templateLanes.size - shownTemplates.length;
  if (quality.length === 0 && templates.length === 0) return null;

  const lanes = [...new Set([...quality, ...templates].map((i) => i.lane))];
  const qualityStates = Object.keys(QUALITY_COLORS) as Array<keyof typeof QUALITY_COLORS>;
  const statusStates = Object.keys(TEMPLATE_STATUS_COLORS) as Array<keyof typeof TEMPLATE_STATUS_COLORS>;
  const extra = [...new Set(templates.map((t) => t.state))].filter((s) => !(statusStates as string[]).includes(s));
  const frame = timeFrame(result);
  const x = timeX("start", frame);
  const local = (list: Interval[]): Interval[] => list.map((i) => ({ ...i, start: wallClock(i.start, frame.tz), end: wallClock(i.end, frame.tz) }));
  const y = { field: "lane", type: "nominal", title: "Rating or template", sort: lanes, axis: { labelLimit: 220 } };
  const layer = (values: Interval[], domain: string[], range: string[], title: string): Record<string, unknown> => ({
    data: { values },
    mark: { type: "bar", height: { band: 0.7 }, stroke: "white", strokeWidth: 0.5 },
    encoding: { x, x2: { field: "end" }, y, color: { field: "state", type: "nominal", title, scale: { domain, range } } },
  });
  const layers: Array<Record<string, unknown>> = [];
  if (quality.length > 0) layers.push(layer(local(quality), qualityStates, qualityStates.map((q) => QUALITY_COLORS[q]), "Quality rating"));
  if (templates.length > 0) {
    layers.push(layer(local(templates), [...statusStates, ...extra], [...statusStates.map((s) => TEMPLATE_STATUS_COLORS[s]), ...extra.map(() => INK.muted)], "Template status"));
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: "Quality rating and template status over time",
      subtitle: hidden > 0 ? [subtitleFor(result), `${hidden.toLocaleString("en-US")} more template${hidden === 1 ? "" : "s"} changed status; not shown.`] : subtitleFor(result),
    },
    width: PAGE_WIDTH - 80,
    height: { step: 30 },
    layer: layers,
    resolve: { scale: { color: "independent" }, legend: { color: "independent" } },
    config: chartConfig(),
  } as unknown as TopLevelSpec;
}
