// A throttle that stays inside every platform limit: the production Bottleneck settings
// (≤ 60 sends a second, 8 requests in flight) for pacing, plus what Bottleneck cannot know —
// the messaging limit (keep 5 % spare), the number's actual throughput (a number shared with
// the WhatsApp Business app gets 20 a second, not 80), the template's status and the
// number's quality — and Meta's retry advice per error class.
//
// In your own project, import from "tiersim" instead of "../tiersim.js".
import { fromBottleneck, withRetryPolicy, retryByClass, type Throttle, type ThrottleContext, type ThrottleView } from "../tiersim.js";

/** The Bottleneck options the sender uses in production: one start every 17 ms (< 60/s). */
export const bottleneckOptions = { maxConcurrent: 8, minTime: 17 };

/** Share of the messaging limit left unused, for sends outside this sender (support agents…). */
const HEADROOM = 0.05;
/** Share of the number's messages per second this sender may use (inbound traffic counts too). */
const THROUGHPUT_SHARE = 0.75;

/** Called once per campaign (and per run): every campaign gets its own limiter. */
export function createThrottle(ctx: ThrottleContext): Throttle {
  const pacing = fromBottleneck(bottleneckOptions);
  // Start times of the last second, oldest first: never more than the number's share in any second.
  const recent: number[] = [];
  const perSecond = (v: ThrottleView): number => {
    while (recent.length > 0 && recent[0] <= v.now - 1000) recent.shift();
    return Math.max(0, Math.floor(v.mps * THROUGHPUT_SHARE) - recent.length);
  };
  const room = (v: ThrottleView): number => (v.limit === null ? Infinity : Math.floor(v.limit * (1 - HEADROOM)) - v.counted24h);
  const stopped = (v: ThrottleView): boolean => v.quality === "RED" || v.templateStatus === "PAUSED";
  const limitAware: Throttle = {
    name: `safe (${ctx.campaign})`,
    permits: (v) => (stopped(v) ? 0 : Math.max(0, Math.min(room(v), perSecond(v), pacing.permits(v)))),
    wakeAt: (v) => {
      if (stopped(v)) return v.now + 3_600_000;
      if (room(v) <= 0) return v.nextCapacityAt ?? v.now + 60_000;
      if (perSecond(v) <= 0) return recent[0] + 1000;
      return pacing.wakeAt(v);
    },
    spend: (now, n) => {
      for (let i = 0; i < n; i++) recent.push(now);
      pacing.spend(now, n);
    },
    holdCause: (v) => (stopped(v) ? (v.templateStatus === "PAUSED" ? "template-paused" : "enforcement") : room(v) <= 0 ? "messaging-limit" : null),
  };
  // 130429: exponential back-off from 1 s; 131056: 4^x s; 131049: once more after 24 h; 131048: stop.
  return withRetryPolicy(limitAware, retryByClass);
}
