// How much work a scenario asks for, before it runs: an estimate of the simulation events one
// run generates, term by term, each with the scenario keys that drive it. The estimate is an
// upper bound in spirit (every targeted user is attempted at every occurrence, every retry is
// used), so a scenario under the budget cannot surprise anyone with a run of hours.
import { DAY, HOUR, formatDuration } from "../models/duration.js";
import { distHigh } from "../models/uncertain.js";
import type { SimConfig } from "../sim/config.js";
import type { IssuePath } from "./issues.js";

/** One source of events in a run. */
export interface EventTerm {
  /** What the events are, in words: `campaign "daily-deal": 30 occurrences × 34,494 users`. */
  what: string;
  /** Scenario keys that drive the term, most decisive first (the first is where an issue points). */
  paths: IssuePath[];
  /** Events it contributes per run. */
  events: number;
}

/** Estimate of one run's events: the total and its terms, largest first. */
export interface EventEstimate {
  total: number;
  terms: EventTerm[];
}

const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");
const cadenceText = (every: number): string => (every === DAY ? "daily" : every === 7 * DAY ? "weekly" : `every ${formatDuration(every)}`);
const retryText = (n: number): string => (n > 0 ? ` × (1 + ${n} ${n === 1 ? "retry" : "retries"})` : "");

/**
 * Estimates the events one run of `config` generates: one per user created, per user passed
 * over at each campaign occurrence, per send attempt (retries included) and per follow-up
 * (reply, block), plus inbound messages and the periodic evaluations of quality and templates.
 *
 * @example
 * ```ts
 * const { total, terms } = estimateEvents(compileScenario(loaded.scenario, loaded.ruleSet));
 * total;            // ≈ 2.2e6 for scenarios/quickstart.yaml
 * terms[0].paths;   // [["campaigns", 0, "cadence"], ["audience", "optedIn"], ["days"]]
 * ```
 */
