// Compiles a validated scenario into the simulator's configuration: dates become
// milliseconds since the start, names become indices, and the scenario's time zone becomes
// a plain list of local midnights. The loader has already checked every reference, so a
// failure here is a bug, not a user's mistake.
import type { RuleSet } from "../models/rules/types.js";
import type { SimCampaign, SimConfig, SimTemplate, UncertainParam } from "../sim/config.js";
import { distMean, isDist, type Dist } from "../models/uncertain.js";
import { RULE_RANGES } from "../models/rules/uncertain-ranges.js";
import type { Scenario } from "./schema.js";
import { addDays, horizonEnd, localDate, toInstant } from "./time.js";
import { DAY } from "../models/duration.js";


/**
 * Local midnights covering `[start, start + horizon]` in `zone`, as ms since `start`, with
 * their labels. The first day is the one containing `start` (its midnight may be negative).
 *
 * @example
 * ```ts
 * localCalendar(Date.parse("2026-03-02T00:00:00+01:00"), 2 * 86_400_000, "Europe/Madrid");
 * // { dayStarts: [0, 86400000, 172800000], dayLabels: ["2026-03-02", "2026-03-03", "2026-03-04"] }
 * ```
 */
export function localCalendar(startEpoch: number, horizon: number, zone: string): { dayStarts: number[]; dayLabels: string[] } {
  const dayStarts: number[] = [];
  const dayLabels: string[] = [];
  let label = localDate(startEpoch, zone);
  for (;;) {
    const at = toInstant(label, zone);
    if (at === undefined) throw new Error(`cannot resolve local midnight of ${label} in ${zone}`);
    dayStarts.push(at - startEpoch);
    dayLabels.push(label);
    if (at - startEpoch > horizon) break;
    label = addDays(label, 1);
  }
  return { dayStarts, dayLabels };
}

function parseWindow(w: string | undefined): { from: number; to: number } | null {
  if (!w) return null;
  const [a, b] = w.split("-");
  const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return { from: minutes(a), to: minutes(b) };
}

/**
 * Turns a loaded scenario (and its rule set with overrides applied) into the simulator's input.
 *
 * @example
 * ```ts
 * const loaded = loadScenarioFile("scenarios/quickstart.yaml");
 * if (loaded.ok) simulate(compileScenario(loaded.scenario, loaded.ruleSet));
 * ```
 */
