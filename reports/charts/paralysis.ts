// Chart 4: when and why sending stalled — a Gantt-style timeline by campaign and cause.
import type { TopLevelSpec } from "vega-lite";
import type { ParalysisCause, RunEvent, RunResult } from "../../sim/result.js";
import type { ProjectionResult } from "../../studies/projections/contract.js";
import { PARALYSIS_CAUSES } from "../../sim/result.js";
import { formatCount, isRun, subtitleFor, timeX } from "./common.js";
import { CAUSE_COLORS, INK, PAGE_WIDTH, VEGA_LITE_SCHEMA, causeScale, chartConfig } from "./theme.js";
import { MAX_LANES } from "../sanitize.js";

/**
 * One paralysis episode: from its start to its end (wall clock), the `hours` it was stalled
 * inside the send window (the figure the summary adds up), and `open` when it still held at
 * the end of the run.
 */
export interface ParalysisEpisode {
  campaign: string;
  cause: ParalysisCause | string;
  start: string;
  end: string;
  hours: number;
  open: boolean;
}

/**
 * Pairs `paralysis-started` with the next `paralysis-ended` of the same campaign and cause;
 * the hours are the ended event's (stalled time inside the send window). An episode without
 * an end (results written before episodes were closed at the horizon) ends at `result.end`.
 *
 * @example
 * ```ts
 * const hoursByCampaign = paralysisEpisodes(result).reduce((m, e) => m.set(e.campaign, (m.get(e.campaign) ?? 0) + e.hours), new Map());
 * ```
 */
export function paralysisEpisodes(result: RunResult): ParalysisEpisode[] {
  const open = new Map<string, { campaign: string; cause: string; start: string }>();
  const episodes: ParalysisEpisode[] = [];
  const events = [...result.events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const field = (e: RunEvent, k: string): string => String((e as Record<string, unknown>)[k]);
  const hours = (a: string, b: string): number => (Date.parse(b) - Date.parse(a)) / 3_600_000;
  for (const e of events) {
    if (e.type !== "paralysis-started" && e.type !== "paralysis-ended") continue;
    const campaign = field(e, "campaign");
    const cause = field(e, "cause");
    const key = JSON.stringify([campaign, cause]);
    if (e.type === "paralysis-started") {
      if (!open.has(key)) open.set(key, { campaign, cause, start: e.at });
    } else {
      const started = open.get(key);
      if (!started) continue;
      open.delete(key);
      const ended = e as { hours?: number; ongoing?: boolean };
      episodes.push({ ...started, end: e.at, hours: typeof ended.hours === "number" ? ended.hours : hours(started.start, e.at), open: ended.ongoing === true });
    }
  }
  for (const started of open.values()) episodes.push({ ...started, end: result.end, hours: hours(started.start, result.end), open: true });
  return episodes.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

function runParalysisChart(result: RunResult): TopLevelSpec | null {
  const all = paralysisEpisodes(result);
  if (all.length === 0) return null;
  // One lane per campaign, for the campaigns that stalled longest: hundreds of lanes are unreadable and slow to draw.
  const hoursOf = new Map<string, number>();
  for (const e of all) hoursOf.set(e.campaign, (hoursOf.get(e.campaign) ?? 0) + e.hours);
  const names = [...hoursOf.keys()];
  const kept = names.length <= MAX_LANES ? new Set(names) : new Set([...names].sort((a, b) => hoursOf.get(b)! - hoursOf.get(a)! || (a < b ? -1 : a > b ? 1 : 0)).slice(0, MAX_LANES));
  const episodes = kept.size === names.length ? all : all.filter((e) => kept.has(e.campaign));
  const hiddenNote =
    kept.size < names.length ? [`The ${MAX_LANES} campaigns that stalled longest; ${(names.length - MAX_LANES).toLocaleString("en-US")} more campaign${names.length - MAX_LANES === 1 ? "" : "s"} not shown (the report's table covers all).`] : [];
  const campaigns = [...new Set(episodes.map((e) => e.campaign))].sort();
  const causes = [...new Set(episodes.map((e) => e.cause))];
  const scale = causeScale();
  // Causes the contract may add later still get a colour, after the known ones.
  for (const c of causes) if (!scale.domain.includes(c)) {
    scale.domain.push(c);
    scale.range.push(INK.muted);
  }
  const used = scale.domain.map((c, i) => ({ c, color: scale.range[i] })).filter(({ c }) => causes.includes(c));
  // Each campaign lane holds one thin row per cause that occurred.
  const height = campaigns.length * Math.max(28, causes.length * 11);
  const openNote = episodes.some((e) => e.open) ? ["Bars reaching the right edge still held when the run ended."] : [];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: "Paralysis timeline by campaign and cause", subtitle: [subtitleFor(result), ...openNote, ...hiddenNote] },
    width: PAGE_WIDTH,
    height,
    // A bar spans the stall; one still holding at the horizon runs to the right edge.
    data: { values: episodes.map((e) => ({ ...e, end: e.open ? result.end : e.end, hoursLabel: `${formatCount(e.hours)} h in the send window${e.open ? " (ongoing)" : ""}` })) },
    mark: { type: "bar", cornerRadius: 1, minBandSize: 2 },
    encoding: {
      x: { ...timeX("start"), scale: { type: "utc", domainMin: Date.parse(result.start), domainMax: Date.parse(result.end) } },
      x2: { field: "end" },
      y: { field: "campaign", type: "nominal", title: "Campaign", sort: campaigns, axis: { labelLimit: 140 } },
      yOffset: { field: "cause", type: "nominal", sort: used.map((u) => u.c) },
      color: { field: "cause", type: "nominal", title: "Cause", scale: { domain: used.map((u) => u.c), range: used.map((u) => u.color) } },
      tooltip: [
        { field: "campaign", type: "nominal", title: "Campaign" },
        { field: "cause", type: "nominal", title: "Cause" },
        { field: "hoursLabel", type: "nominal", title: "Hours" },
      ],
    },
    config: chartConfig(),
  } as unknown as TopLevelSpec;
}

