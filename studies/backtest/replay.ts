// The backtest: a business's actual sends replayed through the scenario's rule set on the
// simulated platform (sim/platform, driven from outside as the emulator drives it), and what
// the platform then predicts — messaging-limit changes, flags, template status and quality
// changes — set beside what the webhooks say happened, each difference named.
import { DAY, HOUR, MINUTE } from "../../models/duration.js";
import type { Limit } from "../../models/rules/types.js";
import type { SimConfig } from "../../sim/config.js";
import { FAILED, HELD, REJECTED } from "../../sim/outcomes.js";
import { createPlatform } from "../../sim/platform/index.js";
import type { RunEvent } from "../../sim/result.js";
import { SIMULATED_WABA_ID, simulatedUserOf } from "../../sim/webhook-log.js";
import { TOOL_NAME, VERSION } from "../../index-version.js";
import type { BacktestResult, BacktestRow, BacktestVerdict, RefusalCount } from "./contract.js";
import { limitText, type BacktestLog, type LoggedMessage, type ObservedChange } from "./log.js";

/** The backtest document (`tiersim/backtest@1`); its schema is in ./contract.ts. */
export type Backtest = BacktestResult;
export type { BacktestRow, BacktestVerdict, RefusalCount };

/** Options of {@link backtest}. */
export interface BacktestOptions {
  /** Replay the sends files' attempts (else the webhooks' messages). */
  fromSends: boolean;
  /** Differences up to this many seconds count as a match (default 0: the same second). */
  toleranceSeconds?: number;
  logs: string[];
  sends: string[];
}

const CATEGORY: Readonly<Record<string, string>> = { marketing: "MARKETING", marketing_lite: "MARKETING", utility: "UTILITY", authentication: "AUTHENTICATION", authentication_international: "AUTHENTICATION" };

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Replays a log's sends through the scenario's platform and compares what it predicts with what
 * the log says happened. Pure: the log is already folded; the result is data.
 *
 * @example
 * ```ts
 * const log = new BacktestLog();
 * log.beginFile("w.jsonl");
 * lines.forEach((l, i) => log.webhookLine(l, i + 1));
 * const bt = backtest(config, log, { fromSends: false, logs: ["w.jsonl"], sends: [] });
 * bt.rows.filter((r) => r.verdict !== "match"); // the differences
 * ```
 */
