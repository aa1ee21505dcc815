// The planning documents: report.md (for wikis and repos, charts linked as files) and
// report.html (one self-contained file: inline CSS, each chart as static SVG and as an
// interactive Vega view with tooltips, vega's runtime inlined; nothing from the network).
// Both are rendered from one list of blocks holding plain text, and escaping happens only
// in the two renderers — so no string from a scenario can reach a document unescaped.
import type { ParalysisCause, RunResult } from "../sim/result.js";
import type { ProjectionResult, Quantiles } from "../studies/projections/contract.js";
import { PARALYSIS_CAUSES } from "../sim/result.js";
import { daysBetween, formatCount, sortTierKeys, tierLabel } from "./charts/common.js";
import { failureLabel } from "./charts/funnel.js";
import { paralysisEpisodes } from "./charts/paralysis.js";
import { humanizeMetric, sweepMetrics } from "./charts/tornado.js";
import { escapeHtml, escapeMarkdown, escapeMarkdownCell } from "./escape.js";
import { scriptHash, scriptJson, vegaRuntime, VIEW_SCRIPT } from "./interactive.js";
import { DEFINITIONS, afterStart, dayText, hoursPerRunStruck, localDateTime, notReached, runsShare, shareOf } from "./figures.js";
import { projectionVerdict, runVerdict } from "./verdict.js";
import { hasPortfolioStory, hasTemplateStory, pacingText, portfolioPacingText, templateStory } from "./template-story.js";
import { displayText, forDisplay, NAME_MAX, nameList, visibleText } from "./sanitize.js";
import type { SweepResult } from "./sweep-types.js";

/**
 * A chart rendered for a document: its id (file stem under `charts/`), title and SVG markup,
 * and, for report.html to draw it interactively, its compiled Vega spec.
 */
export interface RenderedChart {
  id: string;
  title: string;
  svg: string;
  vega?: unknown;
}

/** One piece of a document, plain text only: the renderers do all the escaping. */
export type Block =
  | { kind: "heading"; level: 2 | 3; text: string }
  | { kind: "paragraph"; text: string }
  | { kind: "list"; items: string[] }
  | { kind: "table"; head: string[]; rows: string[][]; numeric?: boolean[] }
  | { kind: "figure"; chart: RenderedChart };

/** A document before rendering to Markdown and HTML. */
export interface Doc {
  title: string;
  subtitle: string;
  blocks: Block[];
}

/** Renders a document to report.md and report.html (see {@link buildReport}). */
export function renderDocument(doc: Doc): { markdown: string; html: string } {
  return { markdown: toMarkdown(doc), html: toHtml(doc) };
}

