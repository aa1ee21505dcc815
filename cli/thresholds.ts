// Thresholds on the command line: `expect:` from the scenario file and repeatable `--expect`,
// checked after `run` and `sweep`; every result printed with the measured value, exit 1 when
// one fails, and `--junit FILE` for CI dashboards.
import type { RunResult } from "../sim/result.js";
import type { ProjectionResult } from "../studies/projections/contract.js";
import { catalogue, formatMeasured, metricNames, parseOne, type Threshold } from "../scenarios/thresholds.js";
import { checkThresholds, parseFor, type ThresholdCheck } from "../studies/thresholds.js";
import { ExitCode, UserError } from "./exit-codes.js";
import { writeFileAtomic } from "./output.js";

/** The thresholds to check for a kind of result, and the scenario's that belong to the other kind. */
export interface ThresholdPlan {
  thresholds: Threshold[];
  /** `expect:` entries for the other kind of result (a projection statistic on a single run …). */
  skipped: string[];
}

/**
 * Gathers the scenario's `expect:` and the `--expect` flags for a kind of result. A malformed
 * `--expect` is a usage error (exit 2) with a did-you-mean; the scenario's entries were checked
 * when it was loaded, and those written for the other kind of result are skipped (and said).
 *
 * @example
 * ```ts
 * planThresholds("projection", scenario.expect, argv.expect);
 * ```
 */
export function planThresholds(kind: "run" | "projection", fromFile: readonly string[] | undefined, flags: string | readonly string[] | undefined): ThresholdPlan {
  const flagTexts = flags === undefined ? [] : typeof flags === "string" ? [flags] : [...flags];
  const parsed = parseFor(kind, flagTexts);
  if (!parsed.ok) throw new UserError(`malformed --expect:\n  ${parsed.issues.join("\n  ")}\nKnown metrics${kind === "projection" ? " (with --runs)" : ""}: ${metricNames(catalogue(kind))}`, ExitCode.Usage);
  const own = catalogue(kind);
  const thresholds: Threshold[] = [];
  const skipped: string[] = [];
  for (const text of fromFile ?? []) {
    const t = parseOne(text, own);
    if (typeof t === "string") skipped.push(text);
    else thresholds.push(t);
  }
  return { thresholds: [...thresholds, ...parsed.thresholds], skipped };
}

/** How a measured value is said: censored outcomes with the runs that reached them. */
function measuredText(c: ThresholdCheck): string {
  if (c.measured === null) return c.reached ? `not reached (${c.reached.runs} of ${c.reached.of} runs)` : "not reached";
  return formatMeasured(c.measured, c.threshold.unit);
}

/**
 * Lines for the terminal: one per threshold, `✓`/`✗`, the threshold and what was measured.
 *
 * @example
 * ```ts
 * thresholdLines(checks, []); // ["Thresholds  1 of 2 failed", "  ✗ paralysis.hours.q95 < 24h  measured 263.1 h", …]
 * ```
 */
export function thresholdLines(checks: readonly ThresholdCheck[], skipped: readonly string[], kind: "run" | "projection"): string[] {
  if (checks.length === 0 && skipped.length === 0) return [];
  const failed = checks.filter((c) => !c.passed).length;
  const out = [`Thresholds  ${failed === 0 ? `all ${checks.length} passed` : `${failed} of ${checks.length} failed`}`];
  const w = Math.max(0, ...checks.map((c) => c.threshold.source.length));
  for (const c of checks) out.push(`  ${c.passed ? "✓" : "✗"} ${c.threshold.source.padEnd(w)}  measured ${measuredText(c)}`);
  for (const s of skipped) out.push(`  – ${s}  skipped: ${kind === "run" ? "a statistic over runs (give --runs N)" : "a single run's metric"}`);
  return out;
}

