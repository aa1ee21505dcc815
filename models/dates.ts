// Calendar days as rule-set parameters ("per-user caps from 2024-05-23"). A dated parameter
// switches on at 00:00 UTC of its day: Meta announces platform-wide dates without a time zone,
// and one fixed reading keeps runs reproducible whatever zone a scenario is set in.
import { DAY } from "./duration.js";

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = DAY;

/**
 * True when `day` is a real calendar day written `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * isDay("2025-10-07"); // true
 * isDay("2025-02-30"); // false
 * ```
 */
export function isDay(day: string): boolean {
  const m = DAY_RE.exec(day);
  if (!m) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return dayOf(ms) === day;
}

/**
 * Epoch milliseconds of 00:00 UTC on `day` (`YYYY-MM-DD`); `undefined` if it is no valid day.
 *
 * @example
 * ```ts
 * dayStartMs("2025-07-01"); // 1751328000000
 * ```
 */
export function dayStartMs(day: string): number | undefined {
  // Dated parameters are read on hot paths (every delivery can ask whether PMP is in force):
  // a pure function of a handful of distinct strings, so its answers are kept.
  if (dayStartCache.has(day)) return dayStartCache.get(day);
  const m = DAY_RE.exec(day);
  let out: number | undefined;
  if (m) {
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    out = dayOf(ms) === day ? ms : undefined;
  }
  if (dayStartCache.size < 1024) dayStartCache.set(day, out);
  return out;
}

const dayStartCache = new Map<string, number | undefined>();

/**
 * The UTC calendar day (`YYYY-MM-DD`) that contains `epochMs`.
 *
 * @example
 * ```ts
 * dayOf(1751328000000 + 5); // "2025-07-01"
 * ```
 */
export function dayOf(epochMs: number): string {
  const start = Math.floor(epochMs / DAY_MS) * DAY_MS;
  return new Date(start).toISOString().slice(0, 10);
}

/**
 * Whether a dated parameter is in force at `epochMs`: on and after 00:00 UTC of `fromDay`
 * (inclusive). `null` means the parameter never applies.
 *
 * @example
 * ```ts
 * dateActive("2025-07-01", Date.UTC(2025, 6, 1));     // true
 * dateActive("2025-07-01", Date.UTC(2025, 6, 1) - 1); // false
 * dateActive(null, Date.UTC(2030, 0, 1));             // false
 * ```
 */
export function dateActive(fromDay: string | null, epochMs: number): boolean {
  if (fromDay === null) return false;
  const start = dayStartMs(fromDay);
  if (start === undefined) throw new RangeError(`not a calendar day (YYYY-MM-DD): '${fromDay}'`);
  return epochMs >= start;
}
