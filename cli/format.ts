// Small formatting helpers for human output: numbers with separators, local times, tables
// that fit 80 columns.
import type { Limit } from "../models/rules/types.js";
import { DAY } from "../models/duration.js";


/** `12,345` (en-US grouping, so output does not depend on the machine's locale). */
export function num(n: number, digits = 0): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `2,000`, or `unlimited` for `null`. */
export function limitText(l: Limit): string {
  return l === null ? "unlimited" : num(l);
}

/** `2026-03-05 11:52` in `zone`. */
export function localTime(iso: string, zone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(iso));
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}

/** Day of the run (1-based) in which `iso` falls. */
export function runDay(iso: string, startIso: string): number {
  return Math.floor((Date.parse(iso) - Date.parse(startIso)) / DAY) + 1;
}

/** Percentage of `part` in `whole`, one decimal; `–` when `whole` is 0. */
export function pct(part: number, whole: number): string {
  return whole === 0 ? "–" : `${((100 * part) / whole).toFixed(1)}%`;
}

/** Left-aligned two-column rows with a fixed first-column width. */
export function rows(pairs: ReadonlyArray<readonly [string, string]>, indent = 2): string[] {
  const w = Math.max(0, ...pairs.map(([a]) => a.length));
  return pairs.map(([a, b]) => `${" ".repeat(indent)}${a.padEnd(w)}  ${b}`);
}
