// One definition per figure, shared by the terminal summary, the verdict, report.md and
// report.html: day numbering, dates in the scenario's time zone, shares with their
// denominator, censored outcomes. Pure functions of their arguments (no clock, no locale of
// the machine), so every output says the same thing the same way.
import { DAY } from "../models/duration.js";

const DAY_MS = DAY;

function parts(iso: string, zone: string, opts: Intl.DateTimeFormatOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat("en-GB", { timeZone: zone, ...opts }).formatToParts(new Date(iso))) out[p.type] = p.value;
  return out;
}

/**
 * The local calendar date of an instant in `zone`, `YYYY-MM-DD`.
 *
 * @example
 * ```ts
 * localDate("2026-03-05T23:30:00.000Z", "Europe/Madrid"); // "2026-03-06"
 * ```
 */
export function localDate(iso: string, zone: string): string {
  const p = parts(iso, zone, { year: "numeric", month: "2-digit", day: "2-digit" });
  return `${p.year}-${p.month}-${p.day}`;
}

/**
 * Day number of an instant: **day N is the Nth calendar day of the run in the scenario's time
 * zone; day 1 is the day the run starts.** The one definition used by every output.
 *
 * @example
 * ```ts
 * runDayNumber("2026-03-05T10:52:00Z", "2026-03-01T23:00:00Z", "Europe/Madrid"); // 4 (2 Mar is day 1)
 * ```
 */
export function runDayNumber(iso: string, startIso: string, zone: string): number {
  const a = Date.parse(`${localDate(startIso, zone)}T00:00:00Z`);
  const b = Date.parse(`${localDate(iso, zone)}T00:00:00Z`);
  return Math.round((b - a) / DAY_MS) + 1;
}

/**
 * A short local date: `Thu 5 Mar`.
 *
 * @example
 * ```ts
 * shortDate("2026-03-05T10:52:00Z", "Europe/Madrid"); // "Thu 5 Mar"
 * ```
 */
export function shortDate(iso: string, zone: string): string {
  const p = parts(iso, zone, { weekday: "short", day: "numeric", month: "short" });
  return `${p.weekday} ${p.day} ${p.month}`;
}

/**
 * A day as every output writes it: `day 4 (Thu 5 Mar)`.
 *
 * @example
 * ```ts
 * dayText("2026-03-05T10:52:00Z", "2026-03-01T23:00:00Z", "Europe/Madrid"); // "day 4 (Thu 5 Mar)"
 * ```
 */
export function dayText(iso: string, startIso: string, zone: string): string {
  return `day ${runDayNumber(iso, startIso, zone)} (${shortDate(iso, zone)})`;
}

/**
 * A day given by its number and local date (a daily row): `day 8 (Sat 9 May)`.
 *
 * @example
 * ```ts
 * localDayText(8, "2026-05-09"); // "day 8 (Sat 9 May)"
 * ```
 */
export function localDayText(n: number, ymd: string): string {
  return `day ${n} (${shortDate(`${ymd}T12:00:00.000Z`, "UTC")})`;
}

/**
 * The instant `days` (fractional, as projections store them) after the start.
 *
 * @example
 * ```ts
 * afterStart("2026-03-01T23:00:00.000Z", 0.5); // "2026-03-02T11:00:00.000Z"
 * ```
 */
export function afterStart(startIso: string, days: number): string {
  return new Date(Date.parse(startIso) + days * DAY_MS).toISOString();
}

/**
 * Local date and time with the zone's abbreviation: `2026-03-05 11:52 CET`.
 *
 * @example
 * ```ts
 * localDateTime("2026-03-05T10:52:16Z", "Europe/Madrid"); // "2026-03-05 11:52 CET"
 * ```
 */