const num = (x: number): string => formatCount(x);
const range = (q: Quantiles): string => `${num(q.q05)} – ${num(q.q95)}`;
const limitText = (l: number | null): string => (l === null ? "unlimited" : num(l));
const money = (x: number, currency: string): string => `${currency} ${x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const hoursText = (h: number): string => `${h.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} h`;

function assumptions(result: RunResult | ProjectionResult | SweepResult): Block[] {
  const overrides = Object.entries(result.scenario.overrides ?? {});
  const rows: string[][] = [
    ["Scenario", result.scenario.name],
    ["Rule set", result.scenario.rules],
    ["Overrides", overrides.length === 0 ? "none" : overrides.map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join("; ")],
    ["Seed", String(result.seed)],
  ];
  if (result.schema !== "tiersim/run@1") rows.push([result.schema === "tiersim/sweep@1" ? "Runs per variant" : "Runs", num(result.runs)]);
  if (result.schema !== "tiersim/sweep@1") {
    rows.push(["Horizon", `${localDateTime(result.start, result.scenario.timezone)} to ${localDateTime(result.end, result.scenario.timezone)} (${num(daysBetween(result.start, result.end))} days)`]);
  }
  rows.push(["Time zone", result.scenario.timezone]);
  if (result.schema === "tiersim/projection@1") {
    rows.push(["Quantiles", `${result.method.quantiles}; levels ${result.method.levels.join(", ")}`]);
    rows.push(["Interval", result.method.interval]);
    rows.push(["Replication seeds", result.method.replicationSeed]);
  }
  rows.push(["tiersim version", result.tool.version]);
  return [
    { kind: "heading", level: 2, text: "Assumptions" },
    { kind: "table", head: ["", ""], rows },
    { kind: "paragraph", text: "Times are in the scenario's time zone; a daily row is a calendar day there. Unlimited is the top rung of the ladder. Re-running with the same scenario, rule set, overrides and seed reproduces these numbers." },
    { kind: "heading", level: 3, text: "How to read the figures" },
    { kind: "list", items: [DEFINITIONS.day, DEFINITIONS.shares, DEFINITIONS.paralysis, DEFINITIONS.reach, DEFINITIONS.censored] },
  ];
}

function runBlocks(result: RunResult): Block[] {
  const s = result.summary;
  const m = s.messages;
  const of = (x: number, whole = m.attempted, label = "attempted"): string => (whole > 0 ? `${num(x)} (${shareOf(x, whole, label)})` : num(x));
  const tz = result.scenario.timezone;
  const horizon = daysBetween(result.start, result.end);
  const blocks: Block[] = [
    { kind: "heading", level: 2, text: "Key numbers" },
    {
      kind: "table",
      head: ["Measure", "Value"],
      numeric: [false, true],
      rows: [
        ["Messaging limit (start → end)", `${limitText(s.limit.initial)} → ${limitText(s.limit.final)}`],
        ["Distinct users reached", num(s.users.reached)],
        ["Messages attempted", num(m.attempted)],
        ["Messages delivered", of(m.delivered)],
        ["Messages read", of(m.read, m.delivered, "delivered")],
        ["Messages failed", of(m.failed)],
        ["Refused before sending", of(m.rejected)],
        ["Users who replied", num(s.users.replied)],
        ["Users who blocked / reported / opted out", `${num(s.users.blocked)} / ${num(s.users.reported)} / ${num(s.users.optedOut)}`],
        ...(m.held > 0 ? [["Held for quality assessment (paced)", num(m.held)]] : []),
        ["Paralysis", s.paralysis.episodes === 0 ? "none" : `${num(s.paralysis.episodes)} episode${s.paralysis.episodes === 1 ? "" : "s"}, ${hoursText(s.paralysis.hours)} inside the send windows`],
        ["Cost", `${money(s.cost.total, s.cost.currency)} over ${num(horizon)} days`],
      ],
    },
    { kind: "heading", level: 3, text: "Time to each tier" },
    {
      kind: "table",
      head: ["Messaging limit", "Day", `Reached at (${tz})`],
      numeric: [false, false, false],
      rows: sortTierKeys(Object.keys(s.reachedAt)).map((tier) => {
        const at = s.reachedAt[tier];
        return [tierLabel(tier), at ? dayText(at, result.start, tz) : notReached({ days: horizon }), at ? localDateTime(at, tz) : "—"];
      }),
    },
  ];
  const rank = (c: string): number => ((PARALYSIS_CAUSES as readonly string[]).includes(c) ? PARALYSIS_CAUSES.indexOf(c as ParalysisCause) : PARALYSIS_CAUSES.length);
  const causes = Object.entries(s.paralysis.byCause)
    .filter(([, h]) => (h ?? 0) > 0)
    .sort((a, b) => rank(a[0]) - rank(b[0]));
  if (causes.length > 0) {
    const episodes = paralysisEpisodes(result);
    blocks.push(
      { kind: "heading", level: 3, text: "Paralysis by cause" },
      {
        kind: "table",
        head: ["Cause", "Episodes", "Hours", "Campaigns"],
        numeric: [false, true, true, false],
        rows: causes.map(([cause, hours]) => {
          const mine = episodes.filter((e) => e.cause === cause);
          return [cause, num(mine.length), hoursText(hours ?? 0), nameList([...new Set(mine.map((e) => e.campaign))])];
        }),
      },
    );
  }
  // The terminal's Templates story, as a table: which templates were paced, what was held,
  // released and dropped, and when each was paused, disabled or replaced.
  const story = templateStory(result);
  if (hasTemplateStory(story)) {
    const when = (at: string): string => localDateTime(at, tz);
    const p = story.portfolio;
    blocks.push(
      { kind: "heading", level: 3, text: "Templates" },
      {
        kind: "table",
        head: ["Template", "Pacing", `Paused, disabled, replaced (${tz})`],
        numeric: [false, false, false],
        rows: [
          ...story.templates.map((t) => [displayText(t.name), pacingText(t), displayText(t.changes.map((c) => `${when(c.at)} ${c.text}`).join("; ") || "—", 2_000)]),
          ...(hasPortfolioStory(p) ? [["portfolio pacing", portfolioPacingText(p), p.reviews.map((v) => `in review ${when(v.from)} → ${when(v.until)}`).join("; ") || "—"]] : []),
        ],
      },
    );
  }
  const codes = Object.entries(s.failuresByCode).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  if (codes.length > 0) {
    blocks.push({ kind: "heading", level: 3, text: "Failures by error code" }, { kind: "table", head: ["Error code", "Messages"], numeric: [false, true], rows: codes.map(([c, n]) => [failureLabel(c), num(n)]) });
  }
  const categories = Object.entries(s.cost.byCategory);
  if (categories.length > 0) {
    blocks.push({ kind: "heading", level: 3, text: "Cost by category" }, { kind: "table", head: ["Category", "Cost"], numeric: [false, true], rows: categories.map(([c, v]) => [c, money(v, s.cost.currency)]) });
  }
  return blocks;
}

/** A paralysis cause's mean hours per run it struck (see hoursPerRunStruck), or "—". */
function perRunAffected(p: { probability: number; hours: { mean: number } }): string {
  const h = hoursPerRunStruck(p);
  return h === null ? "—" : hoursText(h);
}

function projectionBlocks(result: ProjectionResult): Block[] {
  const q = (x: Quantiles & { mean: number; ci95: [number, number] }): string[] => [num(x.q50), range(x), `${num(x.mean)} (${num(x.ci95[0])} – ${num(x.ci95[1])})`];
  const qh = (x: Quantiles & { mean: number; ci95: [number, number] }): string[] => [hoursText(x.q50), `${hoursText(x.q05)} – ${hoursText(x.q95)}`, `${hoursText(x.mean)} (${hoursText(Math.max(0, x.ci95[0]))} – ${hoursText(x.ci95[1])})`];
  const blocks: Block[] = [
    { kind: "heading", level: 2, text: "Key numbers" },
    { kind: "paragraph", text: `Across ${num(result.runs)} runs. Median and the q05–q95 range of the runs; mean with its 95 % confidence interval; for a paralysis, also its mean over the runs it struck.` },
    { kind: "heading", level: 3, text: "Time to each tier" },
    {
      kind: "table",
      head: ["Messaging limit", "Runs reaching it", "Median day", "Days q05 – q95", "Mean days after the start (95 % CI)"],
      numeric: [false, false, false, false, true],
      rows: sortTierKeys(Object.keys(result.reachedAt)).map((tier) => {
        const r = result.reachedAt[tier];
        const reached = Math.round(r.share * result.runs);
        if (!r.days || reached === 0) return [tierLabel(tier), notReached({ runs: result.runs, reached: 0 }), "—", "—", "—"];
        const d = r.days;
        const day = (x: number): string => dayText(afterStart(result.start, x), result.start, result.scenario.timezone);
        return [tierLabel(tier), runsShare(r.share, result.runs), day(d.q50), `${day(d.q05)} – ${day(d.q95)}`, `${num(d.mean)} (${num(d.ci95[0])} – ${num(d.ci95[1])})`];
      }),
    },
    { kind: "heading", level: 3, text: "Paralysis" },
    {
      kind: "table",
      head: ["Cause", "Runs affected", "Median", "q05 – q95", "Mean (95 % CI)", "Mean per run affected"],
      numeric: [false, false, true, true, true, true],
      rows: [
        ["any cause", runsShare(result.paralysis.probability, result.runs), ...qh(result.paralysis.hours), perRunAffected(result.paralysis)],
        ...PARALYSIS_CAUSES.filter((c) => result.paralysis.byCause[c] !== undefined).map((c: ParalysisCause) => {
          const p = result.paralysis.byCause[c]!;
          return [c, runsShare(p.probability, result.runs), ...qh(p.hours), perRunAffected(p)];
        }),
      ],
    },
  ];
  const metrics = Object.entries(result.metrics);
  if (metrics.length > 0) {
    blocks.push(
      { kind: "heading", level: 3, text: "Metrics" },
      { kind: "table", head: ["Metric", "Median", "q05 – q95", "Mean (95 % CI)"], numeric: [false, true, true, true], rows: metrics.map(([name, v]) => [humanizeMetric(name), ...q(v)]) },
    );
  }
  if (result.sensitivity && result.sensitivity.outcomes.length > 0) {
    // The ranking as text too: the chart does not survive a paste into a planning document.
    const TOP = 3;
    blocks.push(
      { kind: "heading", level: 3, text: "Which unknown drives each answer" },
      { kind: "paragraph", text: `Share of each outcome's variance across the runs that one uncertain parameter explains alone (first-order index, 0 to 1; ${result.sensitivity.method}). The ${TOP} largest per outcome.` },
      {
        kind: "table",
        head: ["Outcome", ...Array.from({ length: TOP }, (_, i) => `#${i + 1}`)],
        rows: result.sensitivity.outcomes.map((o) => [o.outcome, ...Array.from({ length: TOP }, (_, i) => (o.indices[i] ? `${o.indices[i].parameter} ${o.indices[i].index.toFixed(2)}` : "—"))]),
      },
    );
  }
  return blocks;
}

