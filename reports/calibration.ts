// The calibration report: each fitted latency beside its data — a histogram on a log axis with
// the fitted log-normal over it, and a QQ plot of observed against fitted quantiles (points on
// the diagonal: the log-normal fits) — and the fitted rates as a table with their intervals.
import type { TopLevelSpec } from "vega-lite";
import { normalQuantile } from "../sim/engine/index.js";
import type { Calibration, LatencyFit } from "../studies/calibration/fit.js";
import { escapeMarkdown, escapeMarkdownCell } from "./escape.js";
import { renderSvg } from "./render.js";
import { INK, PAGE_WIDTH, PANEL_HEIGHT, VEGA_LITE_SCHEMA, chartConfig } from "./charts/theme.js";

const QQ_PROBS = Array.from({ length: 49 }, (_, i) => (i + 1) / 50);

/** The `p`-quantile of a histogram's bins ([lower, upper, count]), interpolated geometrically within its bin. */
function binQuantile(bins: Array<[number, number, number]>, p: number): number {
  const n = bins.reduce((s, b) => s + b[2], 0);
  let acc = 0;
  for (const [lo, hi, c] of bins) {
    if (acc + c >= p * n) {
      const f = c > 0 ? (p * n - acc) / c : 0;
      return lo <= 0 ? hi * f : lo * Math.pow(hi / lo, f);
    }
    acc += c;
  }
  return bins.length > 0 ? bins[bins.length - 1][1] : NaN;
}

/**
 * Histogram of a latency (seconds, log axis) with the fitted log-normal's expected count per bin.
 *
 * @example
 * ```ts
 * const spec = latencyHistogram("read", cal.fits.latency.read!);
 * ```
 */
export function latencyHistogram(name: string, fit: LatencyFit): TopLevelSpec {
  const mu = Math.log(fit.median);
  const sigma = fit.sigma;
  const cdf = (x: number): number => (x <= 0 ? 0 : 0.5 * (1 + erf((Math.log(x) - mu) / (sigma * Math.SQRT2))));
  const positive = fit.histogram.filter((b) => b[0] > 0);
  // Merge the 2 % bins into about 40 for reading.
  const group = Math.max(1, Math.ceil(positive.length / 40));
  const rows: Array<{ lo: number; hi: number; observed: number; fitted: number }> = [];
  for (let i = 0; i < positive.length; i += group) {
    const part = positive.slice(i, i + group);
    const lo = part[0][0];
    const hi = part[part.length - 1][1];
    rows.push({ lo, hi, observed: part.reduce((s, b) => s + b[2], 0), fitted: Math.round(fit.n * (cdf(hi) - cdf(lo)) * 10) / 10 });
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `${name} latency: data and fitted log-normal`, subtitle: `median ${Math.round(fit.median)} s, σ ${fit.sigma}, n = ${fit.n}` },
    width: PAGE_WIDTH,
    height: PANEL_HEIGHT,
    data: { values: rows },
    layer: [
      {
        mark: { type: "rect", color: INK.primary, opacity: 0.7 },
        encoding: {
          x: { field: "lo", type: "quantitative", scale: { type: "log" }, title: "seconds (log scale)" },
          x2: { field: "hi" },
          y: { field: "observed", type: "quantitative", title: "messages" },
        },
      },
      {
        mark: { type: "line", color: INK.warn, point: true },
        encoding: {
          x: { field: "lo", type: "quantitative", scale: { type: "log" } },
          y: { field: "fitted", type: "quantitative" },
        },
      },
    ],
    config: chartConfig(),
  } as TopLevelSpec;
}

/**
 * QQ plot: observed quantiles of a latency against the fitted log-normal's, on log axes, with
 * the diagonal.
 */
export function latencyQq(name: string, fit: LatencyFit): TopLevelSpec {
  const mu = Math.log(fit.median);
  const points = QQ_PROBS.map((p) => ({ p, fitted: Math.exp(mu + fit.sigma * normalQuantile(p)), observed: binQuantile(fit.histogram, p) })).filter((r) => r.observed > 0);
  const lo = Math.min(...points.map((r) => Math.min(r.fitted, r.observed)));
  const hi = Math.max(...points.map((r) => Math.max(r.fitted, r.observed)));
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `${name} latency: QQ plot against the fitted log-normal`, subtitle: "quantiles 2 % … 98 %; on the diagonal, the fit matches the data" },
    width: PAGE_WIDTH,
    height: PANEL_HEIGHT,
    layer: [
      {
        data: { values: [{ x: lo, y: lo }, { x: hi, y: hi }] },
        mark: { type: "line", color: INK.muted, strokeDash: [4, 4] },
        encoding: { x: { field: "x", type: "quantitative", scale: { type: "log" } }, y: { field: "y", type: "quantitative", scale: { type: "log" } } },
      },
      {
        data: { values: points },
        mark: { type: "point", color: INK.primary, filled: true },
        encoding: {
          x: { field: "fitted", type: "quantitative", scale: { type: "log" }, title: "fitted quantile (s)" },
          y: { field: "observed", type: "quantitative", scale: { type: "log" }, title: "observed quantile (s)" },
          tooltip: [{ field: "p", format: ".2f" }, { field: "fitted", format: ".0f" }, { field: "observed", format: ".0f" }],
        },
      },
    ],
    config: chartConfig(),
  } as TopLevelSpec;
}

/** Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7): enough to draw a fitted curve. */
function erf(x: number): number {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}

function pct(x: number): string {
  return (x * 100).toFixed(x < 0.01 ? 3 : 2) + " %";
}

/**
 * The calibration report: `report.md` and its charts (`charts/<name>.svg` and `.vl.json`).
 *
 * @example
 * ```ts
 * for (const [path, data] of await renderCalibrationReport(cal)) writeFileAtomic(join(dir, path), data);
 * ```
 */
export async function renderCalibrationReport(cal: Calibration): Promise<Array<[string, string]>> {
  const files: Array<[string, string]> = [];
  const f = cal.fits;
  const md: string[] = [
    "# Calibration report",
    "",
    `From ${cal.input.files.map(escapeMarkdown).join(", ")}: ${cal.input.lines} lines, ${cal.input.from ?? "?"} to ${cal.input.to ?? "?"} (${cal.input.days} days). Rule set for the bound: ${cal.rules}.`,
    "",
    "## Rates",
    "",
    "Beta posteriors (Jeffreys prior), over messages delivered before " + (cal.input.settledBefore ?? "?") + ".",
    "",
    "| value | mean | 95 % interval | n | Beta |",
    "| --- | ---: | --- | ---: | --- |",
  ];
  const row = (label: string, b: { mean: number; lo: number; hi: number; n: number; a: number; b: number }): string => `| ${label} | ${pct(b.mean)} | ${pct(b.lo)} – ${pct(b.hi)} | ${b.n} | (${b.a}, ${b.b}) |`;
  md.push(row("read (scenario: read share of unanswered messages)", f.read), row("read (observed)", f.readObserved), row("reply", f.reply), row("opt-out (marketing)", f.optOut));
  for (const [code, b] of Object.entries(f.failures)) md.push(row(`failed ${code} (${escapeMarkdownCell(b.title)})`, b));
  const nb = cal.bounds.negativeFeedback;
  md.push("", `Inbound messages per user per day: ${f.inboundPerDay.mean.toPrecision(3)} (95 % ${f.inboundPerDay.lo.toPrecision(3)} – ${f.inboundPerDay.hi.toPrecision(3)}; ${f.inboundPerDay.count} messages, users counted approximately).`);
  md.push("", `**Bound, not a fit** — ${escapeMarkdown(nb.quantity)}: [${nb.lo}, ${nb.hi}]. ${escapeMarkdown(nb.basis)}.`);
  if (cal.sends) {
    const sd = cal.sends;
    md.push("", `Sends files: ${sd.attempts} attempts, ${sd.inLog} messages in the log — ${sd.notInLog} never reported by a webhook (refused before sent): ${pct(sd.notInLogRate.mean)} (95 % ${pct(sd.notInLogRate.lo)} – ${pct(sd.notInLogRate.hi)}).${sd.note ? ` Note: ${escapeMarkdown(sd.note)}.` : ""}`);
  }
  md.push("", "## Latencies", "");
  for (const [name, fit] of [["read", f.latency.read], ["reply", f.latency.reply]] as const) {
    if (!fit) {
      md.push(`No ${name} latencies in the log.`, "");
      continue;
    }
    md.push(`**${name}**: log-normal median ${fit.median} s, σ ${fit.sigma}, p95 ${fit.p95} s (observed quantiles: q05 ${fit.observed.q05}, q50 ${fit.observed.q50}, q95 ${fit.observed.q95} s; n = ${fit.n}, ${fit.zeros} under a second).`, "");
    for (const [kind, spec] of [["histogram", latencyHistogram(name, fit)], ["qq", latencyQq(name, fit)]] as const) {
      const base = `charts/${name}-latency-${kind}`;
      files.push([`${base}.vl.json`, JSON.stringify(spec, null, 2) + "\n"]);
      files.push([`${base}.svg`, await renderSvg(spec)]);
      md.push(`![${name} latency ${kind}](${base}.svg)`, "");
    }
  }
  md.push("## Templates and limits", "");
  md.push(`Worst template quality: ${cal.templates.worstQuality}. Pauses: ${Object.entries(cal.templates.pauses).map(([t, n]) => `${escapeMarkdown(t)} ${n}`).join(", ") || "none"}.`, "");
  if (cal.limits.history.length > 0) {
    md.push("| at | event | limit |", "| --- | --- | --- |");
    for (const l of cal.limits.history) md.push(`| ${l.at} | ${escapeMarkdownCell(l.event)} | ${l.limit === undefined ? "" : (l.limit ?? "unlimited")} |`);
  } else md.push("No messaging-limit change in the log.");
  md.push("", "## Log problems", "", `Malformed ${cal.issues.malformed.count}, duplicates ${cal.issues.duplicates.count}, out of order ${cal.issues.outOfOrder.count}, replies to unknown messages ${cal.issues.unjoinedReplies}.`, "");
  for (const [label, t] of [["malformed", cal.issues.malformed], ["duplicate", cal.issues.duplicates], ["out of order", cal.issues.outOfOrder]] as const) {
    for (const i of t.first) md.push(`- ${label}: ${escapeMarkdown(i.file)}:${i.line} — ${escapeMarkdown(i.message)}`);
  }
  files.unshift(["report.md", md.join("\n") + "\n"]);
  return files;
}
