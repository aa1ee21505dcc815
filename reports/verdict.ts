// The verdict: a few plain sentences computed from a result, that open the terminal summary,
// report.md and report.html — the ramp (each rung reached when, or not, and what held it),
// the largest stall with its cause and dates, reach and cost with the period they cover, and
// for one run, that it is one draw. Built from the summary and the event log only, one sentence
// builder per kind of story, so a new paralysis cause or event type slots in by adding an
// entry to CAUSE_STORIES or INCIDENTS (unknown ones still get a generic sentence).
import type { RunEvent, RunResult } from "../sim/result.js";
import type { ProjectionResult } from "../studies/projections/contract.js";
import { paralysisEpisodes, type ParalysisEpisode } from "./charts/paralysis.js";
import { sortTierKeys } from "./charts/common.js";
import { afterStart, count, dayText, days, hours, horizonDays, localDayText, money, notReached, runDayNumber, runsShare, shareOf } from "./figures.js";

type Ev = RunEvent & Record<string, unknown>;

/** What one run's story builders see. */
interface RunStory {
  r: RunResult;
  tz: string;
  day: (iso: string) => string;
  events: Ev[];
  horizon: number;
}

const rung = (key: string | number | null): string => (key === null || key === "unlimited" ? "unlimited" : count(Number(key)));
const str = (v: unknown): string => (typeof v === "string" ? v : String(v));
const words = (cause: string): string => cause.replace(/-/g, " ");

/** `a`, `a and b`, `a, b and c`. */
function andList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** A 90 % band in words, said once when both ends read the same ("between 248.0 h and 248.0 h"). */
function spread90(lo: string, hi: string, who = "90%"): string {
  return lo === hi ? `${who} at ${lo}` : `${who} between ${lo} and ${hi}`;
}

/**
 * Rungs that share the same figures said once: `10,000 and 100,000 on day 3 (Wed 4 Mar)`
 * instead of the same date twice. Only neighbours on the ladder are merged, so the order holds.
 */
function mergeRungs(items: Array<{ rung: string; rest: string }>, sep: string): string[] {
  const groups: Array<{ rungs: string[]; rest: string }> = [];
  for (const item of items) {
    const last = groups[groups.length - 1];
    if (last && last.rest === item.rest) last.rungs.push(item.rung);
    else groups.push({ rungs: [item.rung], rest: item.rest });
  }
  return groups.map((g) => `${andList(g.rungs)}${sep}${g.rest}`);
}

/** The last event of `type` at or before `at` matching `where`. */
function lastBefore(events: Ev[], at: string, type: string, where: (e: Ev) => boolean = () => true): Ev | undefined {
  let found: Ev | undefined;
  for (const e of events) {
    if (e.at > at) break;
    if (e.type === type && where(e)) found = e;
  }
  return found;
}

/**
 * The latest restriction still in force at `at`: one lifted before then (a block that ended) did
 * not hold the campaign, whatever came after it — the spam rate limit imposed earlier may have.
 */
function restrictionInForce(events: Ev[], at: string): Ev | undefined {
  const active = new Map<unknown, Ev>();
  for (const e of events) {
    if (e.at > at) break;
    if (e.type === "account-restricted") {
      // Re-imposed: the latest imposition is the one that holds.
      active.delete(e.restriction);
      active.set(e.restriction, e);
    } else if (e.type === "account-restriction-lifted") active.delete(e.restriction);
  }
  // A warning ends as it starts (its `until` is its own moment): it stops nothing.
  const holding = [...active.values()].filter((e) => !(typeof e.until === "string" && e.until <= at));
  return holding.pop() ?? lastBefore(events, at, "account-restricted");
}

/** Why a template changed status, in words. */
function trigger(e: Ev | undefined): string {
  if (!e) return "";
  if (e.trigger === "pacing-feedback") return " after bad early feedback in its pacing assessment";
  if (e.trigger === "quality-rating") return " when its quality was rated RED";
  return "";
}

/**
 * One builder per paralysis cause: what held the campaign, as a clause ("template daily_deal
 * was disabled on day 10 (Wed 11 Mar) when its quality was rated RED"). A cause without a
 * builder gets "it stalled (<cause in words>)".
 */
