// Invariants every example scenario must keep, checked from the outside: the moving-24 h
// distinct-recipient count recomputed from the per-attempt trace never exceeds the limit in
// force, and messages are conserved.
import { describe, expect, it } from "vitest";
import { EXAMPLES, configFromFile, runWithTrace } from "./helpers.js";
import type { RunResult, TraceRow } from "../../sim/result.js";
import type { Limit } from "../../models/rules/types.js";

const WINDOW = 24 * 3_600_000;

/** Limit in force over time for one scope, from the run's limit-changed events. */
function limitTimeline(r: RunResult, initial: Limit, phone?: string): Array<{ from: number; limit: Limit }> {
  const steps = [{ from: -Infinity, limit: initial }];
  for (const e of r.events) {
    if (e.type !== "limit-changed") continue;
    if (phone !== undefined && e.phone !== undefined && e.phone !== phone) continue;
    steps.push({ from: Date.parse(e.at), limit: e.to as Limit });
  }
  return steps;
}

function limitAt(steps: Array<{ from: number; limit: Limit }>, t: number): Limit {
  let l = steps[0].limit;
  for (const s of steps) if (s.from <= t) l = s.limit;
  return l;
}

/**
 * Whether each attempt counts toward the limit, recomputed from the trace alone with the era's
 * rule: a delivery outside a customer-service window counts; where the era counts users
 * delivered to (refresh), every such delivery renews the user's 24 h; where it counts
 * conversations, only a delivery to a user not counted in the last 24 h opens one.
 */
/** When a row's message counted: its attempt, or for a held message its release. */
const countedAt = (r: TraceRow): number => Date.parse(r.held ? (r.heldUntil ?? r.at) : r.at);

function recomputeCounting(rows: TraceRow[], refresh: boolean): boolean[] {
  const since = new Map<number, number>();
  const order = rows.map((_, i) => i).sort((a, b) => countedAt(rows[a]) - countedAt(rows[b]) || a - b);
  const counts = new Array<boolean>(rows.length).fill(false);
  for (const i of order) counts[i] = counts1(rows[i]);
  return counts;
  function counts1(r: TraceRow): boolean {
    if (r.outcome !== "delivered" || r.insideCsw) return false;
    const t = countedAt(r);
    const last = since.get(r.user);
    const counted = last !== undefined && t < last + WINDOW;
    if (counted && !refresh) return false;
    since.set(r.user, t);
    return true;
  }
}

/**
 * The distinct count right after every counting attempt must not exceed the limit in force.
 * Returns the worst excess (≤ 0 when the rule holds) and the peak count.
 */
function worstExcess(rows: TraceRow[], counts: boolean[], steps: Array<{ from: number; limit: Limit }>): { excess: number; peak: number } {
  const counting = rows.filter((_, i) => counts[i]).map((r) => ({ t: countedAt(r), user: r.user })).sort((a, b) => a.t - b.t);
  const last = new Map<number, number>();
  const queue: Array<{ t: number; user: number }> = [];
  let head = 0;
  let excess = -Infinity;
  let peak = 0;
  for (const c of counting) {
    while (head < queue.length && queue[head].t <= c.t - WINDOW) {
      const old = queue[head++];
      if (last.get(old.user) === old.t) last.delete(old.user);
    }
    last.set(c.user, c.t);
    queue.push(c);
    const n = last.size;
    peak = Math.max(peak, n);
    const limit = limitAt(steps, c.t);
    if (limit !== null) excess = Math.max(excess, n - limit);
  }
  return { excess, peak };
}

describe("every example scenario", () => {
  for (const file of EXAMPLES) {
    describe(file, () => {
      const config = configFromFile(file, { days: Math.min(14, Math.round(configFromFile(file).horizon / 86_400_000)) });
      const { result, trace } = runWithTrace(config);

      it("never counts more distinct users in a moving 24 h than the limit in force (recomputed from --trace)", () => {
        const refresh = config.ruleSet.limit.countedUnit === "delivered-outside-csw";
        const scopes =
          config.ruleSet.limit.scope === "portfolio" || config.business.phones.length === 1
            ? [{ rows: trace, phone: undefined as string | undefined }]
            : config.business.phones.map((p) => ({ rows: trace.filter((r) => r.phone === p.id), phone: p.id as string | undefined }));
        for (const { rows, phone } of scopes) {
          const counts = recomputeCounting(rows, refresh);
          // The simulator's own flag agrees with the independent recomputation, row by row…
          expect(rows.filter((r, i) => r.countsTowardLimit !== counts[i]).slice(0, 3)).toEqual([]);
          // …and the recomputed moving-24 h count never exceeds the limit in force.
          const { excess } = worstExcess(rows, counts, limitTimeline(result, result.summary.limit.initial, phone));
          expect(excess).toBeLessThanOrEqual(0);
        }
      });

      it("conserves messages: attempted = accepted + rejected; accepted = delivered + failed + in flight", () => {
        const m = result.summary.messages;
        expect(m.attempted).toBe(m.accepted + m.rejected);
        expect(m.accepted).toBe(m.delivered + m.failed + m.inFlight);
        expect(trace.length).toBe(m.attempted);
        expect(trace.filter((r) => r.outcome === "rejected").length).toBe(m.rejected);
      });

      it("adds up: daily rows sum to the summary and failures by code sum to failed + rejected", () => {
        const sum = (k: "attempted" | "delivered"): number => result.daily.reduce((a, d) => a + d[k], 0);
        expect(sum("attempted")).toBe(result.summary.messages.attempted);
        expect(sum("delivered")).toBe(result.summary.messages.delivered);
        const codes = Object.values(result.summary.failuresByCode).reduce((a, b) => a + b, 0);
        expect(codes).toBe(result.summary.messages.failed + result.summary.messages.rejected);
        expect(result.daily.reduce((a, d) => a + d.newlyReached, 0)).toBe(result.summary.users.reached);
        const cost = result.daily.reduce((a, d) => a + d.cost, 0);
        expect(cost).toBeCloseTo(result.summary.cost.total, 3);
      });
    });
  }
});

describe("the trace check can fail", () => {
  it("detects an excess when the limit is lowered after the fact", () => {
    const { result, trace } = runWithTrace(configFromFile("scenarios/worked-example-2days.yaml"));
    const counts = recomputeCounting(trace, false);
    const { peak } = worstExcess(trace, counts, limitTimeline(result, result.summary.limit.initial));
    expect(peak).toBeGreaterThan(0);
    expect(worstExcess(trace, counts, [{ from: -Infinity, limit: peak - 1 }]).excess).toBe(1);
  });
});
