// The retry rule of a failed send: the scenario's rule for the code, else the platform's
// default, else give up — whatever order codes arrive in (the policy keeps the last answer).
import { describe, expect, it } from "vitest";
import { GIVE_UP, RetryPolicy } from "../../sim/sender/retry.js";

const DAY = 86_400_000;

describe("RetryPolicy", () => {
  it("takes the scenario's rule, then the default, then gives up, as codes alternate", () => {
    const r = new RetryPolicy({ "131049": { after: DAY, max: 1, backoff: "fixed" }, "130429": { after: 5_000, max: 1, backoff: "fixed" } });
    const asked: Array<[number, number, number]> = [
      [131049, 1, DAY],
      [131049, 2, GIVE_UP],
      [131056, 3, 16_000], // default: 4^x s
      [131049, 1, DAY],
      [130429, 1, 5_000], // the scenario's rule wins over the default (exponential, 8 retries)
      [130429, 2, GIVE_UP],
      [131026, 1, GIVE_UP], // no rule: stop
      [131056, 1, 1_000],
      [131026, 1, GIVE_UP],
      [131000, 2, 120_000], // default: exponential from 60 s
    ];
    for (const [code, attempt, want] of asked) expect(r.delay(code, attempt), `${code} #${attempt}`).toBe(want);
  });

  it("never matches a key written with leading zeros (no code is printed that way)", () => {
    const r = new RetryPolicy({ "0131049": { after: DAY, max: 1, backoff: "fixed" } });
    expect(r.rule(131049)).toBe("stop");
    expect(r.delay(131049, 1)).toBe(GIVE_UP);
  });
});
