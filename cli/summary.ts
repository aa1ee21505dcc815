// The human summary of one run: tier timeline, paralyses, reach, failures by code and cost,
// readable at 80 columns.
import { errorInfo } from "../models/errors.js";
import type { RunResult } from "../sim/result.js";
import { sortTierKeys } from "../sim/tiers.js";
import { dayText, localDateTime, notReached, shareOf, wrap } from "../reports/figures.js";
import { runVerdict } from "../reports/verdict.js";
import { hasPortfolioStory, hasTemplateStory, pacingText, portfolioPacingText, templateStory } from "../reports/template-story.js";
import { limitText, localTime, num, rows } from "./format.js";
import { displayText, forDisplay, NAME_MAX } from "../reports/sanitize.js";

/**
 * Renders a run for a terminal.
 *
 * @example
 * ```ts
 * process.stdout.write(formatRunSummary(result));
 * ```
 */
export function formatRunSummary(result: RunResult): string {
  // A name is shown with its control characters escaped: a scenario must not drive the terminal.
  const r = forDisplay(result);
  const s = r.summary;
  const tz = r.scenario.timezone;
  const days = Math.round((Date.parse(r.end) - Date.parse(r.start)) / 86_400_000);
  const out: string[] = [];
  out.push(displayText(r.scenario.name, NAME_MAX));
  const head = `rules ${r.scenario.rules} · seed ${r.seed} · ${days} days from ${localTime(r.start, tz)} (${tz})`;
  // Keep 80 columns: long time-zone names move the period to a line of its own.
  if (head.length <= 80) out.push(head);
  else out.push(`rules ${r.scenario.rules} · seed ${r.seed}`, `${days} days from ${localTime(r.start, tz)} (${tz})`);
  const overrides = Object.entries(r.scenario.overrides);
  if (overrides.length > 0) out.push(`overrides ${overrides.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ")}`);
  out.push("");

  // The answer first: a few sentences a strategist can repeat; the detail follows.
  out.push("Verdict");
  for (const sentence of runVerdict(r)) out.push(...wrap(sentence, 80, "  "));
  out.push("");

  out.push(`Messaging limit  ${limitText(s.limit.initial)} → ${limitText(s.limit.final)}`);
  const tiers = sortTierKeys(Object.keys(s.reachedAt)).map((k) => [k, s.reachedAt[k]] as const);
  out.push(
    ...rows(
      tiers.map(([k, at]) => [
        k === "unlimited" ? "unlimited" : num(Number(k)),
        at === null ? notReached({ days }) : `${dayText(at, r.start, tz)}  ${localDateTime(at, tz)}`,
      ]),
    ),
  );
  out.push(`  (day N is the Nth calendar day of the run in ${tz})`);
  const downs = r.events.filter((e) => e.type === "limit-changed" && e.reason === "downgrade");
  if (downs.length > 0) out.push(`  ${downs.length} downgrade${downs.length > 1 ? "s" : ""} (quality RED for the flagged period)`);
  out.push("");

  const p = s.paralysis;
  out.push(`Paralysis  ${p.episodes === 0 ? "none" : `${num(p.episodes)} episode${p.episodes > 1 ? "s" : ""}, ${num(p.hours, 1)} h inside the send windows`}`);
  const causes = Object.entries(p.byCause).sort(([, a], [, b]) => (b ?? 0) - (a ?? 0));
  out.push(...rows(causes.map(([c, h]) => [c, `${num(h ?? 0, 1)} h`])));
  out.push("");

  out.push(...templateLines(r));

  const m = s.messages;
  out.push("Messages");
  out.push(
    ...rows([
      ["attempted", num(m.attempted)],
      ["delivered", `${num(m.delivered)}  (${shareOf(m.delivered, m.attempted, "attempted")})`],
      ["read", `${num(m.read)}  (${shareOf(m.read, m.delivered, "delivered")})`],
      ["failed", `${num(m.failed)}  (${shareOf(m.failed, m.attempted, "attempted")})`],
      ["rejected", `${num(m.rejected)}  (refused before sending: ${shareOf(m.rejected, m.attempted, "attempted")})`],
      ["deferred", `${num(m.deferred)}  (re-queued for later)`],
      ...(m.held > 0 ? ([["held", `${num(m.held)}  (paced: held for quality assessment)`]] as const) : []),
      ...(m.inFlight > 0 ? ([["in flight", num(m.inFlight)]] as const) : []),
      ...(m.dropped > 0 ? ([["dropped", `${num(m.dropped)}  (never attempted)`]] as const) : []),
    ]),
  );
  const u = s.users;
  out.push(`Users  reached ${num(u.reached)} · replied ${num(u.replied)} · blocked ${num(u.blocked)} · reported ${num(u.reported)} · opted out ${num(u.optedOut)}`);
  out.push("");

  const failures = Object.entries(s.failuresByCode).sort(([, a], [, b]) => b - a);
  if (failures.length > 0) {
    out.push("Failures by code");
    out.push(...rows(failures.map(([code, n]) => [`${code} ${truncate(errorInfo(Number(code))?.title ?? "", 44)}`, num(n).padStart(10)])));
    out.push("");
  }

  const cats = Object.entries(s.cost.byCategory).map(([k, v]) => `${k} ${num(v, 2)}`);
  out.push(`Cost  ${s.cost.currency} ${num(s.cost.total, 2)} over ${days} days${cats.length > 0 ? `  (${cats.join(" · ")})` : ""}`);
  return out.join("\n") + "\n";
}

/**
 * What happened to the templates: pacing (held, released, dropped), pauses with their dates and
 * triggers, disabling and replacement, portfolio reviews. Empty when nothing did.
 */
function templateLines(r: RunResult): string[] {
  const tz = r.scenario.timezone;
  const story = templateStory(r);
  if (!hasTemplateStory(story)) return [];
  const out = ["Templates"];
  for (const t of story.templates) {
    out.push(`  ${truncate(t.name, 24)}  ${pacingText(t)}`);
    out.push(...t.changes.map((c) => `    ${localTime(c.at, tz)}  ${c.text}`));
  }
  const p = story.portfolio;
  if (hasPortfolioStory(p)) {
    out.push(`  portfolio pacing  ${portfolioPacingText(p)}`);
    out.push(...p.reviews.map((v) => `    in review ${localTime(v.from, tz)} → ${localTime(v.until, tz)}`));
  }
  out.push("");
  return out;
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}
