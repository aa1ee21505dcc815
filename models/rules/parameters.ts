// The kind of every rule-set parameter, next to the data: what an override may set and how
// its value is read (durations from "6h", dates as YYYY-MM-DD, the ladder's shape…).
import { isDay } from "../dates.js";
import { parseDuration } from "../duration.js";
import { CURRENT_CATEGORIES, LEGACY_CATEGORIES, QUALITIES } from "./types.js";

/** How a parameter's value is checked and normalised. */
export type ParameterKind =
  | { type: "duration"; positive?: boolean }
  | { type: "duration-or-null" }
  | { type: "duration-list" }
  | { type: "probability" }
  | { type: "number"; min: number; exclusiveMin?: boolean; integer?: boolean }
  | { type: "code" }
  | { type: "boolean" }
  | { type: "enum"; values: readonly string[] }
  | { type: "ladder" }
  | { type: "limit" }
  | { type: "quality-list" }
  | { type: "category-list" }
  | { type: "market-list" }
  | { type: "day-or-null" }
  | { type: "currency" }
  | { type: "usage-or-null" }
  | { type: "volume-tiers" };

const duration: ParameterKind = { type: "duration" };
const positiveDuration: ParameterKind = { type: "duration", positive: true };
const probability: ParameterKind = { type: "probability" };
const nonNegative: ParameterKind = { type: "number", min: 0 };
const positive: ParameterKind = { type: "number", min: 0, exclusiveMin: true };
const positiveInt: ParameterKind = { type: "number", min: 1, integer: true };
const nonNegativeInt: ParameterKind = { type: "number", min: 0, integer: true };
const code: ParameterKind = { type: "code" };
const bool: ParameterKind = { type: "boolean" };
const qualityList: ParameterKind = { type: "quality-list" };

