// The text report of `tiersim check-throttle`: what the throttle did (errors by code and by
// day, limit overshoot, queue latency, deferred versus dropped, utilisation, days to each tier
// against the ideal throttle) and, when asked, which assertions held.
import { errorInfo } from "../models/errors.js";
import { displayText, forDisplay, NAME_MAX, TEXT_MAX } from "../reports/sanitize.js";
import type { ThrottleCheckResult, ThrottleRunMetrics } from "../studies/throttles/index.js";

const fmtInt = (n: number): string => Math.round(n).toLocaleString("en-US");
const fmtMs = (ms: number): string => (ms >= 3_600_000 ? `${(ms / 3_600_000).toFixed(1)} h` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const fmtDays = (d: number | null | undefined): string => (d === null || d === undefined ? "not reached" : `${d.toFixed(2)} d`);
const tierName = (t: string): string => (t === "unlimited" ? "unlimited" : fmtInt(Number(t)));

/**
 * Renders a check result as text, one section per measure; with several runs, the first
 * run in detail and one line per run.
 *
 * @example
 * ```ts
 * process.stdout.write(formatThrottleReport(checkThrottle(config, factory, { ideal: true })));
 * ```
 */
export function formatThrottleReport(check: ThrottleCheckResult, rawLabel: string): string {
  // Names from the scenario and the throttle module are shown escaped: neither may drive the terminal.
  const r = forDisplay(check);
  const throttleLabel = displayText(rawLabel, TEXT_MAX);
  const out: string[] = [];
  const m = r.metrics[0];
  out.push(`Throttle check — ${displayText(r.scenario, NAME_MAX)}`);
  out.push(`Throttle: ${throttleLabel} — ${[...new Set(r.throttles)].join(", ")}`);
  out.push(r.runs === 1 ? `Seed: ${r.seeds[0]}` : `Runs: ${r.runs} (seeds ${r.seeds.join(", ")}); details of run 0`);
  out.push("");
  out.push(...runSection(m));
  if (r.runs > 1) {
    out.push("", "Per run:");
    out.push(`  ${"run".padEnd(4)} ${"seed".padEnd(18)} ${"130429".padStart(7)} ${"131056".padStart(7)} ${"overshoot".padStart(9)} ${"queue p95".padStart(10)} ${"paralysis h".padStart(11)}`);
    r.metrics.forEach((x, i) => {
      out.push(
        `  ${String(i).padEnd(4)} ${String(x.seed).padEnd(18)} ${fmtInt(x.errors["130429"] ?? 0).padStart(7)} ${fmtInt(x.errors["131056"] ?? 0).padStart(7)} ${fmtInt(x.limitOvershoot).padStart(9)} ${fmtMs(x.queue.p95).padStart(10)} ${x.paralysis.hours.toFixed(1).padStart(11)}`,
      );
    });
  }
  if (r.assertions.length) {
    out.push("", "Assertions:");
    for (const a of r.assertions) {
      const failed = r.failures.filter((f) => f.assertion === a);
      if (failed.length === 0) out.push(`  ✓ ${a}${r.runs > 1 ? ` (all ${r.runs} runs)` : ""}`);
      else for (const f of failed) out.push(`  ✗ ${f.message}`);
    }
    out.push("", r.ok ? "All assertions hold." : `${r.failures.length} assertion failure(s). Replay a run with --seed ${r.failures[0].seed} (and --runs 1).`);
  }
  return out.join("\n") + "\n";
}

function runSection(m: ThrottleRunMetrics): string[] {
  const out: string[] = [];
  out.push(`Attempts: ${fmtInt(m.attempted)} · delivered ${fmtInt(m.delivered)} · deferred ${fmtInt(m.deferred)} · dropped ${fmtInt(m.dropped)} (gave up after an error: ${fmtInt(m.gaveUp)})`);
  out.push(`Limit overshoot: ${fmtInt(m.limitOvershoot)} send(s) refused because the messaging limit was full`);
  const codes = Object.entries(m.errors);
  out.push("Errors by code:");
  if (codes.length === 0) out.push("  none");
  for (const [code, n] of codes) out.push(`  ${code.padEnd(7)} ${fmtInt(n).padStart(8)}  ${errorInfo(Number(code))?.title ?? ""}`);
  const days = m.errorsByDay.filter((d) => Object.keys(d.byCode).length > 0);
  if (days.length) {
    out.push("Errors by day:");
    for (const d of days) out.push(`  ${d.date}  ${Object.entries(d.byCode).map(([c, n]) => `${c}×${fmtInt(n)}`).join("  ")}`);
  }
  out.push(`Queue wait: p50 ${fmtMs(m.queue.p50)} · p95 ${fmtMs(m.queue.p95)} · p99 ${fmtMs(m.queue.p99)} · max ${fmtMs(m.queue.max)} (${fmtInt(m.queue.count)} attempts)`);
  out.push(`Paralysis: ${m.paralysis.hours.toFixed(1)} h${Object.keys(m.paralysis.byCause).length ? ` (${Object.entries(m.paralysis.byCause).map(([c, h]) => `${c} ${h!.toFixed(1)} h`).join(", ")})` : ""}`);
  const util = m.utilisation;
  out.push(`Limit utilisation: mean ${util.mean === null ? "n/a (unlimited)" : `${(util.mean * 100).toFixed(1)} %`}${util.max === null ? "" : ` · max day ${(util.max * 100).toFixed(1)} %`}`);
  out.push("Days to each tier (this throttle vs ideal fill-limit, headroom 0, same seed):");
  for (const [tier, d] of Object.entries(m.reachedAtDays)) {
    const ideal = m.ideal?.reachedAtDays[tier];
    const diff = d !== null && ideal !== null && ideal !== undefined ? d - ideal : null;
    // The ideal fills the limit but can lose quality or templates doing so: the throttle may win.
    const delay = diff === null ? "" : Math.abs(diff) < 0.005 ? " · same day" : ` · ${Math.abs(diff).toFixed(2)} d ${diff > 0 ? "slower" : "faster"}`;
    out.push(`  ${tierName(tier).padEnd(10)} ${fmtDays(d).padEnd(12)} ideal ${fmtDays(ideal)}${delay}`);
  }
  return out;
}
