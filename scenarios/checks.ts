// Checks that need more than one field at a time: names that refer to each other, shares
// that must add up, dates against the horizon, rule-set specifics. They read the raw
// document defensively (a value of the wrong type is zod's to report, and skipped here)
// so that one run reports structural and semantic mistakes together.
import { applyOverrides, closest, DEFAULT_RULE_SET_ID, getParameter, getRuleSet, parameterPaths } from "../models/rules/index.js";
import { CURRENT_CATEGORIES, LEGACY_CATEGORIES } from "../models/rules/types.js";
import type { RuleSet } from "../models/rules/types.js";
import type { IssueCode, IssuePath } from "./issues.js";
import { isValidTimeZone, toInstant, horizonEnd } from "./time.js";
import { formatDuration, parseDuration } from "../models/duration.js";
import { MAX_DAYS, MIN_CADENCE_MS, MIN_RETRY_DELAY_MS, START_YEARS } from "./bounds.js";

/** A semantic problem before it is given a file position. */
export interface CheckIssue {
  path: IssuePath;
  code: IssueCode;
  message: string;
  fix?: string;
  /** Point at the key rather than the value (unknown override paths, conflicting keys). */
  at?: "key" | "value";
}

/** Users the simulator will hold in memory at most; each costs about 100 bytes of typed-array state. */
export const MAX_USERS = 50_000_000;
/** Bytes of simulator state per user, used to explain the `MAX_USERS` refusal. */
export const BYTES_PER_USER = 100;
const ALL_CATEGORIES: readonly string[] = [...CURRENT_CATEGORIES, ...LEGACY_CATEGORIES, "TRANSACTIONAL", "OTP"];
const SHARE_TOLERANCE = 1e-6;
/** Keys that make no sense next to a `plan`: a plan fixes exactly when and how many. */
export const PLAN_EXCLUSIVE_KEYS = ["cadence", "start", "end", "window", "throttle"] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
/** The high end of a distribution as written (its upper bound, or a log-normal's p95). */
const highEnd = (v: unknown): number | undefined => {
  if (!isObj(v)) return undefined;
  if (Array.isArray(v.uniform)) return num(v.uniform[1]);
  if (Array.isArray(v.triangular)) return num(v.triangular[2]);
  if (isObj(v.lognormal)) return num(v.lognormal.p95);
  return undefined;
};

const fmtLimit = (l: number | null): string => (l === null ? "null (unlimited)" : String(l));
const round = (x: number): number => Math.round(x * 1e6) / 1e6;

function didYouMean(word: string, candidates: readonly string[], what: string): string {
  const best = closest(word, [...candidates]);
  if (best) return `did you mean "${best}"?`;
  if (candidates.length === 0) return `define ${what} first`;
  return candidates.length <= 12 ? `name one of the ${what}: ${candidates.join(", ")}` : `name one of the ${what}`;
}

// Overrides are written with dotted keys; a nested spelling (`autoScale: { delay: 6h }`) is
// rejected by the schema, but its issue still needs the right key to point at.
function overrideKeyPath(overrides: Obj, key: string): IssuePath {
  const out: Array<string> = ["overrides"];
  let cur: unknown = overrides;
  let rest = key.split(".");
  while (rest.length > 0 && isObj(cur)) {
    let n = rest.length;
    while (n > 0 && !(rest.slice(0, n).join(".") in (cur as Obj))) n--;
    if (n === 0) break;
    const k = rest.slice(0, n).join(".");
    out.push(k);
    cur = (cur as Obj)[k];
    rest = rest.slice(n);
  }
  return out.length === 1 ? ["overrides", key] : out;
}

/** Result of the semantic checks: issues, and the rule set with overrides when that part is sound. */
export interface CheckResult {
  issues: CheckIssue[];
  ruleSet: RuleSet | undefined;
}

/**
 * Runs every cross-field check on a parsed (not yet validated) scenario document.
 *
 * @example
 * ```ts
 * const { issues } = semanticChecks(parseDocument(text).toJS());
 * issues.filter((i) => i.code === "unknown-template");
 * ```
 */