const CAUSE_STORIES: Record<string, (ep: ParalysisEpisode, s: RunStory) => string> = {
  "template-disabled": (ep, s) => templateClause(ep, s, "DISABLED", "disabled"),
  "template-paused": (ep, s) => templateClause(ep, s, "PAUSED", "paused"),
  "template-rejected": (ep, s) => templateClause(ep, s, "REJECTED", "rejected in review"),
  "template-pending": () => "its template was still waiting for review",
  "messaging-limit": () => "the messaging limit (distinct users in a moving 24 hours) was full",
  "per-user-cap": () => "the users left to send to had reached the per-user marketing cap",
  throughput: () => "the number's messages-per-second throughput was the bottleneck",
  "portfolio-review": (ep, s) => {
    const e = lastBefore(s.events, ep.start, "portfolio-review-started");
    return e ? `the business portfolio was under review from ${s.day(e.at)}` : "the business portfolio was under review";
  },
  enforcement: (ep, s) => {
    const e = restrictionInForce(s.events, ep.start);
    const what = e && typeof e.restriction === "string" ? ` (${e.restriction})` : "";
    return e ? `Meta restricted the account${what} on ${s.day(e.at)}` : "Meta's enforcement had restricted the account";
  },
  "number-flagged": () => "the phone number was flagged",
};

/**
 * The latest change of the episode's template to `status` before the episode began: of the
 * campaign's own template when the result names it (several may be paused or disabled at once).
 */
function templateChange(ep: ParalysisEpisode, s: RunStory, status: string): Ev | undefined {
  return lastBefore(s.events, ep.start, "template-status-changed", (x) => x.to === status && (ep.template === undefined || x.template === ep.template));
}

function templateClause(ep: ParalysisEpisode, s: RunStory, status: string, verb: string): string {
  const e = templateChange(ep, s, status);
  return e ? `template ${str(e.template)} was ${verb} on ${s.day(e.at)}${trigger(e)}` : ep.template !== undefined ? `template ${ep.template} was ${verb}` : `its template was ${verb}`;
}

/**
 * Incidents told in their own sentence when they happen, whatever stalled: one builder per
 * event type. Each returns null when the run has none.
 */
const INCIDENTS: Array<(s: RunStory) => string | null> = [
  (s) => {
    const downs = s.events.filter((e) => e.type === "limit-changed" && e.reason === "downgrade");
    if (downs.length === 0) return null;
    return `The limit was cut ${downs.length === 1 ? "once" : `${downs.length} times`} for quality RED (first on ${s.day(downs[0].at)}).`;
  },
  (s) => {
    const restricted = s.events.filter((e) => e.type === "account-restricted");
    if (restricted.length === 0) return null;
    return `Meta restricted the account ${restricted.length === 1 ? "once" : `${restricted.length} times`} (first on ${s.day(restricted[0].at)}).`;
  },
  (s) => {
    const flagged = s.events.filter((e) => e.type === "status-changed" && e.to === "FLAGGED");
    if (flagged.length === 0) return null;
    return `A number was flagged on ${s.day(flagged[0].at)}, which stops its upgrades until quality recovers.`;
  },
  (s) => {
    const reviews = s.events.filter((e) => e.type === "portfolio-review-started");
    if (reviews.length === 0) return null;
    return `The business portfolio was put under review ${reviews.length === 1 ? "once" : `${reviews.length} times`} (first on ${s.day(reviews[0].at)}).`;
  },
  (s) => {
    // Pacing: messages held for an hour of early feedback, then dropped (132015) when a template was paused.
    const dropped = s.events.filter((e) => e.type === "pacing-dropped").reduce((n, e) => n + (typeof e.count === "number" ? e.count : 0), 0);
    if (dropped === 0) return null;
    const first = s.events.find((e) => e.type === "pacing-dropped")!;
    return `${count(dropped)} paced messages (held for quality assessment) were dropped with error 132015, first on ${s.day(first.at)}: ${shareOf(dropped, s.r.summary.messages.attempted, "attempted")}.`;
  },
  (s) => {
    const optedOut = s.r.summary.users.optedOut;
    return optedOut > 0 ? `${count(optedOut)} users opted out.` : null;
  },
];