/** Every overridable parameter path (except per-market rates, see `RATE_PATH`) and its kind. */
export const PARAMETER_KINDS: Readonly<Record<string, ParameterKind>> = {
  "limit.scope": { type: "enum", values: ["number", "portfolio"] },
  "limit.ladder": { type: "ladder" },
  "limit.startUnverified": positiveInt,
  "limit.startVerified": { type: "limit" },
  "limit.window": positiveDuration,
  "limit.countedUnit": { type: "enum", values: ["business-initiated-conversation", "delivered-outside-csw"] },
  "limit.overLimitCode": code,
  "scalingPath.verification": bool,
  "scalingPath.partnerVerification": bool,
  "scalingPath.usage": { type: "usage-or-null" },
  "scalingPath.usage.threshold": positiveInt,
  "scalingPath.usage.window": positiveDuration,
  "scalingPath.usage.requiresHighQuality": bool,
  "scalingPath.review.delay": duration,
  "scalingPath.review.approveProbability": probability,
  "scalingPath.review.retryAfter": duration,
  "autoScale.factor": positive,
  "autoScale.lookback": positiveDuration,
  "autoScale.measure": { type: "enum", values: ["cumulativeUnique7d", "peakMoving24h"] },
  "autoScale.delay": duration,
  "autoScale.delayMode": { type: "enum", values: ["fixed", "uniform"] },
  "autoScale.minTimeInTier": duration,
  "autoScale.qualityGate": qualityList,
  "downgrade.enabled": bool,
  "downgrade.flaggedFor": duration,
  "downgrade.exit": { type: "enum", values: ["day-7", "on-recovery"] },
  "quality.window": positiveDuration,
  "quality.halfLife": positiveDuration,
  "quality.yellowAt": probability,
  "quality.redAt": probability,
  "quality.reportWeight": nonNegative,
  "quality.minDelivered": nonNegative,
  "quality.holdLastRating": bool,
  "quality.evaluateEvery": positiveDuration,
  "templates.categories": { type: "category-list" },
  "templates.reviewMax": duration,
  "templates.pauseDurations": { type: "duration-list" },
  "templates.pauseCountWindow": { type: "duration-or-null" },
  "templates.perWaba.unverified": positiveInt,
  "templates.perWaba.verified": positiveInt,
  "templates.quality.window": positiveDuration,
  "templates.quality.minDelivered": nonNegative,
  "templates.quality.yellowAt": probability,
  "templates.quality.redAt": probability,
  "templates.quality.lowReadRate": probability,
  "templates.quality.readRateWeight": nonNegative,
  "templates.pausedCode": code,
  "templates.disabledCode": code,
  "templates.pacing.from": { type: "day-or-null" },
  "templates.pacing.initialBatch": nonNegativeInt,
  "templates.pacing.listenFor": positiveDuration,
  "templates.pacing.badAt": probability,
  "templates.pacing.minFeedback": nonNegativeInt,
  "templates.pacing.utilityAfterPause": duration,
  "portfolioPacing.from": { type: "day-or-null" },
  "portfolioPacing.threshold": nonNegativeInt,
  "portfolioPacing.window": positiveDuration,
  "portfolioPacing.burstWindow": positiveDuration,
  "portfolioPacing.batchSize": positiveInt,
  "portfolioPacing.listenFor": positiveDuration,
  "portfolioPacing.badAt": probability,
  "portfolioPacing.minFeedback": nonNegativeInt,
  "portfolioPacing.reviewDuration": duration,
  "portfolioPacing.code": code,
  "windows.csw": positiveDuration,
  "windows.fep": positiveDuration,
  "throughput.mps": positive,
  "throughput.highMps": positive,
  "throughput.coexistenceMps": positive,
  "throughput.upgrade.enabled": bool,
  "throughput.upgrade.minUnique24h": nonNegativeInt,
  "throughput.upgrade.requiresUnlimited": bool,
  "throughput.upgrade.minQuality": qualityList,
  "throughput.upgrade.delay": duration,
  "throughput.code": code,
  "pairRate.burst": positiveInt,
  "pairRate.interval": positiveDuration,
  "pairRate.code": code,
  "perUserCap.from": { type: "day-or-null" },
  "perUserCap.budget": nonNegative,
  "perUserCap.window": positiveDuration,
  "perUserCap.otherBusinessesShare": probability,
  "perUserCap.exemptMarkets": { type: "market-list" },
  "perUserCap.usMarketingBlockedFrom": { type: "day-or-null" },
  "perUserCap.exemptInsideCsw": bool,
  "perUserCap.lockoutAfter": nonNegativeInt,
  "perUserCap.lockout": duration,
  "perUserCap.code": code,
  "pricing.pmpFrom": { type: "day-or-null" },
  "pricing.currency": { type: "currency" },
  "pricing.freeUtilityInCsw": bool,
  "pricing.conversationWindow": positiveDuration,
  "pricing.categoriesFrom": { type: "day-or-null" },
  "enforcement.enabled": bool,
  "enforcement.spamRateAt": probability,
  "enforcement.sustainedFor": positiveDuration,
  "enforcement.spamLimitedTo": nonNegativeInt,
  "enforcement.spamCode": code,
  "enforcement.pacingDropsAt": nonNegativeInt,
  "enforcement.pacingDropWindow": positiveDuration,
  "enforcement.warnings": nonNegativeInt,
  "enforcement.businessInitiatedBlocks": { type: "duration-list" },
  "enforcement.allMessagingBlocks": { type: "duration-list" },
  "enforcement.blockCode": code,
  "pricing.volumeTiers.UTILITY": { type: "volume-tiers" },
  "pricing.volumeTiers.AUTHENTICATION": { type: "volume-tiers" },
};

/** `pricing.rates.<MARKET>.<CATEGORY>`: a market may be added by setting one of its rates. */
export const RATE_PATH = /^pricing\.rates\.([A-Z]{2}|OTHER)\.(MARKETING|UTILITY|AUTHENTICATION)$/;
const RATE_KIND: ParameterKind = nonNegative;

/** Rule-set fields that identify the era rather than parameterise it: never overridden. */
export const IDENTITY_FIELDS: readonly string[] = ["id", "title", "from", "summary"];

/**
 * The kind of the parameter at `path`, or `undefined` if it is no parameter.
 *
 * @example
 * ```ts
 * kindOf("autoScale.delay");               // { type: "duration" }
 * kindOf("pricing.rates.FR.MARKETING");    // { type: "number", min: 0 }
 * kindOf("autoScale.dealy");               // undefined
 * ```
 */
