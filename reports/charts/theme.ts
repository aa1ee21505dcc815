// One look for every chart: a planner pastes several of them into the same document, so
// fonts, sizes and the meaning of each colour must not change from chart to chart.
import type { Config } from "vega-lite/types_unstable/config.js";
import type { ParalysisCause } from "../../sim/result.js";
import { PARALYSIS_CAUSES } from "../../sim/result.js";

/**
 * The font family every chart asks for. The PNG renderer ships exactly this family, so the
 * name here and the font files in `reports/fonts` must stay in step (see `render.ts`).
 */
export const FONT_FAMILY = "DejaVu Sans";

/** Width of one plot area in px: fits the text column of an A4 / Letter page at 96 dpi with axes and legend. */
export const PAGE_WIDTH = 540;
/** Height of a single-panel plot area in px. */
export const PANEL_HEIGHT = 240;
/** Height of each panel of a two-panel (stacked) chart in px. */
export const HALF_PANEL_HEIGHT = 150;

/** Vega-Lite schema URL written into every spec, so the saved `.vl.json` opens in the online editor. */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Ink colours with a fixed role. Okabe–Ito based: distinguishable with the common colour-vision deficiencies. */
export const INK = {
  primary: "#0072B2",
  secondary: "#E69F00",
  accent: "#009E73",
  warn: "#D55E00",
  muted: "#7f7f7f",
  text: "#222222",
  grid: "#e6e6e6",
} as const;

/** Fan chart bands, light to dark, and their legend labels. */
export const FAN = {
  outer: { label: "90% of runs (q05–q95)", color: "#c6dbef" },
  inner: { label: "50% of runs (q25–q75)", color: "#6baed6" },
  median: { label: "median (q50)", color: "#08519c" },
} as const;

/** A colour per paralysis cause, the same in every chart. */
export const CAUSE_COLORS: Record<ParalysisCause, string> = {
  "messaging-limit": "#0072B2",
  "template-pending": "#56B4E9",
  "template-rejected": "#882255",
  "template-paused": "#E69F00",
  "template-disabled": "#000000",
  "number-flagged": "#D55E00",
  enforcement: "#CC79A7",
  throughput: "#009E73",
  "per-user-cap": "#999933",
  "portfolio-review": "#44AA99",
};

/**
 * Scale domain and range for paralysis causes, in the canonical cause order.
 *
 * @example
 * ```ts
 * const color = { field: "cause", type: "nominal", scale: causeScale() };
 * ```
 */
export function causeScale(): { domain: string[]; range: string[] } {
  return { domain: [...PARALYSIS_CAUSES], range: PARALYSIS_CAUSES.map((c) => CAUSE_COLORS[c]) };
}

/** Quality rating colours: the traffic light Meta's own dashboards use. */
export const QUALITY_COLORS = { GREEN: "#2ca02c", YELLOW: "#f2c200", RED: "#d62728", UNKNOWN: "#b0b0b0" } as const;

/** Template status colours: approved reads as "fine", paused as a warning, rejected/disabled as stops. */
export const TEMPLATE_STATUS_COLORS = {
  PENDING: "#9ecae1",
  APPROVED: "#009E73",
  PAUSED: "#E69F00",
  REJECTED: "#882255",
  DISABLED: "#000000",
} as const;

/** Categorical palette for open-ended series (cost categories, tiers, message outcomes). */
export const CATEGORY_PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999933", "#882255", "#000000"];

/**
 * The Vega-Lite config shared by every chart. It is written into each spec (not passed at
 * compile time) so a saved `.vl.json` looks the same when opened elsewhere.
 *
 * @example
 * ```ts
 * const spec = { ...body, config: chartConfig() };
 * ```
 */
export function chartConfig(): Config {
  return {
    font: FONT_FAMILY,
    background: "white",
    padding: 8,
    view: { stroke: null },
    title: { anchor: "start", fontSize: 15, fontWeight: "bold", color: INK.text, subtitleFontSize: 11, subtitleColor: "#555555", offset: 10 },
    axis: {
      labelFontSize: 10,
      titleFontSize: 11,
      titleFontWeight: "normal",
      titleColor: INK.text,
      labelColor: "#444444",
      gridColor: INK.grid,
      domainColor: "#888888",
      tickColor: "#888888",
    },
    legend: { orient: "bottom", direction: "horizontal", titleFontSize: 11, labelFontSize: 10, labelLimit: 400, titleLimit: 400, columns: 2, columnPadding: 24, symbolSize: 90 },
    header: { labelFontSize: 11, titleFontSize: 11 },
    concat: { spacing: 24 },
    range: { category: CATEGORY_PALETTE },
    line: { strokeWidth: 2 },
  };
}
