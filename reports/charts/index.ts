// Every chart of a result, in document order. A builder that does not apply to the result
// (e.g. tier probabilities for a single run) returns null and is left out.
import { sensitivityChart } from "./sensitivity.js";
import type { TopLevelSpec } from "vega-lite";
import type { RunResult } from "../../sim/result.js";
import type { ProjectionResult } from "../../studies/projections/contract.js";
import type { SweepResult } from "../sweep-types.js";
import { forDisplay } from "../sanitize.js";
import { costChart } from "./cost.js";
import { funnelChart } from "./funnel.js";
import { limitChart } from "./limit.js";
import { paralysisChart } from "./paralysis.js";
import { qualityChart } from "./quality.js";
import { reachChart } from "./reach.js";
import { sendsChart } from "./sends.js";
import { tierProbabilityChart } from "./tier-probability.js";
import { sweepMetrics, tornadoChart } from "./tornado.js";

export { limitChart, reachChart, sendsChart, paralysisChart, funnelChart, qualityChart, tierProbabilityChart, costChart, tornadoChart, sweepMetrics };
export { paralysisEpisodes } from "./paralysis.js";
export { tierProbabilityCurves } from "./tier-probability.js";
export { chartConfig, FONT_FAMILY, PAGE_WIDTH } from "./theme.js";

/** A chart of a result: a file-name-safe `id`, its title and its Vega-Lite spec. */
export interface ChartEntry {
  id: string;
  title: string;
  spec: TopLevelSpec;
}

/** Any result tiersim writes. */
export type AnyResult = RunResult | ProjectionResult | SweepResult;

const BUILDERS: Array<[id: string, build: (r: RunResult | ProjectionResult) => TopLevelSpec | null]> = [
  ["limit", limitChart],
  ["reach", reachChart],
  ["sends", sendsChart],
  ["paralysis", paralysisChart],
  ["funnel", funnelChart],
  ["quality", qualityChart],
  ["tier-probability", tierProbabilityChart],
  ["cost", costChart],
  ["sensitivity", sensitivityChart],
];

/** Lower-case, dash-separated id usable as a file name on every OS. */
function slug(s: string): string {
  return (
    s
      .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "metric"
  );
}

function titleOf(spec: TopLevelSpec): string {
  const t = (spec as { title?: unknown }).title;
  if (typeof t === "string") return t;
  if (t && typeof t === "object" && "text" in t) return String((t as { text: unknown }).text);
  return "";
}

/**
 * All charts that apply to a result, in document order: for runs and projections the
 * limit, reach, sends, paralysis, funnel, quality, tier-probability and cost charts (those
 * that apply); for a sweep one tornado chart per metric (`tornado-<metric>`).
 *
 * @example
 * ```ts
 * for (const { id, title, spec } of chartsFor(result)) console.log(id, title, spec);
 * ```
 */
export function chartsFor(input: AnyResult): ChartEntry[] {
  // Charts show what a user wrote escaped and cut (the result itself keeps every string whole).
  const result = forDisplay(input);
  if (result.schema === "tiersim/sweep@1") {
    const used = new Set<string>();
    return sweepMetrics(result).flatMap((metric) => {
      const spec = tornadoChart(result, metric);
      if (!spec) return [];
      let id = `tornado-${slug(metric)}`;
      for (let n = 2; used.has(id); n++) id = `tornado-${slug(metric)}-${n}`;
      used.add(id);
      return [{ id, title: titleOf(spec), spec }];
    });
  }
  return BUILDERS.flatMap(([id, build]) => {
    const spec = build(result);
    return spec ? [{ id, title: titleOf(spec), spec }] : [];
  });
}

/** The timeline charts drawn from a projection's representative run. */
const REPRESENTATIVE_CHARTS = ["limit", "sends", "paralysis", "quality"];

/**
 * The timeline charts of a projection's representative run (`representative-<id>`), each
 * labelled as such in its title and subtitle.
 *
 * @example
 * ```ts
 * representativeChartsFor(run, { index: 17, runs: 200 }); // [{ id: "representative-limit", … }, …]
 * ```
 */
export function representativeChartsFor(run: RunResult, of: { index: number; runs: number }): ChartEntry[] {
  return BUILDERS.filter(([id]) => REPRESENTATIVE_CHARTS.includes(id)).flatMap(([id, build]) => {
    const spec = build(run);
    if (!spec) return [];
    const raw = (spec as { title?: string | { text: string; subtitle?: string | string[] } }).title;
    const title = typeof raw === "string" ? { text: raw } : (raw ?? { text: id });
    const subtitle = Array.isArray(title.subtitle) ? title.subtitle : title.subtitle ? [title.subtitle] : [];
    const labelled = {
      ...spec,
      title: {
        ...title,
        text: `${title.text} — representative run`,
        subtitle: [`Representative run: run ${of.index + 1} of ${of.runs} (seed ${run.seed}), the one nearest the medians of the key outcomes.`, ...subtitle],
      },
    } as TopLevelSpec;
    return [{ id: `representative-${id}`, title: titleOf(labelled), spec: labelled }];
  });
}
