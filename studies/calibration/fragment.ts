// The scenario fragment a calibration writes (`tiersim calibrate --out fitted.yaml`): the fitted
// values where a scenario takes them, each with its distribution, sample size and interval in
// a comment beside it, and what the log cannot say (blocks, reports) as a comment with its
// bound. Webhooks cannot tell a scenario's segments apart, so the rates go on a segment named
// `all`, which scenarios/merge.ts applies to every segment of the scenario it merges into.
import type { BetaFit } from "../stats/beta.js";
import type { Calibration, LatencyFit, RateFit, SliceFits } from "./fit.js";

/** Φ⁻¹(0.95). */
const Z95 = 1.6448536269514722;

/**
 * How sure the fit is of a latency's median: the log-normal fitted by maximum likelihood puts
 * ln median at the mean of n log-latencies, with standard error σ/√n, so the median itself is
 * log-normal with that spread. Seconds, rounded; `null` without data.
 */
export function medianUncertainty(f: LatencyFit): { median: number; p95: number } | null {
  if (f.n === 0) return null;
  const median = Math.max(1, Math.round(f.median));
  const p95 = Math.max(median, Math.round(f.median * Math.exp((Z95 * f.sigma) / Math.sqrt(f.n))));
  return { median, p95 };
}

/**
 * How sure the fit is of a per-day rate: the Jeffreys posterior of a Poisson rate, Gamma(count
 * + ½) over the exposure, written as the log-normal with the same median and 95th percentile
 * (Wilson–Hilferty's cube-root approximation of the Gamma quantiles). `null` for no messages.
 */
export function rateUncertainty(r: RateFit): { median: number; p95: number } | null {
  if (r.count === 0 || r.exposure === 0) return null;
  const k = r.count + 0.5;
  const q = (z: number): number => (k * (1 - 1 / (9 * k) + z * Math.sqrt(1 / (9 * k))) ** 3) / r.exposure;
  const median = sig(q(0));
  return { median, p95: Math.max(median, sig(q(Z95))) };
}

function sig(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(4));
}

function describe(f: BetaFit, what: string): string {
  return `mean ${sig(f.mean)}, n = ${f.n}, 95 % [${sig(f.lo)}, ${sig(f.hi)}] — ${what}`;
}

function betaYaml(f: BetaFit): string {
  return `{ beta: [${f.a}, ${f.b}] }`;
}

/** A segment's values as the scenario writes them. */
function segmentValues(name: string, share: number, f: SliceFits): Record<string, unknown> {
  const segment: Record<string, unknown> = { name, share };
  // Rates as their Beta posteriors: a projection draws them per replication, a single run uses the mean.
  if (f.read.n > 0) segment.read = { beta: [f.read.a, f.read.b] };
  if (f.reply.n > 0) segment.reply = { beta: [f.reply.a, f.reply.b] };
  if (f.optOut.n > 0) segment.optOut = { beta: [f.optOut.a, f.optOut.b] };
  if (f.inboundPerDay.exposure > 0) {
    const u = rateUncertainty(f.inboundPerDay);
    segment.inboundPerDay = u ? { lognormal: u } : 0;
  }
  return segment;
}

/** Segments with shares rounded to 4 decimals that sum to exactly 1 (the remainder on the largest). */
function segmentShares(cal: Calibration): Array<{ name: string; share: number; fits: SliceFits }> {
  const list = (cal.segments?.list ?? []).filter((s) => s.delivered > 0);
  if (list.length === 0) return [{ name: "all", share: 1, fits: cal.fits }];
  const shares = list.map((s) => Math.round(s.share * 1e4) / 1e4);
  const largest = shares.indexOf(Math.max(...shares));
  shares[largest] = Math.round((1 - shares.reduce((a, b, i) => (i === largest ? a : a + b), 0)) * 1e4) / 1e4;
  return list.map((s, i) => ({ name: s.name, share: shares[i], fits: s.fits }));
}

/** The fragment's values, as data (what the YAML holds). */
export function fragmentData(cal: Calibration): { audience: { segments: Array<Record<string, unknown>>; latency?: Record<string, unknown> } } {
  const f = cal.fits;
  const segments = segmentShares(cal).map((s) => segmentValues(s.name, s.share, s.fits));
  const latency: Record<string, unknown> = {};
  // Medians as distributions of how sure the fit is of them (a projection draws one per
  // replication; every message then draws its delay around it with `spread`).
  for (const k of ["read", "reply"] as const) {
    const fit = f.latency[k];
    const u = fit ? medianUncertainty(fit) : null;
    if (u) latency[k] = { lognormal: { median: `${u.median}s`, p95: `${u.p95}s` } };
  }
  const spread = f.latency.read?.sigma ?? f.latency.reply?.sigma;
  if (spread !== undefined && spread > 0) latency.spread = spread;
  return { audience: { segments, ...(Object.keys(latency).length > 0 ? { latency } : {}) } };
}