export function kindOf(path: string): ParameterKind | undefined {
  if (Object.prototype.hasOwnProperty.call(PARAMETER_KINDS, path)) return PARAMETER_KINDS[path];
  return RATE_PATH.test(path) ? RATE_KIND : undefined;
}

/** Result of reading one override value. */
export type ParsedValue = { ok: true; value: unknown } | { ok: false; message: string };

const CATEGORY_SET = new Set<string>([...CURRENT_CATEGORIES, ...LEGACY_CATEGORIES, "TRANSACTIONAL", "OTP"]);
const QUALITY_SET = new Set<string>(QUALITIES);
const DURATION_HINT = "a duration such as 90s, 15m, 6h, 7d or a whole number of milliseconds";

function readDuration(value: unknown, positiveOnly = false): ParsedValue {
  if (typeof value === "number" && !Number.isInteger(value)) return { ok: false, message: `expected ${DURATION_HINT}, got ${value}` };
  const ms = typeof value === "string" || typeof value === "number" ? parseDuration(value) : undefined;
  if (ms === undefined) return { ok: false, message: `expected ${DURATION_HINT}, got ${show(value)}` };
  if (positiveOnly && ms === 0) return { ok: false, message: "expected a duration longer than zero" };
  return { ok: true, value: ms };
}

function show(value: unknown): string {
  return typeof value === "string" ? `'${value}'` : JSON.stringify(value) ?? String(value);
}

function readList(value: unknown, allowed: Set<string>, what: string): ParsedValue {
  if (!Array.isArray(value)) return { ok: false, message: `expected a list of ${what}, got ${show(value)}` };
  const bad = value.filter((v) => typeof v !== "string" || !allowed.has(v));
  if (bad.length > 0) return { ok: false, message: `not ${what}: ${bad.map(show).join(", ")} (allowed: ${[...allowed].join(", ")})` };
  return { ok: true, value: [...new Set(value as string[])] };
}

/**
 * Checks `value` against `kind` and returns it normalised (durations in ms, lists deduplicated),
 * or a message saying what was expected.
 *
 * @example
 * ```ts
 * readValue({ type: "duration" }, "6h");      // { ok: true, value: 21600000 }
 * readValue({ type: "probability" }, 1.5);    // { ok: false, message: "expected a probability in [0, 1], got 1.5" }
 * ```
 */