export function backtest(config: SimConfig, log: BacktestLog, options: BacktestOptions): Backtest {
  // The log's own inbound messages open customer-service windows; the model draws none.
  const cfg: SimConfig = { ...config, audience: { ...config.audience, segments: config.audience.segments.map((s) => ({ ...s, inboundPerDay: 0 })) } };
  const tolerance = options.toleranceSeconds ?? 0;
  const messages = log.messages(options.fromSends);
  const p = createPlatform(cfg);
  const platform = p.platform;
  const iso = (t: number): string => new Date(cfg.startEpoch + t).toISOString();

  // Sending numbers: the scenario's ids as written, else in id order.
  const phoneIds = [...new Set(messages.map((m) => m.phone).filter((x) => x !== ""))].sort(compareIds);
  const phoneIndex = new Map<string, number>();
  let extraPhones = 0;
  phoneIds.forEach((id, i) => {
    const byName = cfg.business.phones.findIndex((ph) => ph.id === id);
    phoneIndex.set(id, byName >= 0 ? byName : i < cfg.business.phones.length ? i : -1);
  });
  // Users: a simulated log names the run's own users; any other log's recipients become users in order of first send.
  const simulated = log.accounts.size > 0 && [...log.accounts].every((a) => a === SIMULATED_WABA_ID) && messages.every((m) => simulatedUserOf(m.recipient) >= 0) && log.inbound.every((m) => simulatedUserOf(m.from) >= 0);
  const userOf = new Map<string, number>();
  let nextUser = 0;
  const user = (waId: string): number => {
    let u = userOf.get(waId);
    if (u !== undefined) return u;
    if (simulated) u = simulatedUserOf(waId);
    else u = nextUser++;
    while (u >= platform.userCount) platform.addUser();
    userOf.set(waId, u);
    return u;
  };
  // Templates: by name, else the first of the pricing category, else the first.
  const templates: Record<string, number> = {};
  let unmatchedTemplates = 0;
  const templateOf = (m: LoggedMessage): number => {
    let t = m.template !== "" ? cfg.templates.findIndex((x) => x.name === m.template) : -1;
    if (t < 0 && m.category !== "") {
      // Webhooks do not name the template: the first of the category the model has approved
      // now (a business sends with one it can send), else the first of the category.
      const category = CATEGORY[m.category] ?? m.category.toUpperCase();
      const same = cfg.templates.map((x, i) => (x.category === category ? i : -1)).filter((i) => i >= 0);
      t = same.find((i) => platform.templateStatus(i) === "APPROVED") ?? same[0] ?? -1;
    }
    if (t < 0) {
      unmatchedTemplates++;
      t = 0;
    }
    return t;
  };

  // Same-instant order, as a run orders it: a send at t comes before the timers the platform
  // keeps rescheduling (quality ticks, pacing) that fall at t, but after a verification
  // completing at t, which the run schedules at its start, before any send.
  const verifiedAt = cfg.business.verifiedAt;
  const advance = (t: number): void => (t === verifiedAt ? p.advanceThrough(t) : p.advanceTo(t));
  const failed = new Map<number, number>();
  const refused = new Map<number, RefusalCount>();
  let delivered = 0;
  let held = 0;
  let outside = 0;
  let inbound = 0;
  const inb = [...log.inbound].sort((a, b) => a.at - b.at || a.seq - b.seq);
  let j = 0;
  const writes = (upTo: number, seq: number): void => {
    // The users' own messages up to this moment (ties in log order), each opening a window.
    while (j < inb.length && (inb[j].at < upTo || (inb[j].at === upTo && inb[j].seq < seq))) {
      const w = inb[j++];
      // A message placed later in its second may have moved the clock past this one's second.
      const t = Math.max(w.at - cfg.startEpoch, p.now);
      if (w.at - cfg.startEpoch < 0 || t >= cfg.horizon) {
        outside++;
        continue;
      }
      advance(t);
      platform.userWrites(user(w.from), t);
      inbound++;
    }
  };
  const refuse = (code: number, t: number): void => {
    const r = refused.get(code);
    if (r) r.count++;
    else refused.set(code, { count: 1, first: iso(t) });
  };
  for (const m of messages) {
    writes(m.at, m.seq);
    const t = m.at - cfg.startEpoch;
    if (t < 0 || t >= cfg.horizon) {
      outside++;
      continue;
    }
    if (m.failedCode > 0) {
      failed.set(m.failedCode, (failed.get(m.failedCode) ?? 0) + 1);
      continue;
    }
    const u = user(m.recipient);
    const tpl = templateOf(m);
    templates[cfg.templates[tpl].name] = (templates[cfg.templates[tpl].name] ?? 0) + 1;
    let phone = m.phone === "" ? cfg.templates[tpl].phone : (phoneIndex.get(m.phone) ?? 0);
    if (phone < 0) {
      extraPhones++;
      phone = 0;
    }
    // A moment known to the second only (every webhook's; a sends file's written so): the
    // message went out where the number's throughput let it, within that second.
    // A template whose pacing assessment is judged within this second: the run released what
    // it held at that very instant, unthrottled and before the timers due then. (A send of the
    // same second after the release is taken for released too: at most a second's sends.)
    const wholeSecond = m.at % 1000 === 0;
    const release = options.fromSends ? -1 : platform.replayReleaseDue(tpl, wholeSecond ? t + 1000 : t + 1);
    const released = release >= p.now;
    const at = released ? release : wholeSecond ? Math.max(p.now, platform.replaySlot(phone, t)) : Math.max(p.now, t);
    advance(at);
    if (options.fromSends) {
      platform.attempt(u, tpl, phone, at);
      const last = platform.last;
      if (last.outcome === REJECTED) refuse(last.code, at);
      else if (last.outcome === FAILED) failed.set(last.code, (failed.get(last.code) ?? 0) + 1);
      else if (last.outcome === HELD) held++;
      else delivered++;
    } else {
      const code = platform.replayDelivered(u, tpl, phone, at, m.read, t + 999, released);
      if (code !== 0) refuse(code, at);
      delivered++;
    }
  }
  writes(Infinity, Infinity);
  p.advanceTo(cfg.horizon);
  platform.finish();

  // Limit and flag updates name the display number: name it as the scenario does.
  const scenarioPhone = (display: string): string => {
    const id = log.phoneIdOf.get(display) ?? display;
    const i = phoneIndex.get(id);
    return i !== undefined && i >= 0 ? cfg.business.phones[i].id : display;
  };
  const observed = log.observed.map((o) => (o.kind === "limit" || o.kind === "number-status" ? { ...o, subject: scenarioPhone(o.subject) } : o));
  // A change predicted after the logs' last moment has nothing to be compared with: with no
  // webhook read (a sends file alone), every prediction is compared, as before.
  const logsEnd = Number.isFinite(log.lastAt) ? log.lastAt : Infinity;
  const { rows, afterLogs } = compare(p.events, observed, cfg, tolerance, logsEnd);
  const initial = platform.rooms.limits.initialLimit;
  const limitEvents = p.events.filter((e) => e.type === "limit-changed") as unknown as Array<{ at: string; from: Limit; to: Limit; reason: string }>;
  const summary = { compared: rows.length, match: 0, earlier: 0, later: 0, predictedOnly: 0, observedOnly: 0, notInWebhooks: 0, afterLogs };
  for (const r of rows) {
    if (r.verdict === "match") summary.match++;
    else if (r.verdict === "earlier") summary.earlier++;
    else if (r.verdict === "later") summary.later++;
    else if (r.verdict === "predicted-only") summary.predictedOnly++;
    else if (r.verdict === "observed-only") summary.observedOnly++;
    else summary.notInWebhooks++;
  }
  const byCode = <T>(m: Map<number, T>): Record<string, T> => Object.fromEntries([...m.entries()].sort(([a], [b]) => a - b).map(([k, v]) => [String(k), v]));
  return {
    schema: "tiersim/backtest@1",
    tool: { name: TOOL_NAME, version: VERSION },
    scenario: { name: cfg.name, rules: cfg.ruleSet.id, timezone: cfg.timezone },
    seed: cfg.seed,
    start: iso(0),
    end: iso(cfg.horizon),
    input: { logs: options.logs, sends: options.sends, lines: log.lines, malformed: log.malformed, duplicates: log.duplicates, lastAt: Number.isFinite(log.lastAt) ? new Date(log.lastAt).toISOString() : null },
    replay: {
      source: options.fromSends ? "sends" : "webhooks",
      messages: messages.length,
      delivered,
      failed: byCode(failed),
      refused: byCode(refused),
      held,
      outside,
      inbound,
      users: userOf.size,
      usersMappedBy: simulated ? "simulated-ids" : "first-send",
      templates,
      unmatchedTemplates,
      extraPhones,
    },
    assumptions: assumptions(options.fromSends),
    limit: {
      initial,
      predicted: limitEvents.map((e) => ({ at: e.at, from: e.from, to: e.to, reason: e.reason })),
      observed: observedLimits(observed).map((o) => ({ at: new Date(o.at).toISOString(), to: o.limit ?? null })),
    },
    rows,
    summary,
  };
}