/**
 * The fragment as commented YAML.
 *
 * @example
 * ```ts
 * writeFileSync("fitted.yaml", fragmentYaml(fitCalibration(fold, ruleSet)));
 * ```
 */
export function fragmentYaml(cal: Calibration): string {
  const data = fragmentData(cal);
  const f = cal.fits;
  const nb = cal.bounds.negativeFeedback;
  const segmented = cal.segments !== undefined && data.audience.segments[0].name !== "all";
  const out: string[] = [
    `# Fitted by ${cal.tool.name} ${cal.tool.version} calibrate from ${cal.input.lines} log lines (${cal.input.files.join(", ")}),`,
    `# ${cal.input.from ?? "?"} to ${cal.input.to ?? "?"} (${cal.input.days} days); rates over messages delivered before ${cal.input.settledBefore ?? "?"}.`,
    "# Each rate is its Beta posterior (Jeffreys prior: successes + ½, failures + ½), the inbound rate",
    "# and the latency medians log-normals of how sure the fit is of them: a projection (--runs N)",
    "# draws each afresh per replication, a single run uses its mean; the comment gives the mean,",
    "# sample size and 95 % interval.",
    segmented
      ? `# One segment per value of ${cal.segments!.by === "callback" ? "biz_opaque_callback_data" : cal.segments!.by}, its share that of the delivered messages;`
      : "# A segment named `all` sets its rates on every segment of the scenario it merges into:",
    segmented ? "# merged into a scenario, segments of the same name take these values (see docs/calibration.md)." : "# webhooks cannot tell segments apart (see docs/calibration.md; --segment-by splits them).",
    "audience:",
    "  segments:",
  ];
  segmentShares(cal).forEach((s, i) => {
    const seg = data.audience.segments[i];
    const fit = s.fits;
    out.push(`    - name: ${JSON.stringify(s.name)}`, `      share: ${s.share}`);
    if (seg.read !== undefined) out.push(`      read: ${betaYaml(fit.read)}   # ${describe(fit.read, "P(read | no reply), as tiersim draws reads")}`);
    if (seg.reply !== undefined) out.push(`      reply: ${betaYaml(fit.reply)}   # ${describe(fit.reply, "replied messages per delivered")}`);
    if (seg.optOut !== undefined) out.push(`      optOut: ${betaYaml(fit.optOut)}   # ${describe(fit.optOut, "stop requests per delivered marketing message")}`);
    if (seg.inboundPerDay !== undefined) {
      const r = fit.inboundPerDay;
      const u = rateUncertainty(r);
      const value = u ? `{ lognormal: { median: ${u.median}, p95: ${u.p95} } }` : "0";
      out.push(`      inboundPerDay: ${value}   # mean ${sig(r.mean)}, n = ${r.count} messages over ≈ ${r.exposure} user-days (users counted approximately), 95 % [${sig(r.lo)}, ${sig(r.hi)}]`);
    }
  });
  out.push(`  # block, report: no webhook carries them. BOUND on ${nb.quantity}: [${nb.lo}, ${nb.hi}]`);
  out.push(`  # (${nb.basis}). The scenario's own values stay; keep them inside the bound.`);
  const lat = data.audience.latency;
  if (lat) {
    out.push("  latency:");
    const r = f.latency.read;
    const p = f.latency.reply;
    const dist = (fit: LatencyFit): string => {
      const u = medianUncertainty(fit)!;
      return `{ lognormal: { median: ${u.median}s, p95: ${u.p95}s } }`;
    };
    if (lat.read !== undefined && r) out.push(`    read: ${dist(r)}   # median of the delays (log-normal fit, n = ${r.n}), spread by its standard error σ/√n; the delays' own p95 ${Math.round(r.p95)}s (observed ${Math.round(r.observed.q95)}s)`);
    if (lat.reply !== undefined && p) out.push(`    reply: ${dist(p)}   # from the read; median of the delays, n = ${p.n}; the delays' own p95 ${Math.round(p.p95)}s (observed ${Math.round(p.observed.q95)}s)`);
    if (lat.spread !== undefined) out.push(`    spread: ${String(lat.spread)}   # σ of ln(read latency)${p ? `; the reply latency's is ${p.sigma}` : ""}`);
  }
  return out.join("\n") + "\n";
}