function sweepBlocks(result: SweepResult): Block[] {
  // Days to unlimited is a restricted mean: a run that never gets there counts as the horizon.
  // A variant none of whose runs got there has no day to show; one where some did not is a lower bound.
  const share = (v: SweepResult["variants"][number]): number | undefined => (typeof v.metrics.shareUnlimited === "number" ? v.metrics.shareUnlimited : undefined);
  const censoredMetric = (metric: string): boolean => metric === "daysToUnlimited";
  const allCensored = result.variants.length > 0 && result.variants.every((v) => share(v) === 0);
  const notAny = notReached({ runs: result.variants.length * result.runs, reached: 0 });
  const blocks: Block[] = [{ kind: "heading", level: 2, text: "Sensitivity ranking" }];
  for (const metric of sweepMetrics(result)) {
    const rows = result.sensitivity.filter((s) => s.metric === metric).sort((a, b) => b.swing - a.swing);
    if (censoredMetric(metric) && allCensored) {
      blocks.push({ kind: "heading", level: 3, text: humanizeMetric(metric) }, { kind: "paragraph", text: `Unlimited ${notAny}: no parameter can be ranked by days to unlimited.` });
      continue;
    }
    blocks.push(
      { kind: "heading", level: 3, text: humanizeMetric(metric) },
      {
        kind: "table",
        head: ["Rank", "Parameter", "Lowest at", "Highest at", "Swing"],
        numeric: [true, false, false, false, true],
        rows: rows.map((s, i) => [String(i + 1), s.parameter, `${s.low.value} → ${num(s.low.metric)}`, `${s.high.value} → ${num(s.high.metric)}`, num(s.swing)]),
      },
    );
  }
  const params = [...new Set(result.variants.flatMap((v) => Object.keys(v.values)))];
  const metrics = [...new Set(result.variants.flatMap((v) => Object.keys(v.metrics)))];
  const cell = (v: SweepResult["variants"][number], k: string): string => {
    if (!(k in v.metrics)) return "—";
    if (censoredMetric(k) && share(v) === 0) return notReached({ runs: result.runs, reached: 0 });
    if (censoredMetric(k) && (share(v) ?? 1) < 1) return `≥ ${num(v.metrics[k])}`;
    return num(v.metrics[k]);
  };
  const censoredNote = metrics.some(censoredMetric) && result.variants.some((v) => (share(v) ?? 1) < 1) ? " Days to unlimited: \"not reached\" when no run of the variant got there; \"≥\" when some runs did not (they count as the horizon, so the mean is a lower bound)." : "";
  blocks.push(
    { kind: "heading", level: 2, text: "Variants" },
    { kind: "paragraph", text: `${num(result.variants.length)} variants, ${num(result.runs)} runs each; metrics are means over the runs.${censoredNote}` },
    {
      kind: "table",
      head: [...params, ...metrics.map(humanizeMetric)],
      numeric: [...params.map(() => false), ...metrics.map(() => true)],
      rows: result.variants.map((v) => [...params.map((p) => (p in v.values ? String(v.values[p]) : "—")), ...metrics.map((k) => cell(v, k))]),
    },
  );
  return blocks;
}

