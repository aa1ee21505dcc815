// Durations as integer milliseconds, and the one text grammar tiersim accepts for them
// everywhere (scenario files, rule-set overrides, the `rules` table): a number and a unit.

/** One second, ms. */
export const SECOND = 1_000;
/** One minute, ms. */
export const MINUTE = 60 * SECOND;
/** One hour, ms. */
export const HOUR = 60 * MINUTE;
/** One day (24 h; calendar days are the caller's business), ms. */
export const DAY = 24 * HOUR;
/** One week, ms. */
export const WEEK = 7 * DAY;

const UNIT_MS = { ms: 1, s: SECOND, m: MINUTE, h: HOUR, d: DAY, w: WEEK } as const;
type Unit = keyof typeof UNIT_MS;

/**
 * The duration grammar, as a regular-expression source: a non-negative decimal and one unit of
 * `ms`, `s`, `m`, `h`, `d`, `w`. Identical to the scenario schema's pattern so a value accepted
 * in one place is accepted in the other.
 */
export const DURATION_GRAMMAR = "^\\s*(\\d+(\\.\\d+)?)\\s*(ms|s|m|h|d|w)\\s*$";
const durationRe = new RegExp(DURATION_GRAMMAR);

/**
 * Parses a duration (`"90s"`, `"15m"`, `"6h"`, `"7d"`, `"500ms"`, `"1.5h"`) or a number of
 * milliseconds into whole milliseconds; `undefined` when the value is not a duration.
 *
 * @example
 * ```ts
 * parseDuration("6h");   // 21_600_000
 * parseDuration(1500);   // 1500
 * parseDuration("soon"); // undefined
 * ```
 */
export function parseDuration(value: string | number): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
  if (typeof value !== "string") return undefined;
  const m = durationRe.exec(value);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * UNIT_MS[m[3] as Unit]);
}

// Days only from one week up, and never weeks: Meta writes "24 hours", "48 hours", "72 hours"
// but "7 days" and "30 days", and a table should read like the source it cites.
const FORMAT_UNITS: ReadonlyArray<readonly [Unit, number, number]> = [
  ["d", DAY, WEEK],
  ["h", HOUR, 0],
  ["m", MINUTE, 0],
  ["s", SECOND, 0],
  ["ms", 1, 0],
];

/**
 * Formats milliseconds as a single-unit duration in the largest unit that divides it exactly
 * (days only from 7 days up), so the output can be pasted back into a scenario
 * (`parseDuration(formatDuration(x)) === x`). 1 h 30 min is therefore written `90m`, 90 s
 * stays `90s`, 48 h stays `48h`.
 *
 * @example
 * ```ts
 * formatDuration(21_600_000); // "6h"
 * formatDuration(604_800_000); // "7d"
 * formatDuration(172_800_000); // "48h"
 * formatDuration(90_000);     // "90s"
 * formatDuration(5_400_000);  // "90m"
 * formatDuration(0);          // "0s"
 * ```
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return String(ms);
  if (ms === 0) return "0s";
  const whole = Math.round(ms);
  for (const [unit, size, from] of FORMAT_UNITS) {
    if (whole % size === 0 && whole >= from) return `${whole / size}${unit}`;
  }
  return `${whole}ms`;
}