function story(r: RunResult): RunStory {
  const tz = r.scenario.timezone;
  return { r, tz, day: (iso) => dayText(iso, r.start, tz), events: [...r.events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)) as Ev[], horizon: horizonDays(r.start, r.end) };
}

/** The ramp: each rung reached when, or not, and what held the limit where it stopped. */
function rampSentence(s: RunStory): string {
  const { r } = s;
  const lim = r.summary.limit;
  const tiers = sortTierKeys(Object.keys(r.summary.reachedAt));
  const reached = mergeRungs(
    tiers.filter((k) => r.summary.reachedAt[k] !== null).map((k) => ({ rung: rung(k), rest: `on ${s.day(r.summary.reachedAt[k]!)}` })),
    " ",
  );
  const missed = tiers.filter((k) => r.summary.reachedAt[k] === null).map(rung);
  const head =
    reached.length === 0
      ? `The messaging limit stayed at ${rung(lim.initial)} for all ${days(s.horizon)}`
      : `The messaging limit rose from ${rung(lim.initial)} to ${rung(lim.final)}: ${reached.join(", ")}`;
  if (missed.length === 0) return `${head}.`;
  const held = heldBy(s);
  return `${head}; ${missed.join(" and ")} ${notReached({ days: s.horizon })}${held ? ` — ${held}` : ""}.`;
}

/** What kept the limit from rising further, from the event log and the daily rows. */
function heldBy(s: RunStory): string | null {
  const { r } = s;
  const red = s.events.find((e) => e.type === "quality-changed" && e.to === "RED");
  const stop = lastSendingDay(r);
  const reasons: string[] = [];
  if (red) reasons.push(`quality was rated RED on ${s.day(red.at)}, which blocks upgrades`);
  if (stop && stop.idleDays > 0) reasons.push(finished(s) ? `the campaigns had finished by ${stop.text}` : `nothing was sent after ${stop.text}`);
  const final = r.summary.limit.final;
  if (reasons.length === 0 && final !== null && r.summary.users.reached < final / 2) {
    reasons.push(`the campaigns reached ${count(r.summary.users.reached)} distinct users in the whole run, under half the ${rung(final)} limit, and a limit grows only when about half of it is used`);
  }
  return reasons.length ? reasons.join("; ") : null;
}

/** Every campaign that started also completed (its audience was used up), none still running. */
function finished(s: RunStory): boolean {
  const started = new Set(s.events.filter((e) => e.type === "campaign-started").map((e) => str(e.campaign)));
  const done = new Set(s.events.filter((e) => e.type === "campaign-completed").map((e) => str(e.campaign)));
  return started.size > 0 && [...started].every((c) => done.has(c));
}

/** The last local day with a send attempt and how many days of the horizon followed it. */
function lastSendingDay(r: RunResult): { text: string; idleDays: number; last: number } | null {
  let last = -1;
  r.daily.forEach((d, i) => {
    if (d.attempted > 0) last = i;
  });
  if (last < 0) return null;
  return { text: localDayText(last + 1, r.daily[last].date), idleDays: r.daily.length - 1 - last, last: last + 1 };
}

/**
 * The stalls: a permanent stop said once ("stopped on day 2 … and sent nothing for the rest of
 * the run: 13 of 14 days"); otherwise the total with the cause that weighed most and the longest
 * episode.
 */