export function readValue(kind: ParameterKind, value: unknown): ParsedValue {
  switch (kind.type) {
    case "duration":
      return readDuration(value, kind.positive);
    case "duration-or-null":
      return value === null ? { ok: true, value: null } : readDuration(value, true);
    case "duration-list": {
      if (!Array.isArray(value)) return { ok: false, message: `expected a list of durations (e.g. [3h, 6h]), got ${show(value)}` };
      const out: number[] = [];
      for (const v of value) {
        const d = readDuration(v, true);
        if (!d.ok) return d;
        out.push(d.value as number);
      }
      return { ok: true, value: out };
    }
    case "probability":
      return typeof value === "number" && value >= 0 && value <= 1
        ? { ok: true, value }
        : { ok: false, message: `expected a probability in [0, 1], got ${show(value)}` };
    case "number": {
      const below = typeof value === "number" && (kind.exclusiveMin ? value <= kind.min : value < kind.min);
      if (typeof value !== "number" || !Number.isFinite(value) || below || (kind.integer && !Number.isInteger(value))) {
        const what = `${kind.integer ? "a whole number" : "a number"} ${kind.exclusiveMin ? `greater than ${kind.min}` : `of at least ${kind.min}`}`;
        return { ok: false, message: `expected ${what}, got ${show(value)}` };
      }
      return { ok: true, value };
    }
    case "code":
      return typeof value === "number" && Number.isInteger(value) && value > 0
        ? { ok: true, value }
        : { ok: false, message: `expected an error code (a positive whole number), got ${show(value)}` };
    case "boolean":
      return typeof value === "boolean" ? { ok: true, value } : { ok: false, message: `expected true or false, got ${show(value)}` };
    case "enum":
      return typeof value === "string" && kind.values.includes(value)
        ? { ok: true, value }
        : { ok: false, message: `expected one of ${kind.values.join(", ")}, got ${show(value)}` };
    case "ladder": {
      const hint = "expected ascending positive whole numbers ending with null (unlimited), e.g. [250, 2000, 10000, 100000, null]";
      if (!Array.isArray(value) || value.length < 2 || value[value.length - 1] !== null) return { ok: false, message: `${hint}, got ${show(value)}` };
      const rungs = value.slice(0, -1);
      const ok = rungs.every((r, i) => typeof r === "number" && Number.isInteger(r) && r > 0 && (i === 0 || r > (rungs[i - 1] as number)));
      return ok ? { ok: true, value: [...value] } : { ok: false, message: `${hint}, got ${show(value)}` };
    }
    case "limit":
      return value === null || (typeof value === "number" && Number.isInteger(value) && value > 0)
        ? { ok: true, value }
        : { ok: false, message: `expected a limit (a positive whole number, or null for unlimited), got ${show(value)}` };
    case "quality-list":
      return readList(value, QUALITY_SET, "qualities");
    case "category-list":
      return readList(value, CATEGORY_SET, "template categories");
    case "market-list": {
      // `EEA` stands for the whole European Economic Area, as Meta writes it.
      if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || !/^([A-Z]{2}|EEA)$/.test(v))) {
        return { ok: false, message: `expected a list of ISO 3166 country codes in capitals (ES, GB…) or EEA, got ${show(value)}` };
      }
      return { ok: true, value: [...new Set(value as string[])] };
    }
    case "day-or-null":
      return value === null || (typeof value === "string" && isDay(value))
        ? { ok: true, value }
        : { ok: false, message: `expected a calendar day YYYY-MM-DD or null (never), got ${show(value)}` };
    case "currency":
      return typeof value === "string" && /^[A-Z]{3}$/.test(value)
        ? { ok: true, value }
        : { ok: false, message: `expected an ISO 4217 currency code (USD, EUR…), got ${show(value)}` };
    case "volume-tiers": {
      const hint = "expected a list of { from, discount } with from ascending whole numbers starting at 0 and discount in [0, 1), e.g. [{ from: 0, discount: 0 }, { from: 250000, discount: 0.05 }]";
      if (!Array.isArray(value) || value.length === 0) return { ok: false, message: `${hint}, got ${show(value)}` };
      const out: Array<{ from: number; discount: number }> = [];
      for (const [i, t] of value.entries()) {
        const ok =
          typeof t === "object" && t !== null && !Array.isArray(t) && Object.keys(t).every((k) => k === "from" || k === "discount") &&
          Number.isInteger((t as Record<string, unknown>).from) && typeof (t as Record<string, unknown>).discount === "number";
        if (!ok) return { ok: false, message: `${hint}; tier ${i} is ${show(t)}` };
        const { from, discount } = t as { from: number; discount: number };
        if (i === 0 ? from !== 0 : from <= out[i - 1].from) return { ok: false, message: `${hint}; tier ${i} starts at ${from}` };
        if (!(discount >= 0 && discount < 1)) return { ok: false, message: `${hint}; tier ${i} has discount ${discount}` };
        out.push({ from, discount });
      }
      return { ok: true, value: out };
    }
    case "usage-or-null": {
      if (value === null) return { ok: true, value: null };
      const hint = "expected null (no usage path) or { threshold, window, requiresHighQuality }";
      if (typeof value !== "object" || Array.isArray(value)) return { ok: false, message: `${hint}, got ${show(value)}` };
      const v = value as Record<string, unknown>;
      const extra = Object.keys(v).filter((k) => !["threshold", "window", "requiresHighQuality"].includes(k));
      if (extra.length > 0) return { ok: false, message: `${hint}; unknown key ${extra.map(show).join(", ")}` };
      const threshold = readValue(positiveInt, v.threshold);
      if (!threshold.ok) return { ok: false, message: `threshold: ${threshold.message}` };
      const window = readDuration(v.window, true);
      if (!window.ok) return { ok: false, message: `window: ${window.message}` };
      if (typeof v.requiresHighQuality !== "boolean") return { ok: false, message: "requiresHighQuality: expected true or false" };
      return { ok: true, value: { threshold: threshold.value, window: window.value, requiresHighQuality: v.requiresHighQuality } };
    }
  }
}
