// reports/: charts, rendering and documents for a result. Everything here returns data;
// the CLI writes the files (atomically) — this layer never touches the file system.
import type { RunResult } from "../sim/result.js";
import type { ProjectionResult } from "../studies/projections/contract.js";
import { chartsFor, representativeChartsFor } from "./charts/index.js";
import { buildReport } from "./document.js";
import type { RenderedChart } from "./document.js";
import { renderPng, renderSvg } from "./render.js";
import type { SweepResult } from "./sweep-types.js";
import type { TopLevelSpec } from "vega-lite";
import type { ThrottleCheckResult } from "../studies/throttles/index.js";
import { buildThrottleReport, throttleErrorsChart } from "./throttle.js";

export { chartsFor, representativeChartsFor } from "./charts/index.js";
export type { ChartEntry, AnyResult } from "./charts/index.js";
export { buildReport } from "./document.js";
export type { RenderedChart } from "./document.js";
export { compileSpec, renderPng, renderSvg } from "./render.js";
export { escapeHtml, escapeMarkdown } from "./escape.js";
export { parseResult, RESULT_SCHEMAS } from "./load.js";
export type { ParsedResult } from "./load.js";
export type { SweepResult, SweepVariant, SweepSensitivity } from "./sweep-types.js";

/** A file of a report: path relative to the output folder, and its contents. */
export { buildThrottleReport, throttleErrorsChart } from "./throttle.js";

export type ReportFile = [relativePath: string, data: string | Uint8Array];

/**
 * Renders every chart of a result (SVG, PNG, Vega-Lite JSON under `charts/`) and the two
 * documents (`report.md`, `report.html`). For a projection, `opts.representative` (its
 * representative run, replayed from its seed) adds that run's timeline charts and story.
 * Deterministic: the same result gives the same bytes.
 *
 * @example
 * ```ts
 * const { files } = await renderReport(result);
 * for (const [path, data] of files) writeFileAtomic(join(outDir, path), data);
 * ```
 */
export async function renderReport(result: RunResult | ProjectionResult | SweepResult, opts: { representative?: RunResult } = {}): Promise<{ files: ReportFile[] }> {
  const rep = result.schema === "tiersim/projection@1" && opts.representative && result.representative ? opts.representative : undefined;
  const entries = chartsFor(result);
  if (rep && result.schema === "tiersim/projection@1" && result.representative) entries.push(...representativeChartsFor(rep, { index: result.representative.index, runs: result.runs }));
  const { files, rendered } = await renderCharts(entries);
  const { markdown, html } = buildReport(result, { charts: rendered, representative: rep });
  files.unshift(["report.md", markdown], ["report.html", html]);
  return { files };
}

/**
 * The report of a throttle check (`tiersim check-throttle --out DIR`): report.md, report.html
 * and the errors-by-code chart; `label` names the throttle checked.
 *
 * @example
 * ```ts
 * const { files } = await renderThrottleReport(checkThrottle(config, factory), "my-throttle.ts");
 * ```
 */
export async function renderThrottleReport(check: ThrottleCheckResult, label: string): Promise<{ files: ReportFile[] }> {
  const spec = throttleErrorsChart(check);
  const { files, rendered } = await renderCharts(spec ? [{ id: "throttle-errors", title: "Errors by code per day", spec }] : []);
  const { markdown, html } = buildThrottleReport(check, label, rendered);
  files.unshift(["report.md", markdown], ["report.html", html]);
  return { files };
}

async function renderCharts(charts: ReadonlyArray<{ id: string; title: string; spec: TopLevelSpec }>): Promise<{ files: ReportFile[]; rendered: RenderedChart[] }> {
  const files: ReportFile[] = [];
  const rendered: RenderedChart[] = [];
  for (const chart of charts) {
    const svg = await renderSvg(chart.spec);
    files.push([`charts/${chart.id}.svg`, svg], [`charts/${chart.id}.png`, renderPng(svg)], [`charts/${chart.id}.vl.json`, JSON.stringify(chart.spec, null, 2) + "\n"]);
    rendered.push({ id: chart.id, title: chart.title, svg });
  }
  return { files, rendered };
}
