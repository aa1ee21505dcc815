// Retry decisions by error class, as a reusable piece an engineer's throttle can delegate to.
// The classes come from models/errors.ts (seconds, per-recipient, next-day, account-health…);
// the defaults follow Meta's advice per code (reference §6.2, §6.3, §6.5): back off on 130429,
// wait 4^x s on 131056, wait a day on 131049 (retrying sooner extends the lockout), stop on
// 131048 (retrying a spam-restricted number only worsens its standing).
import { errorInfo, type RetryClass } from "../../../models/errors.js";
import { GIVE_UP, type Throttle, type ThrottleSignal, type ThrottleView, type AttemptOutcomeName } from "../throttle.js";
import type { ParalysisCause } from "../../result.js";
import { SECOND, HOUR } from "../../../models/duration.js";

/** One retry rule: wait `after` ms before the first retry, growing by `backoff`, at most `max` retries. */
export interface RetryRule {
  after: number;
  max: number;
  /** `fixed`: always `after`; `exponential`: after × 2^(n−1); `power4`: after × 4^(n−1) (Meta's 4^x s for 131056). */
  backoff: "fixed" | "exponential" | "power4";
  /** Upper bound on one delay, ms (default: none). */
  cap?: number;
}

/** A rule, or `"stop"` (give up at once), or `"default"` (let the scenario's `retry` block decide). */
export type RetryChoice = RetryRule | "stop" | "default";

/**
 * Retry rules by exact error code first, then by error class (models/errors.ts), then a
 * fallback for unknown codes.
 */
export interface RetryByClassPolicy {
  codes?: Record<string, RetryChoice>;
  classes?: Partial<Record<RetryClass, RetryChoice>>;
  /** For codes with no code or class rule (default `"default"`). */
  otherwise?: RetryChoice;
}


/**
 * The policy Meta's documentation suggests, per code and class: 130429 exponential back-off
 * from 1 s (8 tries, capped at 1 min), 131056 4^x s (x = 0…4), 131049 once more after 24 h,
 * 131048 and every account-health or permanent error stop, transient errors retry three times
 * from 1 min.
 *
 * @example
 * ```ts
 * const t = withRetryPolicy(builtinThrottle({ policy: "fixed-rate", rate: 60, headroom: 0, slowdown: 1 }), retryByClass);
 * t.onError?.(131056, 3, 0); // 16_000
 * t.onError?.(131048, 1, 0); // GIVE_UP
 * ```
 */
export const retryByClass: Readonly<RetryByClassPolicy> = Object.freeze<RetryByClassPolicy>({
  codes: {
    "130429": { after: SECOND, max: 8, backoff: "exponential", cap: 60 * SECOND },
    "131056": { after: SECOND, max: 5, backoff: "power4" },
    "131049": { after: 24 * HOUR, max: 1, backoff: "fixed" },
    "131048": "stop",
  },
  classes: {
    seconds: { after: SECOND, max: 8, backoff: "exponential", cap: 60 * SECOND },
    "per-recipient": { after: SECOND, max: 5, backoff: "power4" },
    "next-day": { after: 24 * HOUR, max: 1, backoff: "fixed" },
    "account-health": "stop",
    permanent: "stop",
    "fix-request": "stop",
    transient: { after: 60 * SECOND, max: 3, backoff: "exponential" },
  },
  otherwise: "default",
});

/**
 * The delay before retry number `attempt` (1 = the first retry) after `code` under `policy`:
 * ms, {@link GIVE_UP}, or `undefined` when the policy defers to the scenario's `retry` rules.
 *
 * @example
 * ```ts
 * retryDelay(retryByClass, 130429, 3); // 4_000
 * retryDelay(retryByClass, 131049, 2); // GIVE_UP (one retry only)
 * ```
 */
export function retryDelay(policy: RetryByClassPolicy, code: number, attempt: number): number | undefined {
  const choice = policy.codes?.[String(code)] ?? classChoice(policy, code) ?? policy.otherwise ?? "default";
  if (choice === "default") return undefined;
  if (choice === "stop" || attempt > choice.max) return GIVE_UP;
  const n = Math.max(1, attempt);
  const raw = choice.backoff === "fixed" ? choice.after : choice.backoff === "exponential" ? choice.after * 2 ** (n - 1) : choice.after * 4 ** (n - 1);
  return choice.cap === undefined ? raw : Math.min(raw, choice.cap);
}

function classChoice(policy: RetryByClassPolicy, code: number): RetryChoice | undefined {
  const info = errorInfo(code);
  return info ? policy.classes?.[info.retryClass] : undefined;
}

/**
 * Wraps a throttle so that its retry decisions come from `policy` wherever the throttle's own
 * `onError` has no opinion (returns `undefined` or is absent). Pacing, outcomes and signals
 * pass through unchanged.
 *
 * @example
 * ```ts
 * import { fromBottleneck, withRetryPolicy, retryByClass } from "tiersim";
 * export const createThrottle = () =>
 *   withRetryPolicy(fromBottleneck({ maxConcurrent: 10, minTime: 15 }), {
 *     ...retryByClass,
 *     codes: { ...retryByClass.codes, "131049": { after: 48 * 3_600_000, max: 1, backoff: "fixed" } },
 *   });
 * ```
 */
export function withRetryPolicy(throttle: Throttle, policy: RetryByClassPolicy = retryByClass): Throttle {
  return {
    name: throttle.name,
    permits: (v: ThrottleView): number => throttle.permits(v),
    wakeAt: (v: ThrottleView): number => throttle.wakeAt(v),
    spend: (now: number, n: number): void => throttle.spend(now, n),
    holdCause: (v: ThrottleView): ParalysisCause | null => throttle.holdCause(v),
    onError: (code: number, attempt: number, now: number): number | undefined => throttle.onError?.(code, attempt, now) ?? retryDelay(policy, code, attempt),
    onOutcome: (outcome: AttemptOutcomeName, code: number, now: number): void => throttle.onOutcome?.(outcome, code, now),
    onSignal: (signal: ThrottleSignal, now: number): void => throttle.onSignal?.(signal, now),
  };
}
