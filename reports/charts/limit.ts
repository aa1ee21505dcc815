// Chart 1: the messaging limit over time, as steps, with the moment each rung was reached.
import { MAX_LANES } from "../sanitize.js";
import type { TopLevelSpec } from "vega-lite";
import type { RunEvent, RunResult } from "../../sim/result.js";
import type { ProjectionResult } from "../../studies/projections/contract.js";
import { addDays, fanLayers, formatCount, isRun, plottedLimit, sortTierKeys, subtitleFor, tierLabel, timeX, unlimitedSentinel } from "./common.js";
import { INK, PAGE_WIDTH, PANEL_HEIGHT, VEGA_LITE_SCHEMA, chartConfig } from "./theme.js";

type LimitChanged = Extract<RunEvent, { type: "limit-changed" }>;

function isLimitChanged(e: RunEvent): e is LimitChanged {
  return e.type === "limit-changed" && "to" in e;
}

/** Log-scale y encoding whose ticks are the rungs, the top one reading "unlimited". */
function limitY(rungs: number[], sentinel: number, hasUnlimited: boolean): Record<string, unknown> {
  const values = [...new Set(rungs)].filter((v) => v > 0 && v < sentinel).sort((a, b) => a - b);
  if (hasUnlimited) values.push(sentinel);
  const lo = Math.max(1, Math.min(...values) / 1.6);
  const hi = (hasUnlimited ? sentinel : Math.max(...values)) * 1.6;
  return {
    type: "quantitative",
    title: "Limit (users / moving 24 h, log scale)",
    scale: { type: "log", domain: [lo, hi], nice: false },
    axis: { values, labelExpr: `datum.value >= ${sentinel} ? 'unlimited' : format(datum.value, ',')` },
  };
}

/** Labels in the last quarter of the time axis sit left of their marker so they stay inside the plot. */
function labelLayer(x: Record<string, unknown>, y: Record<string, unknown>, split: number): Array<Record<string, unknown>> {
  const text = { field: "label" };
  return [
    { transform: [{ filter: `datum.t < ${split}` }], mark: { type: "text", align: "left", dx: 6, dy: -8, fontSize: 10, color: INK.text }, encoding: { x, y, text } },
    { transform: [{ filter: `datum.t >= ${split}` }], mark: { type: "text", align: "right", dx: -6, dy: -8, fontSize: 10, color: INK.text }, encoding: { x, y, text } },
  ];
}

function runLimitChart(result: RunResult): TopLevelSpec {
  const changes = result.events.filter(isLimitChanged).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const finite = [result.summary.limit.initial, ...changes.map((e) => e.to), ...changes.map((e) => e.from)].filter((v): v is number => v !== null);
  const sentinel = unlimitedSentinel(finite);
  const hasUnlimited = result.summary.limit.initial === null || changes.some((e) => e.to === null);

  // Per-number limits (before the 2025 portfolio scope) draw one line per phone.
  const series = (e: LimitChanged): string => e.phone ?? "all numbers";
  // One line per number, for a readable number of them (the first to change).
  const everyName = [...new Set(changes.map(series))];
  const names = everyName.slice(0, MAX_LANES);
  if (names.length === 0) names.push("all numbers");
  const hidden = everyName.length - names.length;
  const steps: Array<{ at: string; limit: number; series: string }> = [];
  for (const name of names) {
    let current = plottedLimit(result.summary.limit.initial, sentinel);
    steps.push({ at: result.start, limit: current, series: name });
    for (const e of changes.filter((c) => series(c) === name)) {
      current = plottedLimit(e.to, sentinel);
      steps.push({ at: e.at, limit: current, series: name });
    }
    steps.push({ at: result.end, limit: current, series: name });
  }

  const reached = sortTierKeys(Object.keys(result.summary.reachedAt))
    .map((tier) => ({ tier, at: result.summary.reachedAt[tier] }))
    .filter((r): r is { tier: string; at: string } => r.at !== null)
    .map((r) => ({
      at: r.at,
      t: Date.parse(r.at),
      limit: plottedLimit(r.tier === "unlimited" ? null : Number(r.tier), sentinel),
      label: `${tierLabel(r.tier)} on day ${formatCount((Date.parse(r.at) - Date.parse(result.start)) / 86_400_000)}`,
    }));

  const x = timeX("at");
  const y = { field: "limit", ...limitY(steps.map((s) => s.limit), sentinel, hasUnlimited) };
  const split = Date.parse(result.start) + 0.72 * (Date.parse(result.end) - Date.parse(result.start));
  const multi = names.length > 1;
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: "Messaging limit over time", subtitle: hidden > 0 ? [subtitleFor(result), `${hidden.toLocaleString("en-US")} more phone number${hidden === 1 ? "" : "s"} not shown.`] : subtitleFor(result) },
    width: PAGE_WIDTH,
    height: PANEL_HEIGHT,
    layer: [
      {
        data: { values: steps },
        mark: { type: "line", interpolate: "step-after", ...(multi ? {} : { color: INK.primary }) },
        encoding: { x, y, ...(multi ? { color: { field: "series", type: "nominal", title: "Phone number" } } : {}) },
      },
      {
        data: { values: reached },
        layer: [
          { mark: { type: "point", filled: true, size: 60, color: INK.warn }, encoding: { x, y } },
          ...labelLayer(x, y, split),
        ],
      },
    ],
    config: chartConfig(),
  };
  return spec as unknown as TopLevelSpec;
}

