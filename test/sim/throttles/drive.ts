// A minimal engine for adapter tests: a queue of `jobs` sends, started whenever the throttle
// permits and otherwise asleep until its wakeAt — what the campaign pump does, without a
// platform. Returns the start time of every send.
import type { Throttle, ThrottleView } from "../../../sim/sender/throttle.js";

export function drive(t: Throttle, jobs: number, until = Infinity, arrivals: Array<{ at: number; jobs: number }> = []): number[] {
  const starts: number[] = [];
  let pending = jobs;
  let now = 0;
  const queue = [...arrivals].sort((a, b) => a.at - b.at);
  const view = (): ThrottleView => ({ now, limit: null, counted24h: 0, nextCapacityAt: null, quality: "GREEN", templateStatus: "APPROVED", mps: 80, pending });
  for (let guard = 0; guard < 1_000_000; guard++) {
    while (queue.length && queue[0].at <= now) pending += queue.shift()!.jobs;
    if (pending > 0) {
      const n = Math.min(pending, t.permits(view()));
      if (n > 0) {
        for (let i = 0; i < n; i++) starts.push(now);
        pending -= n;
        t.spend(now, n);
        continue;
      }
    }
    const wake = pending > 0 ? Math.max(now + 1, Math.ceil(t.wakeAt(view()))) : Infinity;
    const next = Math.min(wake, queue.length ? queue[0].at : Infinity);
    if (!Number.isFinite(next) || next > until) break;
    now = next;
  }
  return starts;
}

/** Most starts in any half-open window of `width` ms. */
export function maxInWindow(starts: number[], width: number): number {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < starts.length; hi++) {
    while (starts[hi] - starts[lo] >= width) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}