export function localDateTime(iso: string, zone: string): string {
  const p = parts(iso, zone, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" });
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName}`;
}

/**
 * `12,345` (en-US grouping whatever the machine's locale), with `digits` decimals.
 *
 * @example
 * ```ts
 * count(1234.5, 1); // "1,234.5"
 * ```
 */
export function count(n: number, digits = 0): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * A share with its denominator named, one decimal: `85.3% of attempted`; `–` when the
 * denominator is 0. Every output uses the same denominators: delivered, failed and refused as
 * shares of attempted; read as a share of delivered.
 *
 * @example
 * ```ts
 * shareOf(705_877, 827_805, "attempted"); // "85.3% of attempted"
 * ```
 */
export function shareOf(part: number, whole: number, wholeLabel: string): string {
  return whole === 0 ? "–" : `${((100 * part) / whole).toFixed(1)}% of ${wholeLabel}`;
}

/**
 * A share of runs: `98% of runs (196 of 200)`.
 *
 * @example
 * ```ts
 * runsShare(0.98, 200); // "98% of runs (196 of 200)"
 * ```
 */
export function runsShare(share: number, runs: number): string {
  return `${Math.round(share * 100)}% of runs (${count(Math.round(share * runs))} of ${count(runs)})`;
}

/**
 * A censored outcome: `not reached (0 of 200 runs)`, or `not reached within 30 days` for one
 * run. Never the horizon as if it were a value.
 *
 * @example
 * ```ts
 * notReached({ runs: 200, reached: 0 }); // "not reached (0 of 200 runs)"
 * notReached({ days: 30 });              // "not reached within 30 days"
 * ```
 */
export function notReached(of: { runs: number; reached: number } | { days: number }): string {
  return "runs" in of ? `not reached (${count(of.reached)} of ${count(of.runs)} runs)` : `not reached within ${count(of.days)} days`;
}

/**
 * Money: `USD 1,234.56`.
 *
 * @example
 * ```ts
 * money(1234.5, "USD"); // "USD 1,234.50"
 * ```
 */
export function money(x: number, currency: string): string {
  return `${currency} ${count(x, 2)}`;
}

/**
 * Hours with one decimal, as every output shows them: `228.4 h`.
 *
 * @example
 * ```ts
 * hours(228.42); // "228.4 h"
 * ```
 */
export function hours(h: number): string {
  return `${count(h, 1)} h`;
}

/**
 * Mean hours of a paralysis cause per run it struck: its mean over all runs (the runs it spared
 * count 0 h) over the share of runs it struck; null when it struck none. What a rare cause needs,
 * whose median and q05–q95 over all runs read 0 h however long it lasted.
 *
 * @example
 * ```ts
 * hoursPerRunStruck({ probability: 0.025, hours: { mean: 0.25 } }); // 10
 * ```
 */
export function hoursPerRunStruck(p: { probability: number; hours: { mean: number } }): number | null {
  return p.probability > 0 ? p.hours.mean / p.probability : null;
}

/** Words for how many days: `1 day`, `20 days`. */
export function days(n: number): string {
  return `${count(n)} day${n === 1 ? "" : "s"}`;
}

/** Whole days of a horizon between two instants. */
export function horizonDays(startIso: string, endIso: string): number {
  return Math.round((Date.parse(endIso) - Date.parse(startIso)) / DAY_MS);
}

/**
 * The definitions, in words, for a report's "How to read" notes.
 *
 * @example
 * ```ts
 * DEFINITIONS.day; // "Day N is the Nth calendar day of the run in the scenario's time zone; …"
 * ```
 */
export const DEFINITIONS = {
  day: "Day N is the Nth calendar day of the run in the scenario's time zone (day 1 is the day it starts); every day number is shown with its date.",
  reach: "Daily reach counts the distinct users newly counted toward the messaging limit that day. The limit is a moving 24-hour window: a user counts again once 24 hours have passed since they were last counted, so daily reach can alternate between high and low days when a list is sent in one burst.",
  shares: "Delivered, failed and refused are shares of attempted; read is a share of delivered.",
  paralysis: "A paralysis episode is one continuous stall of a campaign that wants to send and cannot; its hours count only time inside the campaign's send window.",
  censored: "An outcome not reached within the horizon is written \"not reached\" with how many runs reached it (null in JSON), never as the horizon.",
} as const;

/**
 * Wraps text at `width` columns (words are never split), each line prefixed by `indent`.
 *
 * @example
 * ```ts
 * wrap("a b c", 3); // ["a b", "c"]
 * ```
 */
export function wrap(text: string, width: number, indent = ""): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== "" && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(indent + line);
  return lines;
}