function assumptions(fromSends: boolean): string[] {
  return [
    fromSends
      ? "Sends come from the sends file and pass the platform's checks as a run's would (template status, throughput, the moving-24 h limit, pacing): the model decides which are refused, held or fail."
      : "Sends are the log's messages at their first status (sent, delivered, read or failed), to the second; a message the log shows delivered counts toward the limit whatever the model would have decided, and one that failed counts toward nothing.",
    "Blocks and reports are in no webhook: they are drawn from the scenario's segment rates (with fatigue), for users whose segment is drawn as in a run.",
    "Replies and the users' own messages are the log's (they open customer-service windows); reads are the log's (they feed template quality); the model draws neither.",
    "Number and portfolio quality ratings have no webhook: they are predicted only (their consequences — flags, downgrades, held upgrades — are compared).",
  ];
}

/** The log's limit changes: quality updates, and capability updates that no quality update at the same second already reports. */
function observedLimits(obs: readonly ObservedChange[]): ObservedChange[] {
  const out: ObservedChange[] = [];
  const lim = obs.filter((o) => o.kind === "limit").sort((a, b) => a.at - b.at);
  const fromQuality = new Set(lim.filter((o) => o.subject !== "capability" && o.from !== null).map((o) => `${o.at}|${o.to}`));
  let last: string | null = null;
  // A portfolio's change is told to each of its numbers: one change, however many numbers.
  const told = new Set<string>();
  for (const o of lim) {
    const fromCapability = o.from === null;
    if (fromCapability && fromQuality.has(`${o.at}|${o.to}`)) continue;
    if (o.subject === "portfolio" && !fromCapability) {
      const key = `${o.at}|${o.from}|${o.to}`;
      if (told.has(key)) continue;
      told.add(key);
    }
    if (fromCapability && o.to === last) continue;
    out.push(o);
    last = o.to;
  }
  return out;
}