function documentOf(result: RunResult | ProjectionResult | SweepResult, charts: RenderedChart[], opts: { representative?: RunResult } = {}): Doc {
  const kind = result.schema === "tiersim/run@1" ? "single run" : result.schema === "tiersim/projection@1" ? `projection over ${num(result.runs)} runs` : `sweep of ${num(result.variants.length)} variants`;
  const body = result.schema === "tiersim/run@1" ? runBlocks(result) : result.schema === "tiersim/projection@1" ? projectionBlocks(result) : sweepBlocks(result);
  const verdict = result.schema === "tiersim/run@1" ? runVerdict(result) : result.schema === "tiersim/projection@1" ? projectionVerdict(result, opts.representative) : null;
  const opening: Block[] = verdict ? [{ kind: "heading", level: 2, text: "Verdict" }, ...verdict.map((text): Block => ({ kind: "paragraph", text }))] : [];
  const figures: Block[] = charts.length > 0 ? [{ kind: "heading", level: 2, text: "Charts" }, ...charts.map((chart): Block => ({ kind: "figure", chart }))] : [];
  return {
    title: `tiersim report: ${displayText(result.scenario.name, NAME_MAX)}`,
    subtitle: `${kind} · rules ${result.scenario.rules} · seed ${result.seed} · tiersim ${result.tool.version}`,
    blocks: [...opening, ...body, ...figures, ...assumptions(result)],
  };
}