function projectionLimitChart(result: ProjectionResult): TopLevelSpec | null {
  if (result.daily.length === 0) return null;
  const tiers = sortTierKeys(Object.keys(result.reachedAt));
  const finite = [
    ...tiers.filter((t) => t !== "unlimited").map(Number),
    ...result.daily.flatMap((d) => Object.values(d.limit).filter((v): v is number => typeof v === "number" && Number.isFinite(v))),
  ];
  const sentinel = unlimitedSentinel(finite);
  const rows = result.daily.map((d) => ({
    date: d.date,
    q05: plottedLimit(d.limit.q05, sentinel),
    q25: plottedLimit(d.limit.q25, sentinel),
    q50: plottedLimit(d.limit.q50, sentinel),
    q75: plottedLimit(d.limit.q75, sentinel),
    q95: plottedLimit(d.limit.q95, sentinel),
  }));
  // The "unlimited" tick appears only when some run got there, not merely because the ladder has it.
  const hasUnlimited = rows.some((r) => r.q95 === sentinel) || (result.reachedAt.unlimited?.share ?? 0) > 0;
  const marks = tiers
    .map((tier) => ({ tier, r: result.reachedAt[tier] }))
    .filter(({ r }) => r.days !== null && r.share > 0)
    .map(({ tier, r }) => ({
      at: addDays(result.start, r.days!.q50),
      t: Date.parse(addDays(result.start, r.days!.q50)),
      limit: plottedLimit(tier === "unlimited" ? null : Number(tier), sentinel),
      label: `${tierLabel(tier)}: median day ${formatCount(r.days!.q50)} (${Math.round(r.share * 100)} % of runs)`,
    }));
  const initial = result.perRun.map((r) => r.summary.limit.initial).filter((v): v is number => v !== null);
  const yEnc = limitY([...initial, ...marks.map((m) => m.limit)], sentinel, hasUnlimited);
  const split = Date.parse(result.start) + 0.72 * (Date.parse(result.end) - Date.parse(result.start));
  const x = timeX("date");
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: "Messaging limit over time", subtitle: subtitleFor(result) },
    width: PAGE_WIDTH,
    height: PANEL_HEIGHT,
    layer: [
      {
        data: { values: rows },
        layer: fanLayers(x, yEnc.title as string, { interpolate: "step-after", yScale: yEnc.scale as Record<string, unknown>, yAxis: yEnc.axis as Record<string, unknown> }),
      },
      {
        data: { values: marks },
        layer: [
          { mark: { type: "point", filled: true, size: 60, color: INK.warn }, encoding: { x: timeX("at"), y: { field: "limit", ...yEnc } } },
          ...labelLayer(timeX("at"), { field: "limit", ...yEnc }, split),
        ],
      },
    ],
    config: chartConfig(),
  };
  return spec as unknown as TopLevelSpec;
}

/**
 * Chart 1 — the messaging limit over time as a step line on a log scale (unlimited drawn as
 * the top tick), with a marker and label at the moment each rung was reached. For a
 * projection: bands of the limit across runs and the median day each rung was reached.
 *
 * @example
 * ```ts
 * const spec = limitChart(result); // TopLevelSpec, or null for a projection without daily rows
 * ```
 */
export function limitChart(result: RunResult | ProjectionResult): TopLevelSpec | null {
  return isRun(result) ? runLimitChart(result) : projectionLimitChart(result);
}