function paralysisSentence(s: RunStory): string | null {
  const eps = paralysisEpisodes(s.r);
  if (eps.length === 0) return null;
  const why = (ep: ParalysisEpisode): string => (CAUSE_STORIES[ep.cause] ?? (() => `it stalled (${words(ep.cause)})`))(ep, s);
  const total = s.r.summary.paralysis;
  const all = `${hours(total.hours)} inside their send windows in ${count(total.episodes)} episode${total.episodes === 1 ? "" : "s"}`;
  // A stop that held to the end: the longest such, said once. A stall that began on the last
  // day is cut by the horizon rather than a stop, unless nothing can end it (a disabled template).
  const lastDay = (e: ParalysisEpisode): boolean => runDayNumber(e.start, s.r.start, s.tz) >= s.horizon;
  const stops = eps.filter((e) => e.open && e.cause !== "per-user-cap" && e.cause !== "messaging-limit" && (e.cause === "template-disabled" || !lastDay(e)));
  if (stops.length > 0) {
    // One stop per campaign (its first), earliest first.
    const firsts = [...new Map([...stops].sort((a, b) => (a.start < b.start ? -1 : 1)).reverse().map((e) => [e.campaign, e] as const)).values()];
    // A stop that began as another stall: the campaign's earlier episodes that it cannot have
    // sent between — those after the run's last day with any send, and for a disabled template
    // those from its disabling on — held it too (a block, then its disabled template), so the
    // stop began with the first of them, and each cause is told once.
    const lastSend = lastSendingDay(s.r)?.last ?? 0;
    const chains = firsts
      .map((stop) => {
        const disabled = stop.cause === "template-disabled" ? templateChange(stop, s, "DISABLED")?.at : undefined;
        const before = eps.filter((e) => e.campaign === stop.campaign && e.start < stop.start && ((disabled !== undefined && e.end > disabled) || runDayNumber(e.start, s.r.start, s.tz) > lastSend));
        return [...before, stop];
      })
      .sort((a, b) => (a[0].start < b[0].start ? -1 : 1));
    const because = (chain: ParalysisEpisode[]): string => {
      const causes = new Map<string, string>();
      for (const e of chain) if (!causes.has(e.cause)) causes.set(e.cause, why(e));
      return andList([...causes.values()]);
    };
    const [stop, ...others] = chains;
    const from = runDayNumber(stop[0].start, s.r.start, s.tz);
    const left = s.horizon - from + 1;
    const more = others.map((o) => ` Campaign ${o[0].campaign} stopped too, on ${s.day(o[0].start)}, because ${because(o)}.`).join("");
    return `Campaign ${stop[0].campaign} stopped on ${s.day(stop[0].start)} because ${because(stop)}, and sent nothing for the rest of the run: ${count(left)} of ${days(s.horizon)}.${more} In all, campaigns were stalled ${all}.`;
  }
  const byCause = Object.entries(total.byCause).sort(([, a], [, b]) => (b ?? 0) - (a ?? 0));
  const [mainCause, mainHours] = byCause[0];
  const mine = eps.filter((e) => e.cause === mainCause);
  const longest = eps.reduce((a, b) => (b.hours > a.hours ? b : a));
  const span = s.day(longest.start) === s.day(longest.end) ? `on ${s.day(longest.start)}` : `from ${s.day(longest.start)} to ${s.day(longest.end)}`;
  return (
    `Campaigns were stalled ${all}, mostly (${hours(mainHours ?? 0)} in ${count(mine.length)} episode${mine.length === 1 ? "" : "s"}) because ${why(mine[0])}; ` +
    `the longest stall (${longest.cause}) was ${hours(longest.hours)} ${span}.`
  );
}

/** Reach and cost, with the days they cover. */
function reachCostSentence(s: RunStory): string {
  const { r } = s;
  const m = r.summary.messages;
  const c = r.summary.cost;
  const stop = lastSendingDay(r);
  const spent = r.daily.map((d, i) => ({ i, cost: d.cost })).filter((d) => d.cost > 0);
  const period =
    spent.length === 0
      ? `over the ${days(s.horizon)}`
      : spent[0].i === 0 && spent[spent.length - 1].i === r.daily.length - 1
        ? `over the ${days(s.horizon)}`
        : spent[0].i === spent[spent.length - 1].i
          ? `spent on day ${spent[0].i + 1} of ${s.horizon}`
          : `spent on days ${spent[0].i + 1}–${spent[spent.length - 1].i + 1} of ${s.horizon}`;
  const idle = stop && stop.idleDays > 0 && !/ (after|by) day /.test(heldBy(s) ?? "") ? ` Nothing was sent after ${stop.text}.` : "";
  return `It reached ${count(r.summary.users.reached)} distinct users; ${count(m.delivered)} messages were delivered (${shareOf(m.delivered, m.attempted, "attempted")}), at a cost of ${money(c.total, c.currency)} ${period}.${idle}`;
}

