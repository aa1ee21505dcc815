// Human output of Monte Carlo results: the projection table, the sweep table and the daily
// bands as CSV, readable at 80–100 columns.
import type { ProjectionResult } from "../studies/projections/contract.js";
import type { SweepResult } from "../studies/sweeps/contract.js";
import type { RunResult } from "../sim/result.js";
import { afterStart, dayText, hoursPerRunStruck, notReached, runsShare, wrap } from "../reports/figures.js";
import { projectionVerdict } from "../reports/verdict.js";
import { limitText, localTime, num, rows } from "./format.js";
import { displayText, forDisplay, NAME_MAX } from "../reports/sanitize.js";
import { DAY } from "../models/duration.js";


/** `unlimited`, `100,000`: a rung key as people say it. */
function tierName(key: string): string {
  return key === "unlimited" ? "unlimited" : num(Number(key));
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** "Precision  met after 140 runs (batches of 20, cap 1,000)" and one line per target. */
function precisionLines(pr: NonNullable<ProjectionResult["precision"]>, runs: number): string[] {
  const head = pr.met
    ? `Precision  met after ${num(runs)} runs (batches of ${num(pr.batch)}, cap ${num(pr.maxRuns)})`
    : `Precision  NOT met: stopped at the cap of ${num(pr.maxRuns)} runs (batches of ${num(pr.batch)})`;
  const fmt = (x: number | null): string => (x === null ? "unbounded" : num(x, 3));
  return [
    head,
    ...pr.targets.map(
      (t) =>
        `  ${t.met ? "✓" : "✗"} ${t.target}: ${fmt(t.estimate)}, 95% interval ${fmt(t.interval[0])} – ${fmt(t.interval[1])}, ± ${fmt(t.halfWidth)} reached (± ${fmt(t.required)} asked, ${num(t.n)} runs with a value)`,
    ),
  ];
}

/**
 * Renders a projection for a terminal: per rung "reaches X: 87% of runs, median day 9
 * (q05 6 – q95 14)", paralysis probability and hours by cause, and per-run metrics.
 *
 * @example
 * ```ts
 * process.stdout.write(formatProjection(await project(config, { runs: 200 })));
 * ```
 */
export function formatProjection(projection: ProjectionResult, representative?: RunResult): string {
  const p = forDisplay(projection);
  const tz = p.scenario.timezone;
  const days = Math.round((Date.parse(p.end) - Date.parse(p.start)) / DAY);
  const out: string[] = [];
  out.push(displayText(p.scenario.name, NAME_MAX));
  out.push(`rules ${p.scenario.rules} · ${num(p.runs)} runs · master seed ${p.seed} · ${days} days from ${localTime(p.start, tz)} (${tz})`);
  const overrides = Object.entries(p.scenario.overrides);
  if (overrides.length > 0) out.push(`overrides ${overrides.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ")}`);
  if (p.antithetic) out.push(`antithetic pairs: ${num(p.runs / 2)} pairs of runs on complementary draws`);
  out.push("");
  if (p.precision) out.push(...precisionLines(p.precision, p.runs), "");

  out.push("Verdict");
  for (const sentence of projectionVerdict(p, representative && forDisplay(representative))) out.push(...wrap(sentence, 80, "  "));
  out.push("");

  out.push("Messaging limit (days over the runs that reach the rung)");
  out.push(`  (day N is the Nth calendar day of the run in ${tz})`);
  const first = p.perRun[0]?.summary.limit.initial;
  const last = p.daily[p.daily.length - 1]?.limit;
  if (first !== undefined && last) out.push(`  starts at ${limitText(first)}; end of day ${p.daily.length}: median ${limitText(last.q50)} (q05 ${limitText(last.q05)} – q95 ${limitText(last.q95)})`);
  for (const [tier, r] of Object.entries(p.reachedAt)) {
    const d = r.days;
    const day = (x: number): string => dayText(afterStart(p.start, x), p.start, tz);
    out.push(
      d === null
        ? `  ${tierName(tier)}: ${notReached({ runs: p.runs, reached: 0 })}`
        : `  ${tierName(tier)}: ${runsShare(r.share, p.runs)}, median ${day(d.q50)}`,
    );
    if (d !== null) out.push(`    q05 ${day(d.q05)} – q95 ${day(d.q95)}`);
  }
  out.push("");

  const par = p.paralysis;
  out.push(
    par.probability === 0
      ? "Paralysis  in no run"
      : `Paralysis  in ${percent(par.probability)} of runs · median ${num(par.hours.q50, 1)} h per run (q05 ${num(par.hours.q05, 1)} – q95 ${num(par.hours.q95, 1)})`,
  );
  if (par.probability > 0) out.push(`  mean ${num(par.hours.mean, 1)} h, 95% CI ${num(par.hours.ci95[0], 1)}–${num(par.hours.ci95[1], 1)} · hours inside the send windows`);
  const causes = Object.entries(par.byCause).sort(([, a], [, b]) => (b?.hours.mean ?? 0) - (a?.hours.mean ?? 0));
  // A cause in under 5 % of runs has a q95 of 0 h, which reads as "it never lasts": say instead
  // how long it lasted where it struck (the mean over all runs, over the share it struck).
  const spread = (c: { probability: number; hours: { mean: number; q95: number } }): string => {
    const struck = hoursPerRunStruck(c);
    return c.hours.q95 === 0 && struck !== null ? `${num(struck, 1)} h per run it hit` : `q95 ${num(c.hours.q95, 1)} h`;
  };
  out.push(...rows(causes.map(([cause, c]) => [cause, c ? `in ${percent(c.probability)} of runs, mean ${num(c.hours.mean, 1)} h (${spread(c)})` : ""])));
  out.push("");

  out.push("Per run  median (q05 – q95)");
  const m = p.metrics;
  const line = (label: string, key: string, digits = 0): [string, string] => {
    const v = m[key];
    return [label, v ? `${num(v.q50, digits)}  (${num(v.q05, digits)} – ${num(v.q95, digits)})` : "–"];
  };
  const currency = p.perRun[0]?.summary.cost.currency ?? "";
  out.push(...rows([line("users reached", "usersReached"), line("delivered", "delivered"), line("read", "read"), line("failed", "failed"), line("blocked", "blocked"), line("opted out", "optedOut"), line(`cost ${currency}`.trim(), "cost", 2)]));
  return out.join("\n") + "\n";
}

/** A parameter value as the user typed it (0.001 stays 0.001). */
function cell(v: string | number): string {
  return String(v);
}

/**
 * Renders a sweep for a terminal: one row per variant with the key metrics, then the
 * sensitivity ranking per metric (widest swing first).
 *
 * @example
 * ```ts
 * process.stdout.write(formatSweep(result));
 * ```
 */
export function formatSweep(sweep: SweepResult): string {
  const s = forDisplay(sweep);
  const params = [...new Set(s.variants.flatMap((v) => Object.keys(v.values)))];
  const columns: Array<[string, string, number]> = [
    ["daysToUnlimited", "days→unlim.", 1],
    ["shareUnlimited", "P(unlim.)", 2],
    ["paralysisHours", "paralysis h", 1],
    ["paralysisProbability", "P(paralysis)", 2],
    ["usersReached", "users reached", 0],
    ["cost", "cost", 2],
  ];
  const head = [...params, ...columns.map(([, label]) => label)];
  const body = s.variants.map((v) => [
    ...params.map((p) => (p in v.values ? cell(v.values[p]) : "—")),
    ...columns.map(([key, , digits]) => (key in v.metrics ? num(v.metrics[key], digits) : "—")),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const fmtRow = (r: string[]): string => "  " + r.map((c, i) => (i < params.length ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  const out: string[] = [];
  out.push(`Sweep of ${displayText(s.scenario.name, NAME_MAX)}`);
  out.push(`rules ${s.scenario.rules} · ${s.variants.length} variants × ${num(s.runs)} runs · master seed ${s.seed} (the same replication seeds in every variant)`);
  out.push("");
  out.push(fmtRow(head));
  for (const r of body) out.push(fmtRow(r));
  out.push("  (means over the runs; days→unlim. counts a run that never gets there as the horizon)");
  out.push("");
  out.push("Sensitivity: how far each parameter moves each metric (other parameters averaged out)");
  // As the report says it: with no run reaching unlimited, days to it is the horizon everywhere
  // and ranks nothing; a parameter that moves a metric not at all is said so, not as "a → a".
  const noneUnlimited = s.variants.length > 0 && s.variants.every((v) => v.metrics.shareUnlimited === 0);
  for (const metric of [...new Set(s.sensitivity.map((x) => x.metric))]) {
    out.push(`  ${metric}`);
    if (metric === "daysToUnlimited" && noneUnlimited) {
      out.push(`    unlimited ${notReached({ runs: s.variants.length * s.runs, reached: 0 })}: no parameter can be ranked by days to unlimited`);
      continue;
    }
    for (const x of s.sensitivity.filter((y) => y.metric === metric)) {
      const moves = x.swing === 0 ? `${num(x.low.metric, 2)} at every value` : `${num(x.low.metric, 2)} at ${cell(x.low.value)} → ${num(x.high.metric, 2)} at ${cell(x.high.value)}`;
      out.push(`    ${x.parameter}: swing ${num(x.swing, 2)}  (${moves})`);
    }
  }
  return out.join("\n") + "\n";
}

/**
 * The daily bands of a projection as CSV: one row per local day, `<band>_<level>` columns;
 * an unlimited limit is an empty cell.
 *
 * @example
 * ```ts
 * writeFileAtomic("out/daily.csv", projectionDailyCsv(projection));
 * ```
 */
export function projectionDailyCsv(p: ProjectionResult): string {
  const bands = ["limit", "reach", "cumulativeReach", "delivered", "cost"] as const;
  const levels = ["q05", "q25", "q50", "q75", "q95"] as const;
  const head = ["date", ...bands.flatMap((b) => levels.map((l) => `${b}_${l}`))];
  const lines = [head.join(",")];
  for (const d of p.daily) lines.push([d.date, ...bands.flatMap((b) => levels.map((l) => String(d[b][l] ?? "")))].join(","));
  return lines.join("\n") + "\n";
}
