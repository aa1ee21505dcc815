// Chart 4: when and why sending stalled — for a run, one row per day and the time of day
// across, so each bar's length is the stall; for a projection, hours per cause across runs.
import type { TopLevelSpec } from "vega-lite";
import type { ParalysisCause, RunEvent, RunResult } from "../../sim/result.js";
import type { ProjectionResult } from "../../studies/projections/contract.js";
import { PARALYSIS_CAUSES } from "../../sim/result.js";
import { formatCount, isRun, subtitleFor, wallClock } from "./common.js";
import { localDateTime, localDayText, runDayNumber } from "../figures.js";
import { HOUR } from "../../models/duration.js";
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
  /** For a template cause: the campaign's template (absent in results written before it was recorded). */
  template?: string;
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
  const open = new Map<string, { campaign: string; cause: string; start: string; template?: string }>();
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
      const template = (e as { template?: unknown }).template;
      if (!open.has(key)) open.set(key, { campaign, cause, start: e.at, ...(typeof template === "string" ? { template } : {}) });
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

/** Hours since local midnight of a wall-clock ISO string (see `wallClock`). */
function hourOfDay(wall: string): number {
  return Number(wall.slice(11, 13)) + Number(wall.slice(14, 16)) / 60 + Number(wall.slice(17, 23)) / 3600;
}

/** One local day's share of an episode: from `from` to `to` hours of that day. */
interface DayPiece {
  day: number;
  ymd: string;
  from: number;
  to: number;
}

/**
 * Splits [start, end) at the local midnights of `tz`, so each piece lies inside one calendar
 * day; a piece that runs to midnight ends at hour 24 (23 or 25 wall-clock hours on the days the
 * clocks change are still drawn up to 24).
 */
export function splitByLocalDay(start: string, end: string, runStart: string, tz: string): DayPiece[] {
  const pieces: DayPiece[] = [];
  const stop = Date.parse(end);
  let cur = Date.parse(start);
  for (let guard = 0; cur < stop && guard < 100_000; guard++) {
    const wall = wallClock(new Date(cur).toISOString(), tz);
    const ymd = wall.slice(0, 10);
    const hod = hourOfDay(wall);
    let next = cur + (24 - hod) * HOUR;
    const w2 = wallClock(new Date(next).toISOString(), tz);
    if (w2.slice(0, 10) === ymd) next += (24 - hourOfDay(w2)) * HOUR;
    else if (hourOfDay(w2) !== 0) next -= hourOfDay(w2) * HOUR;
    const pieceEnd = Math.min(stop, next);
    const to = pieceEnd === next ? 24 : hourOfDay(wallClock(new Date(pieceEnd).toISOString(), tz));
    pieces.push({ day: runDayNumber(new Date(cur).toISOString(), runStart, tz), ymd, from: hod, to: Math.max(to, hod) });
    cur = next;
  }
  return pieces;
}

function runParalysisChart(result: RunResult): TopLevelSpec | null {
  const all = paralysisEpisodes(result);
  if (all.length === 0) return null;
  const tz = result.scenario.timezone;
  // The campaigns that stalled longest, up to a readable number: hundreds of sub-rows are unreadable and slow to draw.
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
  // Every day of the run is a row, stalled or not, so the rows read as a calendar.
  const dayRows = result.daily.map((d, i) => localDayText(i + 1, d.date));
  const rows = episodes.flatMap((e) => {
    const end = e.open ? result.end : e.end;
    const hoursLabel = `${formatCount(e.hours)} h in the send window${e.open ? " (still stalled at the end of the run)" : ""}`;
    const span = `${localDateTime(e.start, tz)} to ${e.open ? "the end of the run" : localDateTime(e.end, tz)}`;
    return splitByLocalDay(e.start, end, result.start, tz)
      .filter((p) => p.to > p.from)
      .map((p) => ({ day: localDayText(p.day, p.ymd), campaign: e.campaign, cause: e.cause, from: p.from, to: p.to, span, hoursLabel }));
  });
  for (const r of rows) if (!dayRows.includes(r.day)) dayRows.push(r.day);
  const multi = campaigns.length > 1;
  // With one sub-row per campaign the step is a sub-row's: a day keeps about the same height.
  const dayStep = dayRows.length > 45 ? 9 : 14;
  const step = multi ? Math.max(4, Math.ceil(dayStep / campaigns.length)) : dayStep;
  const openNote = episodes.some((e) => e.open) ? ["A stall still holding when the run ended fills every row to the end."] : [];
  const hourAxis = { values: [0, 3, 6, 9, 12, 15, 18, 21, 24], labelExpr: "(datum.value < 10 ? '0' : '') + datum.value + ':00'", grid: true };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: "Paralysis by day and time of day",
      subtitle: [subtitleFor(result), "Each row is a day of the run; a bar spans the hours a campaign was stalled.", ...(multi ? [`Within a day, one sub-row per campaign, top to bottom: ${campaigns.join(", ")}.`] : []), ...openNote, ...hiddenNote],
    },
    width: PAGE_WIDTH - 100,
    height: { step },
    data: { values: rows },
    mark: { type: "bar", height: { band: multi ? 0.9 : 0.72 } },
    encoding: {
      x: { field: "from", type: "quantitative", title: `Time of day (${tz})`, scale: { domain: [0, 24], nice: false }, axis: hourAxis },
      x2: { field: "to" },
      y: { field: "day", type: "ordinal", title: "Day of the run", sort: dayRows, scale: { domain: dayRows }, axis: { labelLimit: 160 } },
      ...(multi ? { yOffset: { field: "campaign", type: "nominal", sort: campaigns }, stroke: { value: "white" } } : {}),
      color: { field: "cause", type: "nominal", title: "Cause", scale: { domain: used.map((u) => u.c), range: used.map((u) => u.color) } },
      tooltip: [
        { field: "campaign", type: "nominal", title: "Campaign" },
        { field: "cause", type: "nominal", title: "Cause" },
        { field: "span", type: "nominal", title: "Stalled" },
        { field: "hoursLabel", type: "nominal", title: "Hours" },
      ],
    },
    config: chartConfig(),
  } as unknown as TopLevelSpec;
}

function projectionParalysisChart(result: ProjectionResult): TopLevelSpec | null {
  const rows = PARALYSIS_CAUSES.filter((c) => (result.paralysis.byCause[c]?.probability ?? 0) > 0).map((cause) => {
    const p = result.paralysis.byCause[cause]!;
    return { cause, ...p.hours, probability: p.probability, label: `${Math.round(p.probability * 100)}% of runs` };
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
 * Chart 4 — paralysis: for a run, one row per day of the run with the time of day across and
 * a bar per stall (split at local midnight) coloured by cause, one sub-row per campaign when
 * several stalled; for a projection, median hours per cause with the q05–q95
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