/**
 * The verdict of one run: plain sentences, most important first.
 *
 * @example
 * ```ts
 * runVerdict(result);
 * // ["The messaging limit rose from 2,000 to 100,000: 10,000 on day 4 (Thu 5 Mar), …", …]
 * ```
 */
export function runVerdict(r: RunResult, opts: { sample?: boolean } = { sample: true }): string[] {
  const s = story(r);
  const out = [rampSentence(s)];
  const par = paralysisSentence(s);
  if (par) out.push(par);
  for (const incident of INCIDENTS) {
    const t = incident(s);
    if (t) out.push(t);
  }
  out.push(reachCostSentence(s));
  if (opts.sample !== false) out.push(`This is one simulated run (seed ${r.seed}), one draw among many: run the scenario with --runs 200 for the distribution.`);
  return out;
}

/**
 * The verdict of a projection: how many runs reach each rung and when, how often and how long
 * campaigns stall, and the median reach and cost; with the representative run's story when
 * it is given.
 *
 * @example
 * ```ts
 * projectionVerdict(projection, representativeRun);
 * ```
 */
export function projectionVerdict(p: ProjectionResult, representative?: RunResult): string[] {
  const tz = p.scenario.timezone;
  const horizon = horizonDays(p.start, p.end);
  const day = (d: number): string => dayText(afterStart(p.start, d), p.start, tz);
  const dayNo = (d: number): number => runDayNumber(afterStart(p.start, d), p.start, tz);
  const out: string[] = [];
  const items = sortTierKeys(Object.keys(p.reachedAt)).map((k) => {
    const t = p.reachedAt[k];
    const reached = Math.round(t.share * p.runs);
    if (t.days === null || reached === 0) return { rung: rung(k), rest: notReached({ runs: p.runs, reached: 0 }), reached: false };
    const spread = dayNo(t.days.q05) === dayNo(t.days.q95) ? `in 90% of those on day ${dayNo(t.days.q05)}` : `90% of those between day ${dayNo(t.days.q05)} and day ${dayNo(t.days.q95)}`;
    return { rung: rung(k), rest: `in ${runsShare(t.share, p.runs)}, median ${day(t.days.q50)}, ${spread}`, reached: true };
  });
  const parts = mergeRungs(items, " ");
  const initial = p.perRun[0]?.summary.limit.initial;
  // "reaches 100,000 and unlimited not reached" is no sentence: when no run climbs at all, say
  // so first, then which rungs were not reached, in the table's words.
  const ramp = items.length === 0 ? "has no higher rung" : items.some((i) => i.reached) ? `reaches ${parts.join("; ")}` : `reaches no higher rung: ${parts.join("; ")}`;
  out.push(`Across ${count(p.runs)} runs of ${days(horizon)} the messaging limit, starting at ${rung(initial ?? null)}, ${ramp}.`);
  const par = p.paralysis;
  if (par.probability === 0) out.push("No run stalls.");
  else {
    const causes = Object.entries(par.byCause).sort(([, a], [, b]) => (b?.hours.mean ?? 0) - (a?.hours.mean ?? 0));
    const [topCause, top] = causes[0];
    out.push(
      `Campaigns stall in ${runsShare(par.probability, p.runs)}: median ${hours(par.hours.q50)} per run inside the send windows (${spread90(hours(par.hours.q05), hours(par.hours.q95), "90% of runs")}), mostly ${topCause} (in ${Math.round((top?.probability ?? 0) * 100)}% of runs, median ${hours(top?.hours.q50 ?? 0)}).`,
    );
  }
  const users = p.metrics.usersReached;
  const cost = p.metrics.cost;
  const currency = p.perRun[0]?.summary.cost.currency ?? "";
  if (users && cost) {
    out.push(`The median run reaches ${count(users.q50)} distinct users (${spread90(count(users.q05), count(users.q95))}) and costs ${money(cost.q50, currency)} over the ${days(horizon)} (${spread90(money(cost.q05, currency), money(cost.q95, currency))}).`);
  }
  if (representative) {
    const s = story(representative);
    const stall = paralysisSentence(s);
    out.push(`The timeline charts show the representative run (seed ${representative.seed}, the run nearest the medians)${stall ? `, in which ${stall.charAt(0).toLowerCase()}${stall.slice(1)}` : "."}`);
  }
  return out;
}
