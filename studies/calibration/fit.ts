// From folded counters to fitted parameters: each rate a Beta posterior with its sample size,
// each latency a log-normal with its histogram, the template and limit histories as the log
// tells them, and — for blocks and reports, which no webhook carries — the range of negative
// feedback consistent with the observed template quality history under the rule set's
// thresholds, stated as a bound.
import { errorTitle } from "../../models/wire/index.js";
import type { RuleSet } from "../../models/rules/types.js";
import { TOOL_NAME, VERSION } from "../../index-version.js";
import { betaFit } from "../stats/beta.js";
import type { SegmentKey, WebhookFold } from "./fold.js";
import type { CalibrationResult, LatencyFit, RateFit, SegmentFits, SliceFits } from "./contract.js";
import type { SendsCount } from "./sends.js";
import type { Tally } from "./tally.js";

/** What `tiersim calibrate` returns (`tiersim/calibration@1`); its schema is in ./contract.ts. */
export type Calibration = CalibrationResult;
export type { LatencyFit, RateFit, SegmentFits, SliceFits };

/** Options of {@link fitCalibration}. */
export interface FitOptions {
  /** The key the fold was segmented by (reported with the segments). */
  segmentBy?: SegmentKey;
  /** Leave out messages delivered in the last `settle` seconds of the log (default 86,400). */
  settle?: number;
  /** The sends files' attempts (`--sends`). */
  sends?: SendsCount;
}

function latencyFit(h: WebhookFold["readLatency"]): LatencyFit | null {
  const ln = h.logNormal();
  if (ln.n < 2) return null;
  const q = (p: number): number => Math.round(h.quantile(p) * 10) / 10;
  return {
    n: ln.n,
    zeros: ln.zeros,
    median: Math.round(ln.median * 10) / 10,
    p95: Math.round(ln.p95 * 10) / 10,
    sigma: Math.round(ln.sigma * 1000) / 1000,
    observed: { q05: q(0.05), q25: q(0.25), q50: q(0.5), q75: q(0.75), q95: q(0.95) },
    histogram: h.bins(),
  };
}

/** Rates, failures, inbound and latencies of one slice, over messages delivered before `cut`. */
function sliceFits(t: Tally, cut: number, last: number, days: number): SliceFits {
  const s = t.settled(cut, last);
  // tiersim's read draw: replied ⇒ read; otherwise read with probability `read`.
  const notReplied = s.delivered - s.replied;
  const readNotReplied = s.read - s.readReplied;
  const read = betaFit(Math.max(0, Math.min(notReplied, readNotReplied)), Math.max(0, notReplied));
  const readObserved = betaFit(Math.min(s.read, s.delivered), s.delivered);
  const reply = betaFit(Math.min(s.replied, s.delivered), s.delivered);
  const optOut = betaFit(Math.min(s.stops, s.marketing), s.marketing);

  const finals = t.delivered + t.failed;
  const failures: SliceFits["failures"] = {};
  for (const [code, n] of [...t.failures].sort((a, b) => a[0] - b[0])) failures[String(code)] = { ...betaFit(Math.min(n, finals), finals), title: errorTitle(code) };

  const exposure = Math.round(t.users.estimate()) * days;
  const n = t.inbound;
  const inboundPerDay: RateFit =
    exposure > 0
      ? { mean: n / exposure, lo: Math.max(0, n - 1.96 * Math.sqrt(n)) / exposure, hi: (n + 1.96 * Math.sqrt(n) + 1) / exposure, count: n, exposure: Math.round(exposure) }
      : { mean: 0, lo: 0, hi: 0, count: n, exposure: 0 };
  return { read, readObserved, reply, optOut, failures, inboundPerDay, latency: { read: latencyFit(t.readLatency), reply: latencyFit(t.replyLatency) } };
}

const QUALITY_ORDER = ["UNKNOWN", "GREEN", "YELLOW", "RED"];

/**
 * Fits a folded log under `ruleSet`'s thresholds.
 *
 * @example
 * ```ts
 * const fold = new WebhookFold();
 * // … fold.line(text, n) for every line …
 * const cal = fitCalibration(fold, getRuleSet("meta-2025-10")!);
 * cal.fits.read; // { a, b, mean, n, lo, hi, level: 0.95 }
 * ```
 */
