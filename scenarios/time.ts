// Calendar maths for scenario dates. A scenario's dates are strings; the checks need
// instants, and a bare date means midnight in the scenario's own time zone, which only
// Intl knows (no tz database ships with tiersim).

const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Whether `zone` is an IANA time-zone name this runtime knows.
 *
 * @example
 * ```ts
 * isValidTimeZone("Europe/Madrid"); // true
 * isValidTimeZone("Europe/Madird"); // false
 * ```
 */
export function isValidTimeZone(zone: string): boolean {
  if (zone.length === 0) return false;
  try {
    offsetFormat(zone);
    return true;
  } catch {
    return false;
  }
}

// Building an Intl.DateTimeFormat costs a fraction of a millisecond: a calendar of a year of
// days builds hundreds, so each zone's two formatters are built once.
const offsetFormats = new Map<string, Intl.DateTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function offsetFormat(zone: string): Intl.DateTimeFormat {
  let f = offsetFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    offsetFormats.set(zone, f);
  }
  return f;
}

function dateFormat(zone: string): Intl.DateTimeFormat {
  let f = dateFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
    dateFormats.set(zone, f);
  }
  return f;
}

// Date.parse silently rolls 2026-02-30 over to 2 March; a strategist's typo must not move a campaign.
function realCalendarDate(y: number, mo: number, d: number): boolean {
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Offset of `zone` from UTC at instant `ms`, in ms (local − UTC). */
function zoneOffset(ms: number, zone: string): number {
  const parts = offsetFormat(zone).formatToParts(new Date(ms));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return local - Math.floor(ms / 1000) * 1000;
}

/**
 * Reads a scenario date: an ISO-8601 date-time with offset, or a calendar date taken as
 * 00:00 in `zone`. Returns epoch milliseconds, or `undefined` when the text is not a
 * real date (2026-02-30, 25:00, a malformed offset) or the zone is unknown.
 *
 * @example
 * ```ts
 * toInstant("2026-03-02T15:00:00Z", "UTC");      // 1772463600000
 * toInstant("2026-03-03", "Europe/Madrid");       // 2026-03-02T23:00:00Z in ms
 * ```
 */
export function toInstant(text: string, zone: string): number | undefined {
  const dt = DATE_TIME_RE.exec(text);
  if (dt) {
    const [y, mo, d, h, mi, s] = [dt[1], dt[2], dt[3], dt[4], dt[5], dt[6] ?? "0"].map(Number);
    const ms = Number((dt[7] ?? "0").padEnd(3, "0"));
    if (!realCalendarDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return undefined;
    let offset = 0;
    if (dt[8] !== "Z") {
      const sign = dt[8].startsWith("-") ? -1 : 1;
      const oh = Number(dt[8].slice(1, 3));
      const om = Number(dt[8].slice(4, 6));
      if (oh > 14 || om > 59) return undefined;
      offset = sign * (oh * 60 + om) * 60_000;
    }
    return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offset;
  }
  const dd = DATE_RE.exec(text);
  if (!dd || !isValidTimeZone(zone)) return undefined;
  const [y, mo, d] = [dd[1], dd[2], dd[3]].map(Number);
  if (!realCalendarDate(y, mo, d)) return undefined;
  return wallToInstant(Date.UTC(y, mo - 1, d), zone);
}

/**
 * The instant at which the clocks of `zone` show `msOfDay` after midnight of the local
 * calendar date `day` (YYYY-MM-DD). `msOfDay` may reach past 24 h (`24:00` is the next local
 * midnight). Returns epoch milliseconds, or `undefined` for a malformed date or unknown zone.
 *
 * Local times that a daylight-saving change makes nonexistent or ambiguous follow the rule
 * schedulers use, so that a send window means "every instant whose local time is inside it":
 *
 * - **Nonexistent** (the spring-forward gap, e.g. 02:30 on 29 March 2026 in Europe/Madrid,
 *   where clocks jump from 02:00 to 03:00): the first instant that exists after it — the
 *   moment of the change, 03:00 local. This is what cron-like schedulers do with a job in the
 *   skipped hour (it runs right after the change). Temporal's `"compatible"` disambiguation
 *   also moves forward, but by the gap's length (02:30 → 03:30); for a window's edge that
 *   would drop 03:00–03:30, which is inside the window in local time, so tiersim stops at the
 *   change instead.
 * - **Ambiguous** (the fall-back overlap, e.g. 02:30 on 25 October 2026 in Europe/Madrid,
 *   which the clocks show twice): the first occurrence, as Temporal's `"compatible"` (and
 *   `"earlier"`) disambiguation and cron-like schedulers do. A time that repeats is used once.
 *
 * @example
 * ```ts
 * localToInstant("2026-03-28", 10 * 3_600_000, "Europe/Madrid"); // 2026-03-28T09:00:00Z
 * localToInstant("2026-03-29", 10 * 3_600_000, "Europe/Madrid"); // 2026-03-29T08:00:00Z
 * localToInstant("2026-03-29", 2.5 * 3_600_000, "Europe/Madrid"); // 2026-03-29T01:00:00Z (03:00 local)
 * localToInstant("2026-10-25", 2.5 * 3_600_000, "Europe/Madrid"); // 2026-10-25T00:30:00Z (the first 02:30)
 * ```
 */
export function localToInstant(day: string, msOfDay: number, zone: string): number | undefined {
  const dd = DATE_RE.exec(day);
  if (!dd || !isValidTimeZone(zone)) return undefined;
  const [y, mo, d] = [dd[1], dd[2], dd[3]].map(Number);
  if (!realCalendarDate(y, mo, d)) return undefined;
  return wallToInstant(Date.UTC(y, mo - 1, d) + msOfDay, zone);
}

/**
 * The instant whose local wall-clock time in `zone` is `wall` (the wall time written as if it
 * were UTC), with the rule of {@link localToInstant} for nonexistent and ambiguous times.
 *
 * Two passes: the offsets a day before and a day after give the (at most two) candidates —
 * the earlier one wins when both show `wall` (ambiguous); when neither does (`wall` falls in a
 * gap), the change lies between them and a bisection finds its instant. Zones change offset
 * far less often than once a day, so the offsets a day either side are the ones around `wall`.
 */
function wallToInstant(wall: number, zone: string): number {
  const before = zoneOffset(wall - DAY_MS, zone);
  const after = zoneOffset(wall + DAY_MS, zone);
  const early = wall - before;
  const late = wall - after;
  const earlyOk = zoneOffset(early, zone) === before;
  if (before === after && earlyOk) return early;
  const lateOk = zoneOffset(late, zone) === after;
  if (earlyOk && lateOk) return Math.min(early, late);
  if (earlyOk) return early;
  if (lateOk) return late;
  // A gap: every instant before the change shows a local time before `wall` and every one from
  // it on a time after it. Bisect for the change, to the second (offsets change on whole seconds).
  let lo = Math.floor(Math.min(early, late) / 1000) * 1000; // before the change
  let hi = Math.ceil(Math.max(early, late) / 1000) * 1000; // after it
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (mid + zoneOffset(mid, zone) < wall) lo = mid;
    else hi = mid;
  }
  return hi;
}

const DAY_MS = 86_400_000;

/** Local calendar date (YYYY-MM-DD) of an instant in `zone`. */
export function localDate(epochMs: number, zone: string): string {
  const parts = dateFormat(zone).formatToParts(new Date(epochMs));
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/**
 * Local calendar date and time of day (ms after local midnight's wall-clock time) of an
 * instant in `zone`: the inverse of {@link localToInstant}.
 *
 * @example
 * ```ts
 * localWallClock(Date.parse("2026-03-29T08:00:00Z"), "Europe/Madrid"); // { day: "2026-03-29", msOfDay: 36_000_000 }
 * ```
 */
export function localWallClock(epochMs: number, zone: string): { day: string; msOfDay: number } {
  const wall = epochMs + zoneOffset(epochMs, zone);
  const midnight = Math.floor(wall / DAY_MS) * DAY_MS;
  return { day: new Date(midnight).toISOString().slice(0, 10), msOfDay: wall - midnight };
}

/** The calendar date `n` days after `day` (YYYY-MM-DD). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/**
 * End of a horizon of `days` local calendar days from `startEpoch` in `zone`: the same time of
 * day, `days` dates later. Across a daylight-saving change this is 23 or 25 hours more or less
 * than `days × 24 h`, so a 30-day run that starts at local midnight ends at local midnight.
 *
 * @example
 * ```ts
 * // Europe/Madrid moves to summer time on 29 March 2026: 30 days from 2 March is 719 hours.
 * horizonEnd(Date.parse("2026-03-02T00:00:00+01:00"), 30, "Europe/Madrid"); // 2026-04-01T00:00+02:00
 * ```
 */
export function horizonEnd(startEpoch: number, days: number, zone: string): number {
  const startDay = localDate(startEpoch, zone);
  const startMidnight = toInstant(startDay, zone);
  const endMidnight = toInstant(addDays(startDay, days), zone);
  if (startMidnight === undefined || endMidnight === undefined) return startEpoch + days * 86_400_000;
  return endMidnight + (startEpoch - startMidnight);
}