export function semanticChecks(raw: unknown): CheckResult {
  const issues: CheckIssue[] = [];
  const add = (path: IssuePath, code: IssueCode, message: string, fix?: string, at?: "key" | "value"): void => {
    issues.push({ path, code, message, ...(fix ? { fix } : {}), ...(at ? { at } : {}) });
  };
  if (!isObj(raw)) return { issues, ruleSet: undefined };

  // --- rule set and overrides
  const ruleId = raw.rules === undefined ? DEFAULT_RULE_SET_ID : str(raw.rules);
  const base = ruleId === undefined ? undefined : getRuleSet(ruleId);
  let ruleSet: RuleSet | undefined = base;
  if (base && isObj(raw.overrides)) {
    const applied = applyOverrides(base, raw.overrides);
    if (applied.ok) ruleSet = applied.ruleSet;
    else {
      ruleSet = undefined;
      for (const i of applied.issues) {
        const path = overrideKeyPath(raw.overrides, i.key);
        if (getParameter(base, i.key) !== undefined) {
          add(path, "invalid-override", i.message, `see \`tiersim rules ${base.id}\` for the parameter's type and current value`, "key");
        } else {
          const fix = i.suggestion ? `did you mean "${i.suggestion}"?` : didYouMean(i.key, parameterPaths(base), `parameters of ${base.id} (see \`tiersim rules ${base.id}\`)`);
          add(path, "unknown-override", `"${i.key}" is not a parameter of rule set ${base.id}`, fix, "key");
        }
      }
    }
  }
  const rs = ruleSet ?? base;

  // --- time zone and horizon
  const zoneRaw = raw.timezone === undefined ? "UTC" : str(raw.timezone);
  let zone: string | undefined = zoneRaw;
  if (zoneRaw !== undefined && !isValidTimeZone(zoneRaw)) {
    zone = undefined;
    const guess = closest(zoneRaw, Intl.supportedValuesOf("timeZone"));
    add(["timezone"], "unknown-timezone", `"${zoneRaw}" is not an IANA time zone`, guess ? `did you mean "${guess}"?` : "use a name such as Europe/Madrid, America/Mexico_City or UTC");
  }
  const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}(T.*)?$/;
  const instant = (path: IssuePath, value: unknown): number | undefined => {
    const text = str(value);
    if (text === undefined || !DATE_SHAPE.test(text)) return undefined;
    if (toInstant(text, "UTC") === undefined) {
      // Only the shape passed zod; the calendar is checked here.
      if (/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(text)) {
        add(path, "invalid-date", `"${text}" is not a real date or time`, "check the day of the month, the hour (00–23) and the offset");
      }
      return undefined;
    }
    // With an unknown zone (already reported), UTC keeps the other date checks running.
    return toInstant(text, zone ?? "UTC");
  };
  let start = instant(["start"], raw.start);
  if (start !== undefined) {
    const year = new Date(start).getUTCFullYear();
    if (year < START_YEARS.from || year > START_YEARS.to) {
      add(["start"], "out-of-range", `the year ${year} is outside the years tiersim simulates (${START_YEARS.from} to ${START_YEARS.to})`, "start the scenario in a year tiersim can simulate, e.g. this one");
      start = undefined;
    }
  }
  // Out of range (the schema says so), a horizon feeds no other check.
  const days = num(raw.days) !== undefined && (raw.days as number) <= MAX_DAYS ? (raw.days as number) : undefined;
  const end = start !== undefined && days !== undefined && Number.isInteger(days) && days >= 1 ? horizonEnd(start, days, zone ?? "UTC") : undefined;
  const horizonText = end !== undefined ? `${new Date(start as number).toISOString()} – ${new Date(end).toISOString()}` : "";
  const inHorizon = (path: IssuePath, t: number | undefined, what: string, allowEnd = false): void => {
    if (t === undefined || start === undefined || end === undefined) return;
    if (t < start || t > end || (!allowEnd && t === end)) {
      add(path, "outside-horizon", `${what} ${new Date(t).toISOString()} is outside the simulated horizon ${horizonText}`, "move the date inside the horizon, or change `start` / `days`");
    }
  };

  // --- business and phone numbers
  const business = isObj(raw.business) ? raw.business : {};
  const phones = raw.business !== undefined && isObj(raw.business) && business.phoneNumbers !== undefined ? arr(business.phoneNumbers) : [{ id: "main" }];
  const phoneIds: string[] = [];
  phones.forEach((p, i) => {
    const id = isObj(p) ? str(p.id) : undefined;
    if (id === undefined) return;
    const first = phoneIds.indexOf(id);
    if (first >= 0) add(["business", "phoneNumbers", i, "id"], "duplicate-name", `phone number "${id}" is already defined at business.phoneNumbers[${first}]`, "give each number a distinct id");
    phoneIds.push(id);
  });
  inHorizon(["business", "verifiedAt"], instant(["business", "verifiedAt"], business.verifiedAt), "verifiedAt");
  const checkRung = (path: IssuePath, value: unknown): void => {
    if (!rs || (value !== null && num(value) === undefined)) return;
    const limit = value as number | null;
    if (!rs.limit.ladder.includes(limit)) {
      add(path, "limit-not-on-ladder", `${fmtLimit(limit)} is not a messaging limit of rule set ${rs.id}`, `use one of ${rs.limit.ladder.map(fmtLimit).join(", ")}`);
    }
  };
  if ("limit" in business) checkRung(["business", "limit"], business.limit);
  phones.forEach((p, i) => {
    if (!isObj(p) || !("limit" in p)) return;
    if (rs && rs.limit.scope === "portfolio") {
      add(["business", "phoneNumbers", i, "limit"], "phone-limit-scope", `rule set ${rs.id} counts one limit for the whole portfolio, not per number`, "remove this key and set business.limit instead", "key");
    } else checkRung(["business", "phoneNumbers", i, "limit"], p.limit);
  });
  const checkPhone = (path: IssuePath, value: unknown): void => {
    const id = str(value);
    if (id !== undefined && !phoneIds.includes(id)) add(path, "unknown-phone", `no phone number "${id}" in business.phoneNumbers`, didYouMean(id, phoneIds, "numbers"));
  };

  // --- templates
  const templateNames: string[] = [];
  arr(raw.templates).forEach((t, i) => {
    if (!isObj(t)) return;
    const name = str(t.name);
    if (name !== undefined) {
      const first = templateNames.indexOf(name);
      if (first >= 0) add(["templates", i, "name"], "duplicate-name", `template "${name}" is already defined at templates[${first}]`, "give each template a distinct name");
      templateNames.push(name);
    }
    checkPhone(["templates", i, "phone"], t.phone);
    const category = str(t.category);
    // An unknown category is the schema's to report; here only known ones from another era.
    if (rs && category !== undefined && ALL_CATEGORIES.includes(category) && !rs.templates.categories.includes(category as never)) {
      const legal = rs.templates.categories;
      if (legal.length > 0) add(["templates", i, "category"], "category-not-in-era", `category ${category} does not exist under rule set ${rs.id}`, `use one of ${legal.join(", ")}`);
    }
    inHorizon(["templates", i, "submittedAt"], instant(["templates", i, "submittedAt"], t.submittedAt), "submittedAt");
  });

  // --- audience
  const audience = isObj(raw.audience) ? raw.audience : undefined;
  const segmentNames: string[] = [];
  const segmentShares = new Map<string, number>();
  let population: number | undefined;
  let optedInCount: number | undefined;
  let growthPerDay: number | undefined;
  if (audience) {
    const segs = audience.segments === undefined ? [{ name: "all", share: 1 }] : arr(audience.segments);
    const shares: number[] = [];
    segs.forEach((s, i) => {
      if (!isObj(s)) return;
      const name = str(s.name);
      if (name !== undefined) {
        const first = segmentNames.indexOf(name);
        if (first >= 0) add(["audience", "segments", i, "name"], "duplicate-name", `segment "${name}" is already defined at audience.segments[${first}]`, "give each segment a distinct name");
        segmentNames.push(name);
      }
      const share = num(s.share);
      if (share !== undefined) shares.push(share);
      if (name !== undefined && share !== undefined && !segmentShares.has(name)) segmentShares.set(name, share);
    });
    if (shares.length === segs.length && segs.length > 0) {
      const sum = shares.reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) > SHARE_TOLERANCE) {
        const lastName = isObj(segs[segs.length - 1]) ? str((segs[segs.length - 1] as Obj).name) : undefined;
        const needed = round(1 - (sum - shares[shares.length - 1]));
        const hint = needed >= 0 && needed <= 1 && lastName ? ` (e.g. ${lastName}: ${needed})` : "";
        add(["audience", "segments"], "shares-sum", `segment shares sum to ${round(sum)}, not 1`, `adjust the shares so they add up to 1${hint}`);
      }
    }
    if (isObj(audience.markets)) {
      const values = Object.values(audience.markets);
      if (values.length > 0 && values.every((v) => num(v) !== undefined)) {
        const sum = (values as number[]).reduce((a, b) => a + b, 0);
        if (Math.abs(sum - 1) > SHARE_TOLERANCE) {
          add(["audience", "markets"], "shares-sum", `market shares sum to ${round(sum)}, not 1`, "adjust the shares so they add up to 1 (put the rest in OTHER)");
        }
      }
    }
    const optedIn = num(audience.optedIn);
    // A distribution of growth is checked at its high end: some replications draw it.
    const growth = audience.growthPerDay === undefined ? 0 : (num(audience.growthPerDay) ?? highEnd(audience.growthPerDay));
    optedInCount = optedIn;
    growthPerDay = growth;
    if (optedIn !== undefined && growth !== undefined && days !== undefined) {
      population = optedIn + growth * days;
      if (population > MAX_USERS) {
        const gb = ((population * BYTES_PER_USER) / 1e9).toFixed(1);
        add(
          growth > 0 && optedIn <= MAX_USERS ? ["audience", "growthPerDay"] : ["audience", "optedIn"],
          "too-large",
          `the audience reaches ${Math.round(population).toLocaleString("en-US")} users over ${days} days; at about ${BYTES_PER_USER} bytes of state per user that needs ~${gb} GB, more than the ${MAX_USERS.toLocaleString("en-US")}-user limit`,
          "simulate a representative sample (scale optedIn and growthPerDay down, then scale counts up), or shorten days",
        );
      }
    }
  }

  // --- campaigns
  const campaignNames: string[] = [];
  let planned = 0;
  let plannedReported = false;
  /** Plans aimed at named segments, for the check that those segments hold enough fresh users. */
  const plans: Array<{ index: number; segments: string[] | undefined; entries: Array<{ j: number; at: number; count: number }> }> = [];
  arr(raw.campaigns).forEach((c, i) => {
    if (!isObj(c)) return;
    const base: IssuePath = ["campaigns", i];
    const name = str(c.name);
    if (name !== undefined) {
      const first = campaignNames.indexOf(name);
      if (first >= 0) add([...base, "name"], "duplicate-name", `campaign "${name}" is already defined at campaigns[${first}]`, "give each campaign a distinct name");
      campaignNames.push(name);
    }
    const template = str(c.template);
    if (template !== undefined && !templateNames.includes(template)) {
      add([...base, "template"], "unknown-template", `no template named "${template}" in templates`, didYouMean(template, templateNames, "templates"));
    }
    checkPhone([...base, "phone"], c.phone);
    if (isObj(c.audience) && audience) {
      arr(c.audience.segments).forEach((s, j) => {
        const seg = str(s);
        if (seg !== undefined && !segmentNames.includes(seg)) {
          add([...base, "audience", "segments", j], "unknown-segment", `no segment named "${seg}" in audience.segments`, didYouMean(seg, segmentNames, "segments"));
        }
      });
    }
    const cStart = instant([...base, "start"], c.start);
    const cEnd = instant([...base, "end"], c.end);
    inHorizon([...base, "start"], cStart, "campaign start");
    inHorizon([...base, "end"], cEnd, "campaign end", true);
    if (cStart !== undefined && cEnd !== undefined && cEnd <= cStart) {
      add([...base, "end"], "date-order", "the campaign ends before it starts", "set end after start");
    }
    const window = str(c.window);
    const wm = window === undefined ? null : /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(window);
    if (wm) {
      const from = Number(wm[1]) * 60 + Number(wm[2]);
      const to = Number(wm[3]) * 60 + Number(wm[4]);
      if (to <= from) add([...base, "window"], "window-order", `send window ${window} ends before it starts`, "windows cannot wrap midnight: use e.g. 09:00-21:00, or two campaigns");
    }
    if (isObj(c.cadence) && (typeof c.cadence.every === "string" || typeof c.cadence.every === "number")) {
      const every = parseDuration(c.cadence.every);
      if (every !== undefined && every < MIN_CADENCE_MS) {
        add([...base, "cadence", "every"], "too-fine", `an occurrence every ${formatDuration(every)} is more often than tiersim simulates (at least every ${formatDuration(MIN_CADENCE_MS)})`, `each occurrence targets the whole audience again: use ${formatDuration(MIN_CADENCE_MS)} or more, or a \`plan\` of exact sends`);
      }
    }
    if (isObj(c.retry)) {
      for (const [code, rule] of Object.entries(c.retry)) {
        if (!isObj(rule) || (typeof rule.after !== "string" && typeof rule.after !== "number")) continue;
        const after = parseDuration(rule.after);
        if (after !== undefined && after < MIN_RETRY_DELAY_MS) {
          add([...base, "retry", code, "after"], "too-fine", `a retry after ${formatDuration(after)} is sooner than tiersim simulates (at least ${formatDuration(MIN_RETRY_DELAY_MS)})`, `wait ${formatDuration(MIN_RETRY_DELAY_MS)} or more; Meta advises backing off (e.g. 24h for 131049, 4^x seconds for 131056)`);
        }
      }
    }
    if (isObj(c.throttle)) {
      const t = c.throttle;
      const policy = t.policy === undefined ? "fill-limit" : str(t.policy);
      const need: Record<string, string[]> = { "fixed-rate": ["rate"], "token-bucket": ["rate", "burst"], "fraction-of-limit": ["fraction"] };
      const missing = (need[policy ?? ""] ?? []).filter((k) => t[k] === undefined);
      if (missing.length > 0) {
        add([...base, "throttle"], "missing-throttle-param", `throttle policy ${policy} needs ${missing.join(" and ")}`, `add ${missing.map((k) => `${k}: …`).join(", ")} to the throttle`);
      }
    }
    if (c.plan !== undefined) {
      for (const k of PLAN_EXCLUSIVE_KEYS) {
        if (k in c) add([...base, k], "plan-conflict", `"${k}" has no effect on a campaign with a plan`, "remove it: a plan fixes exactly when each send happens", "key");
      }
      let prev: number | undefined;
      const named = isObj(c.audience) && Array.isArray(c.audience.segments) ? c.audience.segments.filter((x): x is string => typeof x === "string") : undefined;
      const plan: (typeof plans)[number] = { index: i, segments: named, entries: [] };
      plans.push(plan);
      arr(c.plan).forEach((e, j) => {
        if (!isObj(e)) return;
        const at = instant([...base, "plan", j, "at"], e.at);
        inHorizon([...base, "plan", j, "at"], at, "plan entry");
        if (at !== undefined && prev !== undefined && at < prev) {
          add([...base, "plan", j, "at"], "plan-order", "plan entries must be in time order; this one is earlier than the previous one", "sort the plan by `at`");
        }
        if (at !== undefined) prev = at;
        const count = num(e.count);
        if (count !== undefined) planned += count;
        if (count !== undefined && at !== undefined) plan.entries.push({ j, at, count });
      });
      if (population !== undefined && planned > population && !plannedReported) {
        plannedReported = true;
        add([...base, "plan"], "plan-exceeds-audience", `plans send to ${planned} distinct users but the audience has only ${Math.floor(population)}`, "raise audience.optedIn or lower the plan counts");
      }
    }
  });

  checkPlanSegments(plans, segmentShares, optedInCount, growthPerDay, start, add);

  return { issues, ruleSet: issues.length === 0 ? rs : undefined };
}

