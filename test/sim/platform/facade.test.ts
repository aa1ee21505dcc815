// The platform as a component: driven from outside, with no campaign, it moves the limit
// exactly as a whole run of the same plan does (the HTTP emulator drives this facade).
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../../scenarios/compile.js";
import { loadScenarioFile } from "../../../scenarios/load-file.js";
import type { SimConfig } from "../../../sim/config.js";
import { createPlatform, type PlatformSignal } from "../../../sim/platform/index.js";
import { simulate } from "../../../sim/run.js";
import { DELIVERED } from "../../../sim/outcomes.js";

function load(path: string): SimConfig {
  const loaded = loadScenarioFile(path);
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join("\n"));
  return compileScenario(loaded.scenario, loaded.ruleSet);
}

/**
 * Sends a plan campaign's entries through the facade, each entry to the next fresh users, as
 * a careful sender would: no more per second than the number's throughput.
 */
function drivePlan(config: SimConfig) {
  const p = createPlatform(config);
  let next = 0;
  for (const c of config.campaigns) {
    const mps = p.platform.mpsOf(c.phone);
    for (const entry of c.plan ?? []) {
      for (let i = 0; i < entry.count; i++) expect(p.send(entry.at + Math.floor(i / mps) * 1000, next++, c.template, c.phone).outcome).toBe(DELIVERED);
    }
  }
  p.advanceTo(config.horizon);
  return p;
}

const limitChanges = (events: readonly { type: string }[]) => events.filter((e) => e.type === "limit-changed");

describe("createPlatform", () => {
  it("reproduces Meta's 2-day worked example: 500 distinct users, the 500th at 15:00 → 10K at 15:00 the next day", () => {
    const config = load("scenarios/worked-example-2days.yaml");
    const p = drivePlan(config);
    expect(limitChanges(p.events)).toEqual([{ at: "2024-03-05T15:00:00.000Z", type: "limit-changed", from: 1000, to: 10000, reason: "auto-scale", phone: "main" }]);
    expect(p.platform.limitOf(0)).toBe(10000);
    // The same plan as a whole run gives the same limit change.
    expect(limitChanges(simulate(config).events)).toEqual(limitChanges(p.events));
  });

  it("reproduces the 4-day example (100 / 200 / 200 users) exactly as `tiersim run` does", () => {
    const config = load("scenarios/worked-example-4days.yaml");
    const p = drivePlan(config);
    const run = limitChanges(simulate(config).events);
    expect(run.length).toBeGreaterThan(0);
    expect(limitChanges(p.events)).toEqual(run);
  });

  it("tells its listener, counts what it refuses, and never lets time go back", () => {
    const config = load("scenarios/worked-example-2days.yaml");
    const signals: PlatformSignal[] = [];
    const woken: string[] = [];
    const p = createPlatform(config, { listener: { signal: (s) => signals.push(s), wake: (target, i) => woken.push(`${target}:${i}`), resolved: () => {} } });
    // The limit is 1,000 distinct users: the 1,001st new user in the window is refused. (1,000 in
    // one day is half the limit twice over: the upgrade to 10K follows 24 h after the 500th.)
    for (let u = 0; u < 1000; u++) expect(p.send(Math.floor(u / 80) * 1000, u, 0).outcome).toBe(DELIVERED);
    const refused = p.send(60_000, 1000, 0);
    expect(refused.outcome).not.toBe(DELIVERED);
    expect(refused.code).toBe(config.ruleSet.limit.overLimitCode);
    expect(p.recorder.messages.rejected).toBe(1);
    p.advanceTo(2 * 86_400_000);
    expect(signals).toEqual([{ type: "limit-changed", from: 1000, to: 10000 }]);
    expect(woken).toEqual(["scope:0"]);
    expect(() => p.advanceTo(0)).toThrow(RangeError);
  });
});
