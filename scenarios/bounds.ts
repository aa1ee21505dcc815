// The bounds that keep a run's work finite: the finest granularities a scenario may ask for and
// the default budget of simulation events per run. A scenario file is small; without these a
// few bytes (`cadence: { every: 1ms }`, a million retries after 0 s) ask for unbounded work.
import { HOUR, SECOND } from "../models/duration.js";

/** Earliest and latest year a scenario may start in: the calendar maths needs four-digit years throughout the horizon. */
export const START_YEARS = { from: 1970, to: 9998 } as const;
/** Longest horizon, days (also the `--days` flag's bound). */
export const MAX_DAYS = 366;
/** Shortest interval between two occurrences of a campaign: each one targets the whole audience again. */
export const MIN_CADENCE_MS = HOUR;
/** Shortest delay before retrying a failed send. */
export const MIN_RETRY_DELAY_MS = SECOND;
/** Most retries of one send under one retry rule. */
export const MAX_RETRIES = 100;
/** Most resubmissions of a rejected template. */
export const MAX_RESUBMITS = 100;
/**
 * Default budget of simulation events per run (send attempts, audience passes and timed events;
 * see `estimateEvents`). The 1M-user, 30-day benchmark scenario needs about 8 × 10⁷; a run at
 * the budget takes tens of minutes. Raise it per command with `--max-events`.
 */
export const DEFAULT_MAX_EVENTS = 1_000_000_000;
