// The throttle check report: what `tiersim check-throttle --out DIR` writes next to its JSON.
// It answers an engineer's questions in order — did every assertion hold, what did the throttle
// run into (errors by code over time, messaging-limit overshoot), what did it cost (queue waits,
// deferred and dropped sends, limit utilisation, days to each tier against an ideal throttle).
import type { TopLevelSpec } from "vega-lite";
import type { ThrottleCheckResult, ThrottleRunMetrics } from "../studies/throttles/index.js";
import { formatCount, sortTierKeys, tierLabel } from "./charts/common.js";
import { failureLabel } from "./charts/funnel.js";
import { PAGE_WIDTH, VEGA_LITE_SCHEMA, chartConfig } from "./charts/theme.js";
import { renderDocument, type Block, type RenderedChart } from "./document.js";
import { displayText, forDisplay, NAME_MAX, TEXT_MAX } from "./sanitize.js";

const num = (x: number): string => formatCount(x);
const ms = (x: number): string => (x >= 3_600_000 ? `${(x / 3_600_000).toFixed(1)} h` : x >= 60_000 ? `${(x / 60_000).toFixed(1)} min` : x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);
const pct = (x: number | null): string => (x === null ? "—" : `${(100 * x).toFixed(1)} %`);
const days = (x: number | null | undefined): string => (x === null || x === undefined ? "not reached" : x.toFixed(2));

/**
 * Vega-Lite spec of the first run's errors by code per day (stacked bars), or `null` when the
 * run saw no error.
 *
 * @example
 * ```ts
 * const spec = throttleErrorsChart(check);
 * if (spec) svg = await renderSvg(spec);
 * ```
 */
export function throttleErrorsChart(input: ThrottleCheckResult): TopLevelSpec | null {
  const check = forDisplay(input);
  const m = check.metrics[0];
  if (!m) return null;
  const rows = m.errorsByDay.flatMap((d) => Object.entries(d.byCode).map(([code, n]) => ({ date: d.date, code: failureLabel(code), n })));
  if (rows.length === 0) return null;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: "Errors by code per day", subtitle: `${displayText(check.scenario, NAME_MAX)} · run 1 of ${check.runs} (seed ${m.seed})` },
    width: PAGE_WIDTH,
    height: 220,
    data: { values: rows },
    mark: { type: "bar" },
    encoding: {
      x: { field: "date", type: "ordinal", title: "Day (local date)", axis: { labelAngle: -45 } },
      y: { field: "n", type: "quantitative", aggregate: "sum", title: "Attempts answered with the code", axis: { format: "~s" } },
      color: { field: "code", type: "nominal", title: "Error code", legend: { orient: "bottom", columns: 2 } },
      tooltip: [{ field: "date" }, { field: "code" }, { field: "n", aggregate: "sum", title: "attempts" }],
    },
    config: chartConfig(),
  } as unknown as TopLevelSpec;
}

function runRow(m: ThrottleRunMetrics, i: number): string[] {
  return [
    String(i + 1),
    String(m.seed),
    num(m.attempted),
    num(m.delivered),
    num(m.limitOvershoot),
    num(m.errors["130429"] ?? 0),
    num(m.errors["131056"] ?? 0),
    `${num(m.deferred)} / ${num(m.dropped)}`,
    `${ms(m.queue.p50)} / ${ms(m.queue.p95)} / ${ms(m.queue.p99)}`,
    `${pct(m.utilisation.mean)} / ${pct(m.utilisation.max)}`,
    num(Math.round(m.paralysis.hours * 10) / 10),
  ];
}

/**
 * report.md and report.html for a throttle check (`label` names the throttle that was checked).
 *
 * @example
 * ```ts
 * const { markdown, html } = buildThrottleReport(check, "examples/throttles/safe.ts", []);
 * ```
 */