export function compileScenario(s: Scenario, ruleSet: RuleSet, opts: { days?: number; seed?: number } = {}): SimConfig {
  const zone = s.timezone;
  const startEpoch = toInstant(s.start, zone);
  if (startEpoch === undefined) throw new Error(`invalid start ${s.start}`);
  const days = opts.days ?? s.days;
  const horizon = horizonEnd(startEpoch, days, zone) - startEpoch;
  const at = (text: string | undefined, fallback: number): number => {
    if (text === undefined) return fallback;
    const t = toInstant(text, zone);
    if (t === undefined) throw new Error(`invalid date ${text}`);
    return t - startEpoch;
  };
  const phoneIndex = new Map(s.business.phoneNumbers.map((p, i) => [p.id, i]));
  const templateIndex = new Map(s.templates.map((t, i) => [t.name, i]));
  const segmentIndex = new Map(s.audience.segments.map((g, i) => [g.name, i]));

  const templates: SimTemplate[] = s.templates.map((t) => ({
    name: t.name,
    category: t.category,
    status: t.status,
    submittedAt: at(t.submittedAt, 0),
    review: reviewOf(t.review),
    phone: t.phone !== undefined ? phoneIndex.get(t.phone)! : 0,
    onPause: t.onPause,
    replacementAfter: t.replacement ? t.replacement.after : null,
  }));

  const campaigns: SimCampaign[] = s.campaigns.map((c) => {
    const template = templateIndex.get(c.template)!;
    const cadence = c.cadence;
    const every = cadence === "once" ? 0 : cadence === "daily" ? DAY : cadence === "weekly" ? 7 * DAY : cadence.every;
    return {
      name: c.name,
      template,
      phone: c.phone !== undefined ? phoneIndex.get(c.phone)! : templates[template].phone,
      segments: c.audience.segments ? c.audience.segments.map((n) => segmentIndex.get(n)!) : s.audience.segments.map((_, i) => i),
      share: c.audience.share,
      start: at(c.start, 0),
      end: Math.min(at(c.end, horizon), horizon),
      every,
      window: parseWindow(c.window),
      throttle: { ...c.throttle },
      retry: Object.fromEntries(Object.entries(c.retry).map(([code, r]) => [code, r === "stop" ? "stop" : { after: r.after, max: r.max, backoff: r.backoff }])),
      plan: c.plan ? c.plan.map((p) => ({ at: at(p.at, 0), count: p.count })) : null,
    };
  });

  const uncertain = uncertainParams(s);
  return {
    name: s.name,
    ruleSet,
    overrides: { ...s.overrides },
    startEpoch,
    horizon,
    timezone: zone,
    seed: opts.seed ?? s.seed,
    ...localCalendar(startEpoch, horizon, zone),
    business: {
      verification: s.business.verification,
      verifiedAt: s.business.verifiedAt !== undefined ? at(s.business.verifiedAt, 0) : null,
      limit: s.business.limit,
      quality: s.business.quality,
      phones: s.business.phoneNumbers.map((p) => ({ id: p.id, coexistence: p.coexistence, mps: p.mps ?? null, limit: p.limit, market: p.market ?? null })),
      templatesLast365d: s.business.templatesLast365d,
    },
    templates,
    audience: {
      optedIn: s.audience.optedIn,
      growthPerDay: pointOf(s.audience.growthPerDay),
      markets: Object.entries(s.audience.markets).map(([code, share]) => ({ code, share })),
      undeliverable: s.audience.undeliverable,
      segments: s.audience.segments.map((g) => ({
        ...g,
        read: pointOf(g.read),
        reply: pointOf(g.reply),
        block: pointOf(g.block),
        report: pointOf(g.report),
        optOut: pointOf(g.optOut),
        inboundPerDay: pointOf(g.inboundPerDay),
        marketingBudget: g.marketingBudget ?? null,
      })),
      fatigue: { ...s.audience.fatigue },
      latency: {
        deliver: pointOf(s.audience.latency.deliver),
        read: pointOf(s.audience.latency.read),
        reply: pointOf(s.audience.latency.reply),
        spread: s.audience.latency.spread,
      },
    },
    campaigns,
    ...(uncertain.length > 0 ? { uncertain } : {}),
  };
}

/**
 * A template's review with its means; when a distribution is involved, a p95 below the median
 * counts as the median (the log-normal of review times needs p95 ≥ median).
 */
function reviewOf(r: Scenario["templates"][number]["review"]): SimConfig["templates"][number]["review"] {
  const median = pointOf(r.median);
  const p95 = pointOf(r.p95);
  const uncertain = isDist(r.median) || isDist(r.p95);
  return { ...r, median, p95: uncertain ? Math.max(median, p95) : p95, rejectProbability: pointOf(r.rejectProbability) };
}

/** A number as it is; a distribution as its mean (what a single run uses). */
function pointOf(v: number | Dist): number {
  return isDist(v) ? distMean(v) : v;
}

const UNCERTAIN_FIELDS = ["read", "reply", "block", "report", "optOut", "inboundPerDay"] as const;
const UNCERTAIN_LATENCIES = ["deliver", "read", "reply"] as const;

/** The values given as distributions, keyed by their scenario path, in the order of the file. */
function uncertainParams(s: Scenario): UncertainParam[] {
  const out: UncertainParam[] = [];
  s.audience.segments.forEach((g, segment) => {
    for (const field of UNCERTAIN_FIELDS) {
      const v = g[field];
      if (isDist(v)) out.push({ path: `audience.segments.${g.name}.${field}`, dist: v, kind: "segment", segment, field });
    }
  });
  if (isDist(s.audience.growthPerDay)) out.push({ path: "audience.growthPerDay", dist: s.audience.growthPerDay, kind: "growth" });
  s.templates.forEach((t, template) => {
    for (const field of ["median", "p95", "rejectProbability"] as const) {
      const v = t.review[field];
      if (isDist(v)) out.push({ path: `templates.${t.name}.review.${field}`, dist: v, kind: "review", template, field });
    }
  });
  for (const field of UNCERTAIN_LATENCIES) {
    const v = s.audience.latency[field];
    if (isDist(v)) out.push({ path: `audience.latency.${field}`, dist: v, kind: "latency", field });
  }
  if (s.uncertainty?.rules) for (const r of RULE_RANGES) out.push({ path: r.path, dist: r.dist, kind: r.kind, targets: [...r.targets] });
  return out;
}
