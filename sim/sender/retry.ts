// What a sender does after a refusal or a failure, per error code. Scenario `retry` rules
// win; codes without a rule follow the platform's advice (reference §6.3, §6.5): back off on
// throughput (130429), 4^x seconds on the pair rate (131056), and give up on the rest — a
// per-user cap (131049) is retried only when the scenario says so, because Meta warns that
// retrying within 24 h extends the lockout.
import type { RetrySpec } from "../config.js";

import { GIVE_UP } from "./throttle.js";

export { GIVE_UP };

const DEFAULTS: Record<string, RetrySpec> = {
  "130429": { after: 1000, max: 8, backoff: "exponential" },
  "131056": { after: 1000, max: 4, backoff: "power4" },
  "131000": { after: 60_000, max: 3, backoff: "exponential" },
  "131057": { after: 60_000, max: 5, backoff: "fixed" },
};

/**
 * Retry decisions for one campaign.
 *
 * @example
 * ```ts
 * const r = new RetryPolicy({ "131049": { after: 86_400_000, max: 1, backoff: "fixed" } });
 * r.delay(131049, 1); // 86_400_000
 * r.delay(131049, 2); // GIVE_UP: only one retry
 * r.delay(131056, 3); // 16_000 (4^x s with x = 0, 1, 2…)
 * ```
 */
export class RetryPolicy {
  /**
   * The rules by numeric code, scenario over defaults. Every failed send asks for its rule:
   * looked up by String(code) in the records, whose keys are integer-like and so live in
   * dictionary elements, that cost a number-to-string conversion and two generic lookups a
   * failure (47 instructions per campaign attempt, about 1 %). A key with leading zeros never
   * matched a code and is left out.
   */
  private readonly byCode = new Map<number, RetrySpec>();
  /** The last code asked for and its rule: failures come in runs of one code. */
  private lastCode = NaN;
  private lastRule: RetrySpec = "stop";

  constructor(rules: Record<string, RetrySpec>) {
    for (const table of [DEFAULTS, rules]) {
      for (const [key, rule] of Object.entries(table)) if (String(Number(key)) === key) this.byCode.set(Number(key), rule);
    }
  }

  /** The rule that applies to `code` (scenario first, then defaults), or `"stop"`. */
  rule(code: number): RetrySpec {
    if (code !== this.lastCode) {
      this.lastRule = this.byCode.get(code) ?? "stop";
      this.lastCode = code;
    }
    return this.lastRule;
  }

  /**
   * Delay before retry number `attempt` (1 = the first retry) after a failure with `code`,
   * or {@link GIVE_UP}.
   */
  delay(code: number, attempt: number): number {
    const r = this.rule(code);
    if (r === "stop" || attempt > r.max) return GIVE_UP;
    switch (r.backoff) {
      case "fixed":
        return r.after;
      case "exponential":
        return r.after * 2 ** (attempt - 1);
      case "power4":
        return r.after * 4 ** (attempt - 1);
    }
  }
}
