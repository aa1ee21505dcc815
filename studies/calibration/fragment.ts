// The scenario fragment a calibration writes (`tiersim calibrate --out fitted.yaml`): the fitted
// values where a scenario takes them, each with its distribution, sample size and interval in
// a comment beside it, and what the log cannot say (blocks, reports) as a comment with its
// bound. Webhooks cannot tell a scenario's segments apart, so the rates go on a segment named
// `all`, which scenarios/merge.ts applies to every segment of the scenario it merges into.
import type { BetaFit } from "../stats/beta.js";
import type { Calibration } from "./fit.js";

function sig(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(4));
}

function describe(f: BetaFit, what: string): string {
  return `beta [${sig(f.a)}, ${sig(f.b)}], n = ${f.n}, 95 % [${sig(f.lo)}, ${sig(f.hi)}] — ${what}`;
}

/** The fragment's values, as data (what the YAML holds). */
export function fragmentData(cal: Calibration): { audience: { segments: Array<Record<string, unknown>>; latency?: Record<string, unknown> } } {
  const f = cal.fits;
  const segment: Record<string, unknown> = { name: "all", share: 1 };
  if (f.read.n > 0) segment.read = sig(f.read.mean);
  if (f.reply.n > 0) segment.reply = sig(f.reply.mean);
  if (f.optOut.n > 0) segment.optOut = sig(f.optOut.mean);
  if (f.inboundPerDay.exposure > 0) segment.inboundPerDay = sig(f.inboundPerDay.mean);
  const latency: Record<string, unknown> = {};
  if (f.latency.read) latency.read = `${Math.max(1, Math.round(f.latency.read.median))}s`;
  if (f.latency.reply) latency.reply = `${Math.max(1, Math.round(f.latency.reply.median))}s`;
  const spread = f.latency.read?.sigma ?? f.latency.reply?.sigma;
  if (spread !== undefined && spread > 0) latency.spread = spread;
  return { audience: { segments: [segment], ...(Object.keys(latency).length > 0 ? { latency } : {}) } };
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
  const seg = data.audience.segments[0];
  const f = cal.fits;
  const nb = cal.bounds.negativeFeedback;
  const out: string[] = [
    `# Fitted by ${cal.tool.name} ${cal.tool.version} calibrate from ${cal.input.lines} log lines (${cal.input.files.join(", ")}),`,
    `# ${cal.input.from ?? "?"} to ${cal.input.to ?? "?"} (${cal.input.days} days); rates over messages delivered before ${cal.input.settledBefore ?? "?"}.`,
    "# Each rate is the mean of its Beta posterior (Jeffreys prior); the comment gives the distribution,",
    "# its sample size and 95 % interval. A segment named `all` sets its rates on every segment of the",
    "# scenario it merges into: webhooks cannot tell segments apart (see docs/calibration.md).",
    "audience:",
    "  segments:",
    "    - name: all",
    "      share: 1",
  ];
  if (seg.read !== undefined) out.push(`      read: ${seg.read}   # ${describe(f.read, "P(read | no reply), as tiersim draws reads")}`);
  if (seg.reply !== undefined) out.push(`      reply: ${seg.reply}   # ${describe(f.reply, "replied messages per delivered")}`);
  if (seg.optOut !== undefined) out.push(`      optOut: ${seg.optOut}   # ${describe(f.optOut, "stop requests per delivered marketing message")}`);
  if (seg.inboundPerDay !== undefined) {
    const r = f.inboundPerDay;
    out.push(`      inboundPerDay: ${seg.inboundPerDay}   # ${r.count} messages over ≈ ${r.exposure} user-days (users counted approximately), 95 % [${sig(r.lo)}, ${sig(r.hi)}]`);
  }
  out.push(`      # block, report: no webhook carries them. BOUND on ${nb.quantity}: [${nb.lo}, ${nb.hi}]`);
  out.push(`      # (${nb.basis}). The scenario's own values stay; keep them inside the bound.`);
  const lat = data.audience.latency;
  if (lat) {
    out.push("  latency:");
    const r = f.latency.read;
    const p = f.latency.reply;
    if (lat.read !== undefined && r) out.push(`    read: ${String(lat.read)}   # log-normal median, n = ${r.n}; p95 ${Math.round(r.p95)}s (observed ${Math.round(r.observed.q95)}s)`);
    if (lat.reply !== undefined && p) out.push(`    reply: ${String(lat.reply)}   # from the read; log-normal median, n = ${p.n}; p95 ${Math.round(p.p95)}s (observed ${Math.round(p.observed.q95)}s)`);
    if (lat.spread !== undefined) out.push(`    spread: ${String(lat.spread)}   # σ of ln(read latency)${p ? `; the reply latency's is ${p.sigma}` : ""}`);
  }
  return out.join("\n") + "\n";
}