/** A predicted change to compare. */
interface Predicted {
  kind: Exclude<BacktestRow["kind"], "quality">;
  subject: string;
  from: string | null;
  to: string;
  at: string;
  ms: number;
  /** Limits and flags may pair with an update that names no scenario number. */
  loose: boolean;
  match?: ObservedChange;
}

/**
 * Pairs predicted and logged changes of the same kind, subject and value: first those within
 * the tolerance (nearest first), then the rest with the nearest logged one left — so a
 * repeated change (a template's quality going GREEN every day) pairs with its own day.
 */
function compare(events: readonly RunEvent[], observed: readonly ObservedChange[], cfg: SimConfig, tolerance: number, logsEnd: number): { rows: BacktestRow[]; afterLogs: number } {
  const rows: BacktestRow[] = [];
  const pool = [...observedLimits(observed), ...observed.filter((o) => o.kind !== "limit")].sort((a, b) => a.at - b.at);
  const used = new Set<ObservedChange>();
  const when = (ms: number): string => wallTime(ms, cfg.timezone);
  const phones = new Set(cfg.business.phones.map((ph) => ph.id));
  const predicted: Predicted[] = [];
  let afterLogs = 0;
  for (const ev of events) {
    // Events of a type without a fixed shape are loose objects: read the fields compared by name.
    const e = ev as unknown as Record<string, unknown> & { at: string; type: string };
    const ms = Date.parse(e.at);
    if (e.type === "limit-changed") {
      const subject = typeof e.phone === "string" ? e.phone : cfg.ruleSet.limit.scope === "portfolio" ? "portfolio" : (cfg.business.phones[0]?.id ?? "number");
      predicted.push({ kind: "limit", subject, from: limitText(e.from as Limit), to: limitText(e.to as Limit), at: e.at, ms, loose: true });
    } else if (e.type === "status-changed" && (e.to === "FLAGGED" || e.from === "FLAGGED")) {
      predicted.push({ kind: "number-status", subject: String(e.number), from: String(e.from), to: e.to === "FLAGGED" ? "FLAGGED" : "CONNECTED", at: e.at, ms, loose: true });
    } else if (e.type === "template-status-changed" || e.type === "template-quality-changed") {
      predicted.push({ kind: e.type === "template-status-changed" ? "template-status" : "template-quality", subject: String(e.template), from: String(e.from), to: String(e.to), at: e.at, ms, loose: false });
    } else if (e.type === "quality-changed") {
      const scope = String(e.scope);
      // Under portfolio rules a RED rating flags every number, and Meta says so number by number.
      const flag = e.to === "RED" ? "FLAGGED" : e.from === "RED" ? "CONNECTED" : null;
      if (flag !== null && scope === "portfolio" && cfg.ruleSet.limit.scope === "portfolio") {
        for (const ph of cfg.business.phones) predicted.push({ kind: "number-status", subject: ph.id, from: flag === "FLAGGED" ? "CONNECTED" : "FLAGGED", to: flag, at: e.at, ms, loose: true });
      }
      rows.push({ kind: "quality", subject: scope, from: String(e.from), to: String(e.to), predicted: e.at, observed: null, line: null, deltaSeconds: null, verdict: "not-in-webhooks", text: `predicted ${scope} quality ${String(e.from)} → ${String(e.to)} on ${when(ms)}: no webhook reports quality ratings` });
    }
  }
  // Same kind and value, of the same subject — or, for limits and flags, of a subject the log
  // leaves unnamed (a capability update, a number not in the scenario); the nearest within `max` seconds.
  const pair = (p: Predicted, max: number): void => {
    const second = Math.floor(p.ms / 1000);
    let best: ObservedChange | undefined;
    let bestDelta = Infinity;
    for (const x of pool) {
      if (used.has(x) || x.kind !== p.kind || x.to !== p.to) continue;
      if (x.subject !== p.subject && !(p.loose && !phones.has(x.subject))) continue;
      const d = Math.abs(second - x.at / 1000);
      if (d <= max && d < bestDelta) {
        best = x;
        bestDelta = d;
      }
    }
    if (best) {
      used.add(best);
      p.match = best;
    }
  };
  for (const p of predicted) pair(p, tolerance);
  for (const p of predicted) if (!p.match) pair(p, Infinity);
  for (const p of predicted) {
    const { kind, subject, from, to, match } = p;
    const what = describe(kind, subject, to);
    if (!match) {
      if (p.ms > logsEnd + tolerance * 1000) afterLogs++;
      else rows.push({ kind, subject, from, to, predicted: p.at, observed: null, line: null, deltaSeconds: null, verdict: "predicted-only", text: `predicted ${what} on ${when(p.ms)}: not in the logs` });
      continue;
    }
    const delta = Math.floor(p.ms / 1000) - match.at / 1000;
    const verdict: BacktestVerdict = Math.abs(delta) <= tolerance ? "match" : delta < 0 ? "earlier" : "later";
    const text =
      verdict === "match"
        ? `${what} on ${when(match.at)}: predicted ${delta === 0 ? "to the second" : `${span(Math.abs(delta))} ${delta < 0 ? "early" : "late"}, within tolerance`}`
        : `predicted ${what} on ${when(p.ms)}, logs say ${when(match.at)}: ${span(Math.abs(delta))} ${delta < 0 ? "later" : "earlier"}`;
    rows.push({ kind, subject, from, to, predicted: p.at, observed: new Date(match.at).toISOString(), line: match.line, deltaSeconds: delta, verdict, text });
  }
  for (const o of pool) {
    if (used.has(o)) continue;
    rows.push({ kind: o.kind, subject: o.subject, from: o.from, to: o.to, predicted: null, observed: new Date(o.at).toISOString(), line: o.line, deltaSeconds: null, verdict: "observed-only", text: `logs say ${describe(o.kind, o.subject, o.to)} on ${when(o.at)} (${o.line}): not predicted` });
  }
  return { rows: rows.sort((a, b) => Date.parse(a.predicted ?? a.observed ?? "") - Date.parse(b.predicted ?? b.observed ?? "")), afterLogs };
}

