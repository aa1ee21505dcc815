// Plain-text tables of a run for spreadsheets and log tools: daily.csv and events.jsonl.
import type { RunResult } from "../sim/result.js";

/** RFC 4180 field: quoted when it holds a comma, quote or newline. */
function csvField(v: string | number | null): string {
  if (v === null) return "";
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One row per local day; `limit` is empty when unlimited; one `cost_<CATEGORY>` column per
 * category charged in the run.
 *
 * @example
 * ```ts
 * writeFileAtomic("out/daily.csv", dailyCsv(result));
 * ```
 */
export function dailyCsv(r: RunResult): string {
  const cats = [...new Set(r.daily.flatMap((d) => Object.keys(d.costByCategory)))].sort();
  const head = ["date", "limit", "quality", "uniqueReached", "newlyReached", "attempted", "delivered", "read", "replied", "blocked", "optedOut", "failed", "deferred", "cost", ...cats.map((c) => `cost_${c}`)];
  const lines = [head.join(",")];
  for (const d of r.daily) {
    lines.push(
      [d.date, d.limit, d.quality, d.uniqueReached, d.newlyReached, d.attempted, d.delivered, d.read, d.replied, d.blocked, d.optedOut ?? 0, d.failed, d.deferred, d.cost, ...cats.map((c) => d.costByCategory[c] ?? 0)]
        .map(csvField)
        .join(","),
    );
  }
  return lines.join("\n") + "\n";
}

/** One event per line, in time order. */
export function eventsJsonl(r: RunResult): string {
  return r.events.map((e) => JSON.stringify(e)).join("\n") + (r.events.length > 0 ? "\n" : "");
}