function projectionParalysisChart(result: ProjectionResult): TopLevelSpec | null {
  const rows = PARALYSIS_CAUSES.filter((c) => (result.paralysis.byCause[c]?.probability ?? 0) > 0).map((cause) => {
    const p = result.paralysis.byCause[cause]!;
    return { cause, ...p.hours, probability: p.probability, label: `${Math.round(p.probability * 100)} % of runs` };
  });
  if (rows.length === 0) return null;
  const y = { field: "cause", type: "nominal", title: "Cause", sort: rows.map((r) => r.cause) };
  const xTitle = "Paralysis (hours per run)";
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: "Paralysis by cause across runs",
      subtitle: [subtitleFor(result), "Bar: median hours; thin line: q05–q95; label: share of runs with that cause."],
    },
    width: PAGE_WIDTH - 150,
    height: { step: 28 },
    data: { values: rows },
    layer: [
      {
        mark: { type: "bar", height: { band: 0.6 } },
        encoding: {
          y,
          x: { field: "q50", type: "quantitative", title: xTitle },
          color: { field: "cause", type: "nominal", scale: { domain: rows.map((r) => r.cause), range: rows.map((r) => CAUSE_COLORS[r.cause]) }, legend: null },
        },
      },
      { mark: { type: "rule", color: INK.text }, encoding: { y, x: { field: "q05", type: "quantitative", title: xTitle }, x2: { field: "q95" } } },
      { mark: { type: "text", align: "left", dx: 6, fontSize: 10, color: INK.text }, encoding: { y, x: { field: "q95", type: "quantitative", title: xTitle }, text: { field: "label" } } },
    ],
    config: chartConfig(),
  } as unknown as TopLevelSpec;
}

/**
 * Chart 4 — paralysis: for a run, a timeline with one lane per campaign and a bar per
 * episode coloured by cause; for a projection, median hours per cause with the q05–q95
 * range and the share of runs affected. `null` when nothing stalled.
 *
 * @example
 * ```ts
 * const spec = paralysisChart(result); // null if the run never stalled
 * ```
 */
export function paralysisChart(result: RunResult | ProjectionResult): TopLevelSpec | null {
  return isRun(result) ? runParalysisChart(result) : projectionParalysisChart(result);
}