export function estimateEvents(config: SimConfig): EventEstimate {
  const horizon = Math.max(0, config.horizon);
  const days = horizon / DAY;
  const a = highAudience(config);
  const population = a.optedIn + a.growthPerDay * days;
  const terms: EventTerm[] = [];
  const segs = a.segments;
  // Follow-up events of an accepted send: a reply and a block (or report) at most.
  const replyMax = Math.min(1, Math.max(0, ...segs.map((s) => s.reply)));
  const blockMax = Math.min(1, Math.max(0, ...segs.map((s) => s.block + s.report)) * (1 + a.fatigue.blockMultiplierPerMessage));
  const perAttempt = 1 + replyMax + blockMax;
  const audiencePaths: IssuePath[] = a.growthPerDay > 0 ? [["audience", "optedIn"], ["audience", "growthPerDay"], ["days"]] : [["audience", "optedIn"]];

  terms.push({ what: `creating ${fmt(population)} users`, paths: audiencePaths, events: population });

  config.campaigns.forEach((c, i) => {
    const retries = Object.values(c.retry).reduce((n, r) => n + (r === "stop" ? 0 : r.max), 0);
    const retryPaths: IssuePath[] = Object.entries(c.retry)
      .filter(([, r]) => r !== "stop" && r.max > 0)
      .map(([code]) => ["campaigns", i, "retry", code]);
    const label = `campaign ${JSON.stringify(c.name.length > 40 ? `${c.name.slice(0, 39)}…` : c.name)}`;
    if (c.plan) {
      const sends = c.plan.reduce((n, p) => n + (p.at < horizon ? p.count : 0), 0);
      terms.push({
        what: `${label}: ${fmt(sends)} planned sends${retryText(retries)}`,
        paths: [["campaigns", i, "plan"], ...retryPaths],
        events: sends * (1 + retries) * perAttempt,
      });
      return;
    }
    const from = Math.max(0, c.start);
    const to = Math.min(c.end, horizon);
    if (to <= from) return;
    const occurrences = c.every > 0 ? Math.ceil((to - from) / c.every) : 1;
    const targeted = c.segments.reduce((s, k) => s + (segs[k]?.share ?? 0), 0) * c.share;
    const passes = occurrences * population;
    const attempts = passes * targeted * (1 + retries);
    const cadence: IssuePath = c.every > 0 && c.every !== DAY && c.every !== 7 * DAY ? ["campaigns", i, "cadence", "every"] : ["campaigns", i, "cadence"];
    terms.push({
      what: `${label}: ${fmt(occurrences)} occurrence${occurrences === 1 ? "" : "s"}${c.every > 0 ? ` (${cadenceText(c.every)})` : ""} × ${fmt(population)} users${retryText(retries)}`,
      paths: [...(c.every > 0 ? [cadence] : []), ...audiencePaths, ...(c.every > 0 ? [["days"] as IssuePath] : []), ...retryPaths],
      events: passes + attempts * perAttempt,
    });
  });

  const inbound = Math.max(0, ...segs.map((s) => s.inboundPerDay));
  if (inbound > 0) {
    const k = segs.findIndex((s) => s.inboundPerDay === inbound);
    terms.push({ what: `inbound messages: ${fmt(population)} users × ${inbound} a day × ${days.toFixed(1)} days`, paths: [["audience", "segments", k, "inboundPerDay"], ...audiencePaths], events: population * inbound * days });
  }

  const every = config.ruleSet.quality.evaluateEvery;
  const evaluations = every > 0 ? horizon / every : Infinity;
  const watched = config.business.phones.length + config.templates.length + config.campaigns.length;
  terms.push({ what: `quality evaluations: every ${formatDuration(every)} over ${fmt(watched)} numbers, templates and campaigns`, paths: [["overrides", "quality.evaluateEvery"]], events: evaluations * watched });

  const reviews = config.templates.reduce((n, t) => n + (t.status === "PENDING" || t.review.rejectProbability > 0 ? 2 * (1 + t.review.maxResubmits) : 0), 0);
  // One dispatch slot per (template, number, block or report): set up before the run.
  const kinds = 2 * config.templates.length * config.business.phones.length;
  terms.push({ what: `template reviews and set-up for ${fmt(config.templates.length)} templates × ${fmt(config.business.phones.length)} numbers`, paths: [["templates"], ["business", "phoneNumbers"]], events: reviews + kinds + (a.growthPerDay > 0 ? horizon / HOUR : 0) });

  terms.sort((x, y) => y.events - x.events);
  const total = terms.reduce((n, t) => n + t.events, 0);
  return { total: Number.isNaN(total) ? Infinity : total, terms };
}

/**
 * `1,234,567` below ten million, `3.1e+12` above: the size of an estimate at a glance.
 *
 * @example
 * ```ts
 * formatEvents(2_204_112); // "2,204,112"
 * formatEvents(3.06e12);   // "3.1e+12"
 * ```
 */
export function formatEvents(n: number): string {
  if (!Number.isFinite(n)) return "an unbounded number of";
  return n < 1e7 ? fmt(n) : n.toExponential(1);
}

/**
 * The audience with every uncertain value that adds events at its high end (models/uncertain.ts
 * `distHigh`): a replication may draw it, and the estimate must err high.
 */
function highAudience(config: SimConfig): SimConfig["audience"] {
  const drawn = config.uncertain ?? [];
  if (drawn.length === 0) return config.audience;
  const segments = config.audience.segments.map((s) => ({ ...s }));
  let growthPerDay = config.audience.growthPerDay;
  const fatigue = { ...config.audience.fatigue };
  for (const p of drawn) {
    if (p.kind === "segment") segments[p.segment][p.field] = distHigh(p.dist);
    else if (p.kind === "growth") growthPerDay = distHigh(p.dist);
    else if (p.kind === "fatigue") fatigue.blockMultiplierPerMessage = distHigh(p.dist);
  }
  return { ...config.audience, segments, growthPerDay, fatigue };
}