function toMarkdown(doc: Doc): string {
  const md = (s: string): string => escapeMarkdown(visibleText(s));
  const out: string[] = [`# ${md(doc.title)}`, "", `_${md(doc.subtitle)}_`, ""];
  for (const b of doc.blocks) {
    switch (b.kind) {
      case "heading":
        out.push(`${"#".repeat(b.level)} ${md(b.text)}`, "");
        break;
      case "paragraph":
        out.push(md(b.text), "");
        break;
      case "list":
        out.push(...b.items.map((i) => `- ${md(i)}`), "");
        break;
      case "table": {
        const head = b.head.map((h) => (h === "" ? " " : md(h)));
        out.push(`| ${head.join(" | ")} |`, `| ${b.head.map((_, i) => (b.numeric?.[i] ? "---:" : "---")).join(" | ")} |`);
        for (const row of b.rows) out.push(`| ${row.map((c) => escapeMarkdownCell(visibleText(c))).join(" | ")} |`);
        out.push("");
        break;
      }
      case "figure": {
        const { id, title } = b.chart;
        out.push(`![${md(title)}](charts/${id}.svg)`, "", `${md(title)}: [SVG](charts/${id}.svg) · [PNG](charts/${id}.png) · [Vega-Lite spec](charts/${id}.vl.json)`, "");
        break;
      }
    }
  }
  return out.join("\n");
}

/**
 * Prefixes every id in an SVG (and the references to it) so several inlined charts cannot
 * collide in one HTML page.
 */