export function buildThrottleReport(input: ThrottleCheckResult, rawLabel: string, charts: RenderedChart[]): { markdown: string; html: string } {
  const check = forDisplay(input);
  const label = displayText(rawLabel, TEXT_MAX);
  const blocks: Block[] = [];
  blocks.push({ kind: "heading", level: 2, text: "Verdict" });
  const failedAssertions = new Set(check.failures.map((f) => f.assertion));
  if (check.assertions.length === 0) blocks.push({ kind: "paragraph", text: `No assertions were given: ${check.runs} run${check.runs > 1 ? "s" : ""} measured.` });
  else
    blocks.push({
      kind: "paragraph",
      text: check.ok
        ? `✔ Every assertion held in every run (${check.runs}).`
        : `✗ ${failedAssertions.size} of ${check.assertions.length} assertions failed; the seed of each failing run replays it with check-throttle --seed.`,
    });
  if (check.assertions.length > 0) {
    blocks.push({
      kind: "table",
      head: ["Assertion", "Result"],
      rows: check.assertions.map((a) => {
        const fails = check.failures.filter((f) => f.assertion === a);
        if (fails.length === 0) return [a, "held in every run"];
        const first = fails[0];
        return [a, `failed in ${fails.length} run${fails.length > 1 ? "s" : ""}; run ${first.run + 1} (seed ${first.seed}): ${first.metric} was ${num(first.actual)}`];
      }),
    });
  }
  blocks.push({ kind: "heading", level: 2, text: "Throttle" });
  blocks.push({ kind: "list", items: [`Checked: ${label}`, ...check.throttles.map((t, i) => `Campaign ${i + 1}: ${t}`)] });

  blocks.push({ kind: "heading", level: 2, text: "What each run did" });
  blocks.push({
    kind: "table",
    head: ["Run", "Seed", "Attempted", "Delivered", "Limit overshoot", "130429", "131056", "Deferred / dropped", "Queue wait p50 / p95 / p99", "Limit use mean / max", "Paralysis h"],
    rows: check.metrics.slice(0, 50).map(runRow),
    numeric: [true, true, true, true, true, true, true, true, true, true, true],
  });
  if (check.metrics.length > 50) blocks.push({ kind: "paragraph", text: `First 50 of ${check.metrics.length} runs shown; all are in throttle-check.json.` });

  const first = check.metrics[0];
  if (first) {
    const tiers = sortTierKeys(Object.keys(first.reachedAtDays));
    if (tiers.length > 0) {
      blocks.push({ kind: "heading", level: 2, text: "Speed of ramp against an ideal throttle" });
      blocks.push({
        kind: "paragraph",
        text: "Days from the start to each messaging limit with this throttle and with an ideal one (fill-limit, no headroom) on the same scenario and seed (run 1).",
      });
      blocks.push({
        kind: "table",
        head: ["Messaging limit", "This throttle (days)", "Ideal (days)", "Difference"],
        rows: tiers.map((k) => {
          const mine = first.reachedAtDays[k];
          const ideal = first.ideal?.reachedAtDays[k];
          const diff = mine !== null && ideal !== null && ideal !== undefined ? `${mine - ideal >= 0 ? "+" : ""}${(mine - ideal).toFixed(2)} d` : "—";
          return [tierLabel(k), days(mine), days(ideal), diff];
        }),
        numeric: [false, true, true, true],
      });
    }
    const codes = Object.keys(first.errors).sort();
    if (codes.length > 0) {
      blocks.push({ kind: "heading", level: 2, text: "Errors by code per day (run 1)" });
      blocks.push({
        kind: "table",
        head: ["Day", ...codes.map(failureLabel)],
        rows: first.errorsByDay.filter((d) => Object.keys(d.byCode).length > 0).map((d) => [d.date, ...codes.map((c) => num(d.byCode[c] ?? 0))]),
        numeric: [false, ...codes.map(() => true)],
      });
    }
  }
  if (charts.length > 0) {
    blocks.push({ kind: "heading", level: 2, text: "Charts" });
    for (const chart of charts) blocks.push({ kind: "figure", chart });
  }
  blocks.push({ kind: "heading", level: 2, text: "How to read it" });
  blocks.push({
    kind: "list",
    items: [
      "Limit overshoot: sends the throttle started that the platform refused because the moving-24 h messaging limit was full.",
      "130429: the number's throughput (80 messages/s by default) was exceeded; 131056: the same user was messaged too fast.",
      "Deferred: sends put back to wait (re-queued after a refusal, or scheduled for a retry); dropped: never attempted or given up.",
      "Queue wait: time from when a send became ready (occurrence start, plan entry, retry time) to its attempt, including waits for the send window and for limit capacity.",
    ],
  });
  return renderDocument({
    title: `tiersim throttle check: ${check.scenario}`,
    subtitle: `${check.ok ? "passed" : "failed"} · ${check.runs} run${check.runs > 1 ? "s" : ""} · seeds ${check.seeds.slice(0, 5).join(", ")}${check.seeds.length > 5 ? ", …" : ""}`,
    blocks,
  });
}