/**
 * A plan aimed at named segments takes fresh users of those segments only: its entries, with
 * those of every plan whose segments lie within its own (they draw on the same users), must
 * fit in the users those segments are expected to hold by each entry's time — the opted-in
 * users and the growth until then, times the segments' share. Reported at the first entry that
 * does not fit.
 */
function checkPlanSegments(
  plans: Array<{ index: number; segments: string[] | undefined; entries: Array<{ j: number; at: number; count: number }> }>,
  shares: Map<string, number>,
  optedIn: number | undefined,
  growth: number | undefined,
  start: number | undefined,
  add: (path: IssuePath, code: IssueCode, message: string, fix?: string) => void,
): void {
  if (optedIn === undefined || growth === undefined || start === undefined) return;
  const all = [...shares.keys()];
  const setOf = (p: (typeof plans)[number]): string[] => p.segments ?? all;
  for (const p of plans) {
    if (p.segments === undefined || p.segments.length === 0 || !p.segments.every((n) => shares.has(n))) continue;
    const mine = new Set(p.segments);
    const share = [...mine].reduce((a, n) => a + (shares.get(n) ?? 0), 0);
    const within = plans.filter((q) => setOf(q).every((n) => mine.has(n)));
    for (const e of p.entries) {
      const demand = within.reduce((a, q) => a + q.entries.filter((x) => x.at <= e.at).reduce((b, x) => b + x.count, 0), 0);
      const users = optedIn + growth * Math.max(0, (e.at - start) / 86_400_000);
      const expected = Math.floor(users * share);
      if (demand <= expected) continue;
      const names = [...mine].map((n) => `"${n}"`).join(", ");
      const others = within.length > 1 ? " (with the other plans drawing on them)" : "";
      add(
        ["campaigns", p.index, "plan", e.j, "count"],
        "plan-exceeds-segments",
        `plans need ${demand.toLocaleString("en-US")} fresh users of segment${mine.size > 1 ? "s" : ""} ${names} by ${new Date(e.at).toISOString()}${others}, but ${mine.size > 1 ? "they are" : "it is"} expected to hold about ${expected.toLocaleString("en-US")} of the audience's ${Math.floor(users).toLocaleString("en-US")} users then (share ${round(share)})`,
        "raise the segments' share or audience.optedIn, lower the plan counts, or aim the plan at more segments",
      );
      break;
    }
  }
}
