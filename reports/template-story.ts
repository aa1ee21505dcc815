// What happened to a run's templates, read from its events once for the terminal summary and
// the report: pacing (bursts held for quality assessment, released, dropped), pauses with their
// triggers, disabling and replacement, and the portfolio's pacing and reviews.
import type { RunResult } from "../sim/result.js";
import { formatCount } from "./charts/common.js";

/** A template's pacing and status changes over a run. */
export interface TemplateLine {
  name: string;
  /** Bursts that held messages (`template-paced` events). */
  paced: number;
  released: number;
  dropped: number;
  /** Status changes and replacements, in order: `at` (ISO) and what happened. */
  changes: Array<{ at: string; text: string }>;
}

/** The portfolio's pacing bursts and reviews over a run. */
export interface PortfolioLine {
  paced: number;
  released: number;
  dropped: number;
  reviews: Array<{ from: string; until: string }>;
}

/** The templates that were paced or changed status, in order of first mention, and the portfolio. */
export interface TemplateStory {
  templates: TemplateLine[];
  portfolio: PortfolioLine;
}

/**
 * Reads the template story of a run from its events.
 *
 * @example
 * ```ts
 * const { templates, portfolio } = templateStory(result);
 * templates[0]; // { name: "oferta_relampago", paced: 1, released: 0, dropped: 9308, changes: [...] }
 * ```
 */
export function templateStory(r: RunResult): TemplateStory {
  const byName = new Map<string, TemplateLine>();
  const of = (name: string): TemplateLine => {
    let t = byName.get(name);
    if (!t) byName.set(name, (t = { name, paced: 0, released: 0, dropped: 0, changes: [] }));
    return t;
  };
  const portfolio: PortfolioLine = { paced: 0, released: 0, dropped: 0, reviews: [] };
  for (const e of r.events) {
    const ev = e as { type: string; template?: string; pacing?: string; count?: number; to?: string; trigger?: string; replacement?: string; until?: string; at: string };
    if (ev.type === "template-paced") of(ev.template!).paced++;
    else if (ev.type === "portfolio-paused") portfolio.paced++;
    else if (ev.type === "pacing-released" || ev.type === "pacing-dropped") {
      const into = ev.pacing === "portfolio" ? portfolio : of(ev.template!);
      if (ev.type === "pacing-released") into.released += ev.count ?? 0;
      else into.dropped += ev.count ?? 0;
    } else if (ev.type === "template-status-changed" && (ev.to === "PAUSED" || ev.to === "DISABLED")) {
      const why = ev.trigger === "pacing-feedback" ? "bad early feedback in its pacing assessment" : "quality rated RED";
      of(ev.template!).changes.push({ at: ev.at, text: `${ev.to === "DISABLED" ? "disabled" : "paused"} (${why})` });
    } else if (ev.type === "template-replaced") of(ev.template!).changes.push({ at: ev.at, text: `replaced by ${ev.replacement}` });
    else if (ev.type === "portfolio-review-started") portfolio.reviews.push({ from: ev.at, until: ev.until! });
  }
  return { templates: [...byName.values()].filter((t) => t.paced > 0 || t.changes.length > 0), portfolio };
}

/**
 * A template's pacing in words: `paced 2×: 1,007 released, 0 dropped`, or, with no burst held,
 * `nothing held for assessment` — a template is still assessed on its first sends, and can be
 * paused on their feedback, without a message held, so it must not read "not paced".
 */
export function pacingText(t: TemplateLine): string {
  return t.paced > 0 ? `paced ${formatCount(t.paced)}×: ${formatCount(t.released)} released, ${formatCount(t.dropped)} dropped` : "nothing held for assessment";
}

/** The portfolio's pacing in words: `19 bursts: 385,668 released, 0 dropped`. */
export function portfolioPacingText(p: PortfolioLine): string {
  return `${formatCount(p.paced)} burst${p.paced === 1 ? "" : "s"}: ${formatCount(p.released)} released, ${formatCount(p.dropped)} dropped`;
}

/** Whether the portfolio's pacing has anything to tell: a burst held, or a review. */
export function hasPortfolioStory(p: PortfolioLine): boolean {
  return p.paced > 0 || p.reviews.length > 0;
}

/** Whether the story has anything to tell. */
export function hasTemplateStory(s: TemplateStory): boolean {
  return s.templates.length > 0 || hasPortfolioStory(s.portfolio);
}