export function fitCalibration(fold: WebhookFold, ruleSet: RuleSet, options: FitOptions = {}): Calibration {
  const settle = options.settle ?? 86_400;
  if (settle > fold.settleMax) throw new RangeError(`settle ${settle} s is longer than the fold's (${fold.settleMax} s): fold with { settle } at least as long`);
  const hasSpan = fold.lastTs >= fold.firstTs;
  const cut = hasSpan ? fold.lastTs - settle : -Infinity;
  const days = hasSpan ? Math.max(1 / 24, (fold.lastTs - fold.firstTs) / 86_400) : 0;

  const fits = sliceFits(fold.total, cut, fold.lastTs, days);
  const { readObserved } = fits;
  const users = Math.round(fold.users.estimate());
  let segments: Calibration["segments"];
  if (fold.segments.length > 0 && options.segmentBy) {
    const delivered = fold.segments.reduce((sum, t) => sum + t.delivered, 0);
    segments = {
      by: options.segmentBy,
      list: fold.segments.map((t, i) => ({ name: fold.segmentNames[i], share: delivered > 0 ? Math.round((t.delivered / delivered) * 1e6) / 1e6 : 0, delivered: t.delivered, fits: sliceFits(t, cut, fold.lastTs, days) })),
    };
  }

  // Templates: pauses, disables and the worst quality any template reached.
  const pauses: Record<string, number> = {};
  const disabled: string[] = [];
  let worst = 0;
  for (const c of fold.templates) {
    if (c.kind === "status" && c.to === "PAUSED") pauses[c.template] = (pauses[c.template] ?? 0) + 1;
    if (c.kind === "status" && c.to === "DISABLED" && !disabled.includes(c.template)) disabled.push(c.template);
    if (c.kind === "quality") worst = Math.max(worst, QUALITY_ORDER.indexOf(c.to));
    if (c.kind === "status" && c.to === "PAUSED") worst = Math.max(worst, 3);
  }
  const worstQuality = QUALITY_ORDER[Math.max(1, worst)];

  const tq = ruleSet.templates.quality;
  const penalty = tq.readRateWeight * Math.max(0, tq.lowReadRate - readObserved.mean);
  const yellow = Math.max(0, tq.yellowAt - penalty);
  const red = Math.max(0, tq.redAt - penalty);
  const round = (x: number): number => Math.round(x * 1e6) / 1e6;
  const negativeFeedback =
    worst >= 3
      ? { lo: round(red), hi: 1, basis: `a template reached RED (or was paused): its feedback score reached ${tq.redAt} (${ruleSet.id}), ${round(penalty)} of it from a low read rate, in some ${tq.window / 86_400_000}-day window` }
      : worst === 2
        ? { lo: round(yellow), hi: round(red), basis: `a template reached YELLOW but never RED: its feedback score peaked in [${tq.yellowAt}, ${tq.redAt}) (${ruleSet.id}), less ${round(penalty)} for a low read rate` }
        : { lo: 0, hi: round(yellow), basis: `no template left GREEN: every ${tq.window / 86_400_000}-day feedback score stayed under ${tq.yellowAt} (${ruleSet.id}), less ${round(penalty)} for a low read rate` };

  let final: number | null | undefined;
  for (const l of fold.limits) if (l.limit !== undefined) final = l.limit;

  const iso = (t: number): string | null => (Number.isFinite(t) ? new Date(t * 1000).toISOString() : null);
  return {
    schema: "tiersim/calibration@1",
    tool: { name: TOOL_NAME, version: VERSION },
    rules: ruleSet.id,
    input: { files: fold.files, lines: fold.lines, bodies: fold.bodies, blank: fold.blank, from: iso(fold.firstTs), to: iso(fold.lastTs), days: Math.round(days * 1000) / 1000, settledBefore: iso(cut) },
    issues: {
      malformed: fold.malformed,
      duplicates: fold.duplicates,
      outOfOrder: fold.outOfOrder,
      late: fold.late,
      lateStatuses: fold.lateStatuses,
      outsideRange: fold.outside,
      unjoinedReplies: fold.unjoinedReplies,
      systemErrors: fold.systemErrors,
      otherFields: Object.fromEntries([...fold.otherFields].sort()),
    },
    join: fold.windowKept(),
    messages: { distinct: fold.statuses.messages, sent: fold.statuses.sent, delivered: fold.statuses.delivered, read: fold.statuses.read, failed: fold.statuses.failed, replied: fold.statuses.replied, users },
    fits,
    ...(segments ? { segments } : {}),
    ...(options.sends ? { sends: sendsFit(options.sends, fold.statuses.messages) } : {}),
    templates: { history: fold.templates, pauses, disabled, worstQuality },
    limits: { history: fold.limits, final, flagged: fold.limits.some((l) => l.event === "FLAGGED"), truncated: fold.historyTruncated },
    bounds: {
      negativeFeedback: { quantity: "blocks + reports per delivered message (fatigue included), at the worst template's worst window", ...negativeFeedback, bound: true },
    },
  };
}

function sendsFit(c: SendsCount, inLog: number): NonNullable<Calibration["sends"]> {
  const notInLog = Math.max(0, c.attempts - inLog);
  return {
    files: c.files,
    attempts: c.attempts,
    outsideRange: c.outside,
    byCategory: Object.fromEntries([...c.byCategory].sort()),
    inLog,
    notInLog,
    notInLogRate: betaFit(notInLog, c.attempts),
    ...(inLog > c.attempts ? { note: `the log shows ${inLog - c.attempts} more messages than the files attempted: the files miss sends (or cover a shorter span)` } : {}),
    malformed: c.malformed,
  };
}
