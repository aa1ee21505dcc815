// Chart 8: what the messaging costs, per day and cumulatively, by pricing category.
import type { TopLevelSpec } from "vega-lite";
import type { RunResult } from "../../sim/result.js";
import type { ProjectionResult } from "../../studies/projections/contract.js";
import { quantilesR7 } from "../../studies/stats/quantile.js";
import { currencyOf, fanLayers, formatCount, isRun, subtitleFor, timeX } from "./common.js";
import { CATEGORY_PALETTE, HALF_PANEL_HEIGHT, INK, PAGE_WIDTH, VEGA_LITE_SCHEMA, chartConfig } from "./theme.js";

/** Current categories first so MARKETING / UTILITY / AUTHENTICATION keep their colours in every chart. */
const CATEGORY_ORDER = ["MARKETING", "UTILITY", "AUTHENTICATION", "SERVICE"];

function orderCategories(categories: Iterable<string>): string[] {
  const set = new Set(categories);
  return [...CATEGORY_ORDER.filter((c) => set.has(c)), ...[...set].filter((c) => !CATEGORY_ORDER.includes(c)).sort()];
}

function categoryColor(categories: string[]): Record<string, unknown> {
  const fixed = (c: string, i: number): string => CATEGORY_PALETTE[CATEGORY_ORDER.indexOf(c) >= 0 ? CATEGORY_ORDER.indexOf(c) : (CATEGORY_ORDER.length + i) % CATEGORY_PALETTE.length];
  return { field: "category", type: "nominal", title: "Pricing category", sort: categories, scale: { domain: categories, range: categories.map(fixed) } };
}

function runCostChart(result: RunResult): TopLevelSpec | null {
  const categories = orderCategories([...Object.keys(result.summary.cost.byCategory), ...result.daily.flatMap((d) => Object.keys(d.costByCategory ?? {}))]);
  if (categories.length === 0 && result.daily.every((d) => d.cost === 0)) return null;
  if (categories.length === 0) categories.push("all categories");
  const currency = result.summary.cost.currency;
  const running = new Map<string, number>();
  const rows = result.daily.flatMap((d) =>
    categories.map((category, order) => {
      const perDay = category === "all categories" ? d.cost : (d.costByCategory?.[category] ?? 0);
      const cumulative = (running.get(category) ?? 0) + perDay;
      running.set(category, cumulative);
      return { date: d.date, category, order, perDay, cumulative };
    }),
  );
  const color = categoryColor(categories);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: "Cost per day and cumulative, by category", subtitle: [subtitleFor(result), `Total ${formatCount(result.summary.cost.total)} ${currency}.`] },
    data: { values: rows },
    vconcat: [
      {
        width: PAGE_WIDTH,
        height: HALF_PANEL_HEIGHT,
        mark: { type: "bar", opacity: 0.9 },
        encoding: {
          x: { ...timeX("date"), timeUnit: "utcyearmonthdate" },
          y: { field: "perDay", type: "quantitative", title: `Cost per day (${currency})`, stack: "zero" },
          color,
          order: { field: "order" },
        },
      },
      {
        width: PAGE_WIDTH,
        height: HALF_PANEL_HEIGHT,
        mark: { type: "area", interpolate: "monotone", opacity: 0.85 },
        encoding: {
          x: timeX("date"),
          y: { field: "cumulative", type: "quantitative", title: `Cumulative cost (${currency})`, stack: "zero" },
          color,
          order: { field: "order" },
        },
      },
    ],
    resolve: { scale: { color: "shared" }, legend: { color: "shared" } },
    config: chartConfig(),
  } as unknown as TopLevelSpec;
}

function projectionCostChart(result: ProjectionResult): TopLevelSpec | null {
  if (result.daily.length === 0) return null;
  const currency = currencyOf(result);
  const perDay = result.daily.map((d) => ({ date: d.date, ...d.cost }));
  const runs = result.perRun.map((r) => r.summary.cost);
  const categories = orderCategories(runs.flatMap((c) => Object.keys(c.byCategory)));
  const totals = categories.map((category) => {
    const q = quantilesR7(runs.map((c) => c.byCategory[category] ?? 0), { round: false });
    return { category, ...q, label: `${formatCount(q.q50)} ${currency}` };
  });
  const panels: Array<Record<string, unknown>> = [
    { width: PAGE_WIDTH, height: HALF_PANEL_HEIGHT, data: { values: perDay }, layer: fanLayers(timeX("date"), `Cost per day (${currency})`) },
  ];
  if (totals.length > 0) {
    const y = { field: "category", type: "nominal", title: "Pricing category", sort: categories };
    const x = (field: string): Record<string, unknown> => ({ field, type: "quantitative", title: `Total cost over the run (${currency}; median, q05–q95)` });
    panels.push({
      width: PAGE_WIDTH - 120,
      height: { step: 26 },
      data: { values: totals },
      layer: [
        { mark: { type: "bar", height: { band: 0.6 }, color: INK.primary }, encoding: { y, x: x("q50") } },
        { mark: { type: "rule", color: INK.text }, encoding: { y, x: x("q05"), x2: { field: "q95" } } },
        { mark: { type: "text", align: "left", dx: 6, fontSize: 10, color: INK.text }, encoding: { y, x: x("q95"), text: { field: "label" } } },
      ],
    });
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: "Cost per day and total by category", subtitle: subtitleFor(result) },
    vconcat: panels,
    config: chartConfig(),
  } as unknown as TopLevelSpec;
}

/**
 * Chart 8 — cost: for a run, stacked daily bars and the cumulative area by pricing category;
 * for a projection, the per-day cost fan and each category's total across runs.
 * `null` when nothing was charged and no category exists.
 *
 * @example
 * ```ts
 * const spec = costChart(result);
 * ```
 */
export function costChart(result: RunResult | ProjectionResult): TopLevelSpec | null {
  return isRun(result) ? runCostChart(result) : projectionCostChart(result);
}
