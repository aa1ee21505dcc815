// Regression tests, issue 13 defects 1 and 2: a scenario of a few bytes cannot crash the loader
// (days: 1e9) nor ask for unbounded work (a cadence of 1 ms, a million retries, a budget-busting
// audience, a 1 MB name, 500 campaigns); each is refused before running, exit 3, with
// file:line:col, or rendered in seconds.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenarioText } from "../../index.js";
import { expectClean, NAME_LINE, scenario, SMALL, tiersim } from "./robust-helpers.js";

describe("defect 1: an out-of-range horizon is an issue, not a crash", () => {
  it("validate and run with days: 1e9 exit 3 naming days; the library loader returns issues", () => {
    const s = scenario([[/^days: 30$/m, "days: 1e9"]]);
    for (const args of [["validate", s.file], ["run", s.file]]) {
      const r = tiersim(args);
      expect(r.code).toBe(3);
      expect(r.stdout + r.stderr).toMatch(/:\d+:\d+ +days: .*at most 366/);
      expectClean(r);
    }
    for (const days of ["1e9", "1e300", "100000000", "367"]) {
      const loaded = loadScenarioText(s.text.replace("days: 1e9", `days: ${days}`), "x.yaml");
      expect(loaded.ok).toBe(false);
    }
  });
});

describe("defect 2: bounded work from bounded input", () => {
  it("a cadence of 1ms or 100ms is refused before running (exit 3, file:line:col)", () => {
    for (const every of ["1ms", "100ms"]) {
      const s = scenario([["cadence: daily", `cadence: { every: ${every} }`]]);
      const r = tiersim(["run", s.file, "--days", "3"]);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/in\.yaml:\d+:\d+ +campaigns\[0\]\.cadence\.every: /);
      expect(r.ms).toBeLessThan(15_000);
      expectClean(r);
    }
  });

  it("a retry rule with no delay and a million retries is refused (exit 3)", () => {
    const s = scenario([['"131049": { after: 24h, max: 1 }', '"131049": { after: 0, max: 1000000 }']]);
    const r = tiersim(["run", s.file, "--days", "3"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/in\.yaml:\d+:\d+ +campaigns\[0\]\.retry\["131049"\]\.after: a retry after 0s/);
    expect(r.stderr).toMatch(/campaigns\[0\]\.retry\["131049"\]\.max: .*at most 100/);
    expectClean(r);
  });

  it("a scenario over the event budget is refused with the estimate and the keys that drive it; --max-events moves the budget", () => {
    const s = scenario([
      ["optedIn: 30000", "optedIn: 20000000"],
      ["cadence: daily", "cadence: { every: 1h }"],
      [/^days: 30$/m, "days: 366"],
    ]);
    for (const cmd of [["run", s.file], ["validate", s.file], ["sweep", s.file, "--vary", "seed=1,2", "--runs", "2"], ["check-throttle", s.file]]) {
      const r = tiersim(cmd);
      expect(r.code).toBe(3);
      const text = r.stdout + r.stderr;
      expect(text).toMatch(/too-much-work|events/);
      expect(text).toMatch(/about [\d.]+e\+\d+ events|about [\d,]+ events/);
      expect(text).toContain("campaigns[0].cadence");
      expect(text).toContain("audience.optedIn");
      expect(r.ms).toBeLessThan(15_000);
      expectClean(r);
    }
    const small = tiersim(["run", SMALL, "--max-events", "10"]);
    expect(small.code).toBe(3);
    expect(small.stderr).toMatch(/more than the budget of 10\b/);
    expect(tiersim(["run", SMALL, "--max-events", "1e6"]).code).toBe(0);
    const bad = tiersim(["run", SMALL, "--max-events", "-1"]);
    expect(bad.code).toBe(2);
    // validate checks against the same budget, and takes the flag too.
    expect(tiersim(["validate", SMALL, "--max-events", "10"]).code).toBe(3);
    expect(tiersim(["validate", s.file, "--max-events", "1e13"]).code).toBe(0);
  });

  it("a 1 MB scenario name renders in seconds: truncated in reports and on the terminal, whole in result.json", () => {
    const long = "N".repeat(1 << 20);
    const s = scenario([[NAME_LINE, `name: "${long}"`], [/^days: 30$/m, "days: 3"]]);
    const out = join(s.dir, "out");
    const r = tiersim(["run", s.file, "--out", out]);
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(45_000);
    expect(r.stdout.split("\n")[0].length).toBeLessThanOrEqual(80);
    expect(JSON.parse(readFileSync(join(out, "result.json"), "utf8")).scenario.name).toBe(long);
    expect(readFileSync(join(out, "report.md"), "utf8").length).toBeLessThan(100_000);
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain("NNN…");
    expect(readFileSync(join(out, "charts", "limit.svg"), "utf8").length).toBeLessThan(200_000);
  }, 90_000);

  it("500 campaigns render in seconds, the paralysis chart showing the campaigns that stalled most", () => {
    const campaigns = Array.from({ length: 500 }, (_, k) => `  - { name: camp-${k}, template: daily_deal, cadence: daily, window: "10:00-20:00" }`).join("\n");
    const s = scenario([[/^campaigns:[\s\S]*$/m, `campaigns:\n${campaigns}\n`], [/^days: 30$/m, "days: 2"]]);
    const out = join(s.dir, "out");
    const r = tiersim(["run", s.file, "--out", out]);
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(60_000);
    const spec = JSON.parse(readFileSync(join(out, "charts", "paralysis.vl.json"), "utf8"));
    const lanes = new Set((spec.data.values as Array<{ campaign: string }>).map((v) => v.campaign));
    expect(lanes.size).toBeGreaterThan(0);
    expect(lanes.size).toBeLessThanOrEqual(30);
    expect(JSON.stringify(spec)).toMatch(/more campaigns? not shown/);
  }, 120_000);
});