function describe(kind: BacktestRow["kind"], subject: string, to: string): string {
  switch (kind) {
    case "limit":
      return `limit ${to === "unlimited" ? "unlimited" : shortLimit(Number(to))}`;
    case "number-status":
      return `${subject} ${to}`;
    case "template-status":
      return `template ${subject} ${to}`;
    case "template-quality":
      return `template ${subject} quality ${to}`;
    default:
      return `${subject} quality ${to}`;
  }
}

function shortLimit(n: number): string {
  return n >= 1000 && n % 1000 === 0 ? `${n / 1000}K` : String(n);
}

/** A span of seconds in words: `45 s`, `70 min`, `5.5 h`, `2.3 d`. */
export function span(s: number): string {
  const ms = s * 1000;
  if (ms < MINUTE) return `${s} s`;
  if (ms < 2 * HOUR) return `${Math.round(ms / MINUTE)} min`;
  if (ms < 2 * DAY) return `${(ms / HOUR).toFixed(1)} h`;
  return `${(ms / DAY).toFixed(1)} d`;
}

/** `12 Mar 04:00:07` in the scenario's time zone. */
export function wallTime(ms: number, tz: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone: tz, day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).formatToParts(new Date(ms)).map((x) => [x.type, x.value]),
  );
  return `${parts.day} ${parts.month} ${parts.hour}:${parts.minute}:${parts.second}`;
}