/** XML text and attribute escaping. */
function xml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/**
 * JUnit XML for CI dashboards: one `<testsuite>` per checked result (a run, a projection or a
 * sweep variant), one `<testcase>` per threshold, a `<failure>` with the measured value when it
 * does not hold, `<skipped>` for thresholds of the other kind of result.
 *
 * @example
 * ```ts
 * junitXml([{ name: "Quickstart", checks, skipped: [] }]);
 * ```
 */
export function junitXml(suites: ReadonlyArray<{ name: string; checks: readonly ThresholdCheck[]; skipped: readonly string[] }>): string {
  const tests = suites.reduce((n, s) => n + s.checks.length + s.skipped.length, 0);
  const failures = suites.reduce((n, s) => n + s.checks.filter((c) => !c.passed).length, 0);
  const skippedAll = suites.reduce((n, s) => n + s.skipped.length, 0);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="tiersim thresholds" tests="${tests}" failures="${failures}" errors="0" skipped="${skippedAll}">`];
  for (const s of suites) {
    const f = s.checks.filter((c) => !c.passed).length;
    out.push(`  <testsuite name="${xml(s.name)}" tests="${s.checks.length + s.skipped.length}" failures="${f}" errors="0" skipped="${s.skipped.length}">`);
    for (const c of s.checks) {
      const name = `${xml(c.threshold.source)}`;
      if (c.passed) out.push(`    <testcase classname="${xml(s.name)}" name="${name}">`, `      <system-out>measured ${xml(measuredText(c))}</system-out>`, "    </testcase>");
      else {
        const msg = `measured ${measuredText(c)}; expected ${c.threshold.source}`;
        out.push(`    <testcase classname="${xml(s.name)}" name="${name}">`, `      <failure message="${xml(msg)}" type="threshold">${xml(msg)}</failure>`, "    </testcase>");
      }
    }
    for (const t of s.skipped) out.push(`    <testcase classname="${xml(s.name)}" name="${xml(t)}">`, `      <skipped message="not applicable to this kind of result"/>`, "    </testcase>");
    out.push("  </testsuite>");
  }
  out.push("</testsuites>", "");
  return out.join("\n");
}

/** One checked result: its suite name, checks and skipped thresholds. */
export interface CheckedSuite {
  name: string;
  checks: ThresholdCheck[];
  skipped: string[];
}

/**
 * Checks a plan against one result and names the suite.
 *
 * @example
 * ```ts
 * const suite = checkSuite(result.scenario.name, result, plan);
 * ```
 */
export function checkSuite(name: string, result: RunResult | ProjectionResult, plan: ThresholdPlan): CheckedSuite {
  return { name, checks: checkThresholds(result, plan.thresholds), skipped: plan.skipped };
}

/**
 * Finishes a command's threshold checks: writes `--junit FILE` (atomically, also when all
 * pass), prints the lines (to stderr when stdout carries JSON), and sets exit code 1 when any
 * failed.
 *
 * @example
 * ```ts
 * concludeThresholds([suite], { junit: argv.junit, json: argv.json, kind: "run" });
 * ```
 */
export function concludeThresholds(suites: readonly CheckedSuite[], opts: { junit?: string; json: boolean; kind: "run" | "projection" }): void {
  const any = suites.some((s) => s.checks.length > 0 || s.skipped.length > 0);
  if (opts.junit) writeFileAtomic(opts.junit, junitXml(suites));
  if (!any) return;
  const stream = opts.json ? process.stderr : process.stdout;
  for (const s of suites) {
    const lines = thresholdLines(s.checks, s.skipped, opts.kind);
    if (suites.length > 1) lines[0] = `${lines[0]} · ${s.name}`;
    stream.write(`${opts.json ? "" : "\n"}${lines.join("\n")}\n`);
  }
  if (opts.junit) stream.write(`Wrote ${opts.junit} (JUnit XML)\n`);
  if (suites.some((s) => s.checks.some((c) => !c.passed))) process.exitCode = ExitCode.CheckFailed;
}