function namespaceSvg(svg: string, prefix: string): string {
  return svg
    .replace(/^<\?xml[^>]*>\s*/, "")
    .replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`)
    .replace(/href="#([^"]+)"/g, `href="#${prefix}-$1"`)
    .replace(/^<svg\b/, `<svg role="img" aria-labelledby="${prefix}-title"`);
}

const CSS = `
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #222; background: #fff; margin: 0; line-height: 1.45; }
main { max-width: 780px; margin: 0 auto; padding: 32px 24px 48px; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
.subtitle { color: #555; margin: 0 0 24px; }
h2 { font-size: 1.25em; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 1.05em; margin: 20px 0 6px; }
.table-wrap { max-width: 100%; overflow-x: auto; margin: 8px 0 16px; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f4f6f8; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 16px 0 28px; }
figure .chart svg { display: block; max-width: 100%; height: auto; }
figure .live { display: none; }
figure.interactive .live { display: block; }
figure.interactive .static { display: none; }
.vg-tooltip { position: absolute; z-index: 10; max-width: 360px; padding: 6px 8px; background: #fff; border: 1px solid #bbb; border-radius: 3px; box-shadow: 0 2px 6px rgba(0,0,0,.15); font-size: 0.8em; pointer-events: none; }
.vg-tooltip table { margin: 0; font-size: 1em; }
.vg-tooltip th, .vg-tooltip td { border: 0; padding: 1px 4px; }
.vg-tooltip th { background: none; color: #555; font-weight: normal; white-space: nowrap; overflow-wrap: normal; }
figcaption { color: #555; font-size: 0.85em; margin-top: 4px; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 0.9em; }
@page { size: A4; margin: 15mm; }
@media (max-width: 600px) { main { padding: 16px 10px 32px; } }
@media print {
  main { max-width: none; padding: 0; }
  figure.interactive .static { display: block; }
  figure.interactive .live, .vg-tooltip { display: none; }
  figure, table, tr { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
}
`;

/** The page's Content-Security-Policy: nothing from anywhere but the page itself. */
function policy(scripts?: string): string {
  return `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:${scripts ? `; ${scripts}` : ""}">`;
}

function toHtml(doc: Doc): string {
  // Text is shown with control characters escaped: none may reach the page (XML forbids most).
  const h = (s: string): string => escapeHtml(visibleText(s));
  const specs: string[] = [];
  const out: string[] = [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    // No network: the page only ever needs its own inline CSS, SVG and scripts.
    policy(),
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(doc.title)}</title>`,
    `<style>${CSS}</style>`,
    "</head>",
    "<body>",
    "<main>",
    `<h1>${h(doc.title)}</h1>`,
    `<p class="subtitle">${h(doc.subtitle)}</p>`,
  ];
  for (const b of doc.blocks) {
    switch (b.kind) {
      case "heading":
        out.push(`<h${b.level}>${h(b.text)}</h${b.level}>`);
        break;
      case "paragraph":
        out.push(`<p>${h(b.text)}</p>`);
        break;
      case "list":
        out.push(`<ul>${b.items.map((i) => `<li>${h(i)}</li>`).join("")}</ul>`);
        break;
      case "table": {
        const cls = (i: number): string => (b.numeric?.[i] ? ' class="num"' : "");
        const head = b.head.every((x) => x === "") ? "" : `<thead><tr>${b.head.map((x, i) => `<th${cls(i)}>${h(x)}</th>`).join("")}</tr></thead>`;
        const rows = b.rows.map((r) => `<tr>${r.map((c, i) => (i === 0 && head === "" ? `<th>${h(c)}</th>` : `<td${cls(i)}>${h(c)}</td>`)).join("")}</tr>`).join("\n");
        // A wide table scrolls inside its own box instead of running off the page.
        out.push(`<div class="table-wrap"><table>${head}<tbody>\n${rows}\n</tbody></table></div>`);
        break;
      }
      case "figure": {
        const { id, title, svg, vega } = b.chart;
        const prefix = `chart-${id}`;
        // The static SVG shows until the interactive view has rendered (and stays for print).
        if (vega !== undefined) specs.push(`<script type="application/json" id="${h(prefix)}-spec">${scriptJson(vega)}</script>`);
        out.push(
          `<figure id="${h(prefix)}"${vega !== undefined ? ` data-spec="${h(prefix)}-spec"` : ""}>`,
          `<div class="chart static">${namespaceSvg(svg, prefix)}</div>`,
          ...(vega !== undefined ? ['<div class="chart live"></div>'] : []),
          `<figcaption id="${h(prefix)}-title">${h(title)} — files: charts/${h(id)}.svg, charts/${h(id)}.png, charts/${h(id)}.vl.json</figcaption>`,
          "</figure>",
        );
        break;
      }
    }
  }
  out.push("</main>");
  if (specs.length > 0) {
    const runtime = vegaRuntime();
    out.push(...specs, `<script>${runtime}</script>`, `<script>${VIEW_SCRIPT}</script>`);
    // Only these two scripts may run; vega compiles its expressions with Function, hence 'unsafe-eval'.
    out[out.indexOf(policy())] = policy(`script-src ${scriptHash(runtime)} ${scriptHash(VIEW_SCRIPT)} 'unsafe-eval'`);
  }
  out.push("</body>", "</html>", "");
  return out.join("\n");
}

/**
 * Builds report.md and report.html for a result. The Markdown links each chart as
 * `charts/<id>.svg` (with `.png` and `.vl.json` beside it); the HTML inlines the SVGs and is
 * self-contained (no script, no network). Without `opts.charts` the documents hold the key
 * numbers and assumptions only.
 *
 * @example
 * ```ts
 * const { markdown, html } = buildReport(result, { charts: [{ id: "limit", title: "Messaging limit over time", svg }] });
 * ```
 */
export function buildReport(result: RunResult | ProjectionResult | SweepResult, opts: { charts: RenderedChart[]; representative?: RunResult } = { charts: [] }): { markdown: string; html: string } {
  // What a user wrote is shown escaped and cut to a readable length; the result keeps it whole.
  const doc = documentOf(forDisplay(result), opts.charts, { representative: opts.representative ? forDisplay(opts.representative) : undefined });
  return { markdown: toMarkdown(doc), html: toHtml(doc) };
}
