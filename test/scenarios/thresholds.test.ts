// The threshold grammar shared by `expect:`, `--expect` and `check-throttle --assert`.
import { describe, expect, it } from "vitest";
import { catalogue, formatMeasured, holds, parseOne, parseThresholds } from "../../scenarios/thresholds.js";
import { parseAssertions } from "../../studies/throttles/assertions.js";
import { loadScenarioText } from "../../scenarios/load.js";
import { readFileSync } from "node:fs";

const projection = catalogue("projection");
const run = catalogue("run");

describe("threshold grammar", () => {
  it("converts units into the metric's own unit", () => {
    const r = parseThresholds(["days.unlimited.q50 <= 7d", "paralysis.hours.q95 < 24h", "days.10000.q50 < 36h", "cost.total.q50 < 10000", "days.unlimited.share >= 80%", "paralysis.template-disabled.mean == 0"], projection);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.thresholds.map((t) => [t.metric, t.op, t.value, t.unit])).toEqual([
      ["days.unlimited.q50", "<=", 7, "days"],
      ["paralysis.hours.q95", "<", 24, "hours"],
      ["days.10000.q50", "<", 1.5, "days"],
      ["cost.total.q50", "<", 10000, "money"],
      ["days.unlimited.share", ">=", 0.8, "ratio"],
      ["paralysis.template-disabled.mean", "==", 0, "hours"],
    ]);
    const t = parseOne("paralysis.hours < 2d", run);
    expect(typeof t !== "string" && t.value).toBe(48);
  });

  it("refuses a unit that does not fit, with the fix", () => {
    expect(parseOne("cost.total.q50 < 2%", projection)).toMatch(/cost\.total\.q50 is in money, not a share: drop the %/);
    expect(parseOne("messages.delivered > 3h", run)).toMatch(/is in count, not a duration: drop the h/);
    expect(parseOne("paralysis.hours < soon", run)).toMatch(/soon is not a number/);
    expect(parseOne("paralysis.hours = 3", run)).toMatch(/<metric> <op> <value>/);
  });

  it("suggests the closest metric for a mistyped one", () => {
    expect(parseOne("paralysis.hour.q95 < 24h", projection)).toMatch(/unknown metric "paralysis.hour.q95"; did you mean "paralysis.hours.q95"\?/);
    expect(parseOne("days.unlimted.q50 <= 7d", projection)).toMatch(/did you mean "days.unlimited.q50"/);
    expect(parseOne("paralysis.lunch > 1", run)).toMatch(/unknown paralysis cause "lunch"/);
  });

  it("counts an outcome never reached as never", () => {
    expect(holds(null, "<=", 7)).toBe(false);
    expect(holds(null, ">", 7)).toBe(true);
    expect(holds(7, "<=", 7)).toBe(true);
    expect(formatMeasured(null, "days")).toBe("not reached");
    expect(formatMeasured(0.9123, "ratio")).toBe("91.2%");
  });

  it("is the grammar of check-throttle --assert too, in the throttle metrics' units", () => {
    const r = parseAssertions(["queue.p95 < 60s", "utilisation >= 80%", "reachedAt.unlimited <= 36h"]);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.assertions.map((a) => a.value)).toEqual([60_000, 0.8, 1.5]);
    const bad = parseAssertions(["erors.130429 == 0"]);
    expect(!bad.ok && bad.issues[0]).toMatch(/did you mean "errors.130429"/);
  });
});

describe("expect: in a scenario file", () => {
  const base = readFileSync("scenarios/worked-example-2days.yaml", "utf8");

  it("accepts run and projection thresholds", () => {
    const loaded = loadScenarioText(`${base}\nexpect:\n  - paralysis.hours < 24h\n  - days.unlimited.q50 <= 7d\n`, "t.yaml");
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(loaded.scenario.expect).toEqual(["paralysis.hours < 24h", "days.unlimited.q50 <= 7d"]);
  });

  it("reports a bad threshold at its line and column, with a did-you-mean", () => {
    const text = `${base}\nexpect:\n  - paralysis.hour < 24h\n`;
    const loaded = loadScenarioText(text, "t.yaml");
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    const issue = loaded.issues.find((i) => /paralysis\.hour/.test(i.message))!;
    expect(issue).toBeDefined();
    expect(issue.message).toMatch(/did you mean "paralysis.hours"/);
    expect(issue.line).toBe(text.split("\n").findIndex((l) => l.includes("paralysis.hour <")) + 1);
  });
});
