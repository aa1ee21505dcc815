// Compiles a validated scenario into the simulator's configuration: dates become
// milliseconds since the start, names become indices, and the scenario's time zone becomes
// a plain list of local midnights. The loader has already checked every reference, so a
// failure here is a bug, not a user's mistake.
import type { RuleSet } from "../models/rules/types.js";
import type { SimCampaign, SimConfig, SimTemplate, SimWindow, UncertainParam } from "../sim/config.js";
import { distMean, isDist, type Dist } from "../models/uncertain.js";
import { RULE_RANGES } from "../models/rules/uncertain-ranges.js";
import type { Scenario } from "./schema.js";
import { addDays, horizonEnd, localDate, localToInstant, localWallClock, toInstant } from "./time.js";
import { DAY, MINUTE } from "../models/duration.js";


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

/**
 * A campaign's send window: its minutes after local midnight, and per local day of the
 * calendar the instants (ms since start) at which it opens and closes. Adding the minutes to
 * a day's midnight would shift the window by an hour on a day whose UTC offset changes, so
 * each edge is converted from local time on its own day (see `localToInstant` for the rule on
 * nonexistent and repeated local times). `24:00` closes at the next local midnight.
 *
 * @example
 * ```ts
 * // Europe/Madrid moves to summer time on 29 March 2026: a 10:00 opening is 09:00Z, then 08:00Z.
 * const start = Date.parse("2026-03-28T00:00:00+01:00");
 * compileWindow("10:00-20:00", start, localCalendar(start, DAY, "Europe/Madrid"), "Europe/Madrid");
 * // { from: 600, to: 1200, opens: [36000000, 118800000, 205200000], closes: [72000000, 154800000, 241200000] }
 * // (Float64Arrays; the calendar runs one boundary past the horizon, so three days)
 * ```
 */
export function compileWindow(w: string | undefined, startEpoch: number, calendar: Calendar, zone: string): SimWindow | null {
  if (!w) return null;
  const [a, b] = w.split("-");
  const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const from = minutes(a);
  const to = minutes(b);
  const clock = localClock(startEpoch, calendar, zone);
  const days = calendar.dayLabels.length;
  const opens = new Float64Array(days);
  const closes = new Float64Array(days);
  for (let i = 0; i < days; i++) {
    opens[i] = clock(i, from * MINUTE);
    closes[i] = clock(i, to * MINUTE);
  }
  return { from, to, opens, closes };
}

/**
 * Instants (ms since start) of a campaign's occurrences before `stop`: the first at `first`,
 * then one every `every` ms. An interval of whole days (`daily`, `weekly`, `every: 3d`) is
 * counted in local calendar days, so each occurrence comes at the first one's local time of
 * day whatever the daylight-saving changes in between; any other interval (`every: 12h`) is
 * elapsed time. `every` = 0: the first only.
 *
 * @example
 * ```ts
 * // Daily at 10:00 in Madrid across 29 March 2026: 09:00Z, then 08:00Z.
 * const start = Date.parse("2026-03-28T00:00:00+01:00");
 * occurrenceTimes(10 * HOUR, DAY, 2 * DAY, start, localCalendar(start, 2 * DAY, "Europe/Madrid"), "Europe/Madrid"); // [36000000, 118800000]
 * ```
 */
export function occurrenceTimes(first: number, every: number, stop: number, startEpoch: number, calendar: Calendar, zone: string): Float64Array {
  const out: number[] = [first];
  if (every > 0 && every % DAY === 0) {
    const { day, msOfDay } = localWallClock(startEpoch + first, zone);
    const clock = localClock(startEpoch, calendar, zone);
    const first0 = calendar.dayLabels.indexOf(day);
    const step = every / DAY;
    for (let k = 1; ; k++) {
      const i = first0 < 0 ? -1 : first0 + k * step;
      const t = i >= 0 && i < calendar.dayLabels.length ? clock(i, msOfDay) : localInstant(addDays(day, k * step), msOfDay, zone) - startEpoch;
      if (!(t < stop)) break;
      out.push(t);
    }
  } else if (every > 0) {
    for (let t = first + every; t < stop; t += every) out.push(t);
  }
  return Float64Array.from(out);
}

type Calendar = { dayStarts: number[]; dayLabels: string[] };

/**
 * `(i, msOfDay)` → the instant (ms since start) of that local time on calendar day `i`. A day
 * of exactly 24 h has the same offset at both midnights, hence throughout (no zone changes
 * twice in one day), so its times are its midnight plus the time of day; only the days of a
 * change (23 h, 25 h…) and the calendar's last day need the conversion proper, which asks
 * Intl several times.
 */
function localClock(startEpoch: number, calendar: Calendar, zone: string): (i: number, msOfDay: number) => number {
  const { dayStarts, dayLabels } = calendar;
  return (i, msOfDay) => {
    if (i + 1 < dayStarts.length && dayStarts[i + 1] - dayStarts[i] === DAY && msOfDay <= DAY) return dayStarts[i] + msOfDay;
    return localInstant(dayLabels[i], msOfDay, zone) - startEpoch;
  };
}

function localInstant(day: string, msOfDay: number, zone: string): number {
  const t = localToInstant(day, msOfDay, zone);
  if (t === undefined) throw new Error(`cannot resolve ${day} + ${msOfDay} ms in ${zone}`);
  return t;
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

  const calendar = localCalendar(startEpoch, horizon, zone);
  const campaigns: SimCampaign[] = s.campaigns.map((c) => {
    const template = templateIndex.get(c.template)!;
    const cadence = c.cadence;
    const every = cadence === "once" ? 0 : cadence === "daily" ? DAY : cadence === "weekly" ? 7 * DAY : cadence.every;
    const start = at(c.start, 0);
    const end = Math.min(at(c.end, horizon), horizon);
    return {
      name: c.name,
      template,
      phone: c.phone !== undefined ? phoneIndex.get(c.phone)! : templates[template].phone,
      segments: c.audience.segments ? c.audience.segments.map((n) => segmentIndex.get(n)!) : s.audience.segments.map((_, i) => i),
      share: c.audience.share,
      start,
      end,
      every,
      occurrences: start < horizon ? occurrenceTimes(Math.max(0, start), every, end, startEpoch, calendar, zone) : new Float64Array(0),
      window: compileWindow(c.window, startEpoch, calendar, zone),
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
    ...calendar,
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
