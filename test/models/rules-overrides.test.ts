import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyOverrides, getRuleSet, parameterPaths } from "../../models/rules/index.js";
import type { OverrideResult, RuleSet } from "../../models/rules/index.js";
import { DAY, HOUR, MINUTE } from "../../models/duration.js";
import { SEED } from "../seed.js";

const base = getRuleSet("meta-2025-10") as RuleSet;
const legacy = getRuleSet("meta-2021-09") as RuleSet;

function ok(r: OverrideResult): RuleSet {
  if (!r.ok) throw new Error(`unexpected issues: ${JSON.stringify(r.issues)}`);
  return r.ruleSet;
}
function issues(r: OverrideResult) {
  if (r.ok) throw new Error("expected issues");
  return r.issues;
}

describe("applyOverrides", () => {
  it("parses duration strings and whole milliseconds", () => {
    const r = ok(applyOverrides(base, { "autoScale.delay": "24h", "quality.halfLife": "90s", "pairRate.interval": 500, "windows.csw": "500ms" }));
    expect(r.autoScale.delay).toBe(24 * HOUR);
    expect(r.quality.halfLife).toBe(90_000);
    expect(r.pairRate.interval).toBe(500);
    expect(r.windows.csw).toBe(500);
    expect(ok(applyOverrides(base, { "templates.pauseDurations": ["1h", "2h", "4h"] })).templates.pauseDurations).toEqual([HOUR, 2 * HOUR, 4 * HOUR]);
  });

  it("accepts nested objects as well as dotted keys", () => {
    const r = ok(applyOverrides(base, { autoScale: { delay: "6h", delayMode: "fixed" }, "limit.scope": "number" }));
    expect(r.autoScale.delayMode).toBe("fixed");
    expect(r.autoScale.delay).toBe(6 * HOUR);
    expect(r.limit.scope).toBe("number");
  });

  it("never mutates the original and returns a frozen copy", () => {
    const before = JSON.stringify(base);
    const r = ok(applyOverrides(base, { "autoScale.delay": "1h", "limit.ladder": [250, 2000, 100000, null], "pricing.rates.AR.MARKETING": 0.5 }));
    expect(JSON.stringify(base)).toBe(before);
    expect(base.autoScale.delay).toBe(6 * HOUR);
    expect(r.autoScale.delay).toBe(HOUR);
    expect(r.pricing.rates.AR.MARKETING).toBe(0.5);
    expect(base.pricing.rates.AR.MARKETING).toBe(0.0618);
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.limit.ladder)).toBe(true);
    expect(r).not.toBe(base);
  });

  it("an empty override set gives an equal, separate rule set", () => {
    const r = ok(applyOverrides(base, {}));
    expect(r).toEqual(base);
    expect(r).not.toBe(base);
  });

  it("names the closest valid path for an unknown key", () => {
    const [i] = issues(applyOverrides(base, { "autoScale.dealy": "6h" }));
    expect(i.key).toBe("autoScale.dealy");
    expect(i.suggestion).toBe("autoScale.delay");
    expect(i.message).toBe("unknown parameter 'autoScale.dealy'; did you mean 'autoScale.delay'?");
    expect(issues(applyOverrides(base, { "autoscale.delay": "6h" }))[0].suggestion).toBe("autoScale.delay");
    expect(issues(applyOverrides(base, { "limits.startVerified": 1000 }))[0].suggestion).toBe("limit.startVerified");
    const far = issues(applyOverrides(base, { "entirely.unrelated.thing": 1 }))[0];
    expect(far.suggestion).toBeUndefined();
    expect(far.message).toBe("unknown parameter 'entirely.unrelated.thing'");
  });

  it("type-checks every kind", () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ["autoScale.delay", "soon", /duration/],
      ["autoScale.delay", 1.5, /duration/],
      ["autoScale.delay", -5, /duration/],
      ["limit.window", 0, /longer than zero/],
      ["scalingPath.review.approveProbability", 1.5, /probability/],
      ["perUserCap.otherBusinessesShare", "half", /probability/],
      ["quality.reportWeight", -1, /at least 0/],
      ["throughput.mps", 0, /greater than 0/],
      ["limit.startUnverified", 2.5, /whole number/],
      ["downgrade.enabled", "yes", /true or false/],
      ["autoScale.measure", "peak", /cumulativeUnique7d, peakMoving24h/],
      ["autoScale.delayMode", "random", /fixed, uniform/],
      ["limit.scope", "business", /number, portfolio/],
      ["limit.countedUnit", "messages", /delivered-outside-csw/],
      ["limit.ladder", [250, 2000, 10000], /ending with null/],
      ["limit.ladder", [2000, 250, null], /ascending/],
      ["limit.ladder", [0, 250, null], /ascending positive/],
      ["autoScale.qualityGate", ["GREEN", "BLUE"], /'BLUE'/],
      ["templates.categories", ["PROMO"], /template categories/],
      ["perUserCap.from", "2024-13-01", /YYYY-MM-DD/],
      ["perUserCap.from", "23 May 2024", /YYYY-MM-DD/],
      ["perUserCap.exemptMarkets", ["es"], /country codes/],
      ["pricing.currency", "dollars", /ISO 4217/],
      ["limit.overLimitCode", "63018", /error code/],
      ["limit.startVerified", 0, /limit/],
      ["scalingPath.usage", { threshold: 10 }, /window/],
      ["scalingPath.usage", { threshold: 10, window: "30d", requiresHighQuality: true, extra: 1 }, /unknown key 'extra'/],
      ["pricing.rates.AR.MARKETING", -0.1, /at least 0/],
    ];
    for (const [key, value, pattern] of cases) {
      const found = issues(applyOverrides(base, { [key]: value }));
      expect(found, `${key} = ${JSON.stringify(value)}`).toHaveLength(1);
      expect(found[0].key).toBe(key);
      expect(found[0].message, key).toMatch(pattern);
    }
  });

  it("accepts null where a parameter may be switched off", () => {
    const r = ok(applyOverrides(base, { "perUserCap.from": null, "pricing.pmpFrom": null, "scalingPath.usage": null, "templates.pauseCountWindow": null, "limit.startVerified": null }));
    expect(r.perUserCap.from).toBeNull();
    expect(r.pricing.pmpFrom).toBeNull();
    expect(r.scalingPath.usage).toBeNull();
    expect(r.limit.startVerified).toBeNull();
    expect(ok(applyOverrides(base, { "templates.pauseCountWindow": "30d" })).templates.pauseCountWindow).toBe(30 * DAY);
  });

  it("adds a usage path to an era without one, but refuses a lone child of a null group", () => {
    const r = ok(applyOverrides(legacy, { "scalingPath.usage": { threshold: 500, window: "30d", requiresHighQuality: false } }));
    expect(r.scalingPath.usage).toEqual({ threshold: 500, window: 30 * DAY, requiresHighQuality: false });
    const both = ok(applyOverrides(legacy, { "scalingPath.usage.window": "10d", "scalingPath.usage": { threshold: 500, window: "30d", requiresHighQuality: true } }));
    expect(both.scalingPath.usage?.window).toBe(10 * DAY);
    const [i] = issues(applyOverrides(legacy, { "scalingPath.usage.threshold": 500 }));
    expect(i.key).toBe("scalingPath.usage.threshold");
    expect(i.message).toMatch(/no usage path/);
  });

  it("adds a market to the rate card", () => {
    const r = ok(applyOverrides(base, { "pricing.rates.FR.MARKETING": 0.1, pricing: { rates: { FR: { UTILITY: 0.03 } } } }));
    expect(r.pricing.rates.FR).toEqual({ MARKETING: 0.1, UTILITY: 0.03 });
    expect(issues(applyOverrides(base, { "pricing.rates.fr.MARKETING": 0.1 }))[0].key).toBe("pricing.rates.fr.MARKETING");
    expect(issues(applyOverrides(base, { "pricing.rates.FR.SERVICE": 0.1 }))[0].message).toMatch(/unknown parameter/);
  });

  it("checks relations between parameters", () => {
    expect(issues(applyOverrides(base, { "limit.startUnverified": 300 }))[0].message).toMatch(/rung of limit.ladder/);
    expect(issues(applyOverrides(base, { "limit.ladder": [500, 5000, null] }))).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: "limit.ladder" })]),
    );
    expect(issues(applyOverrides(base, { "quality.yellowAt": 0.5 }))[0]).toMatchObject({ key: "quality.yellowAt" });
    expect(ok(applyOverrides(base, { "limit.ladder": [500, 2000, null], "limit.startUnverified": 500 })).limit.startUnverified).toBe(500);
  });

  it("refuses identity fields", () => {
    const [i] = issues(applyOverrides(base, { id: "meta-2021-09" }));
    expect(i.key).toBe("id");
    expect(i.message).toMatch(/no parameter/);
  });

  it("reports all issues at once", () => {
    const found = issues(applyOverrides(base, {
      "autoScale.dealy": "6h",
      "autoScale.delay": "soon",
      "downgrade.enabled": 1,
      "limit.ladder": [1, null],
      "autoScale.factor": 0.25,
    }));
    expect([...new Set(found.map((i) => i.key))].sort()).toEqual(["autoScale.dealy", "autoScale.delay", "downgrade.enabled", "limit.ladder"]);
    // The ladder [1, ∞] drops both starting limits: two relation issues, one per start.
    expect(found.filter((i) => i.key === "limit.ladder").map((i) => i.message)).toEqual([
      expect.stringMatching(/startUnverified/),
      expect.stringMatching(/startVerified/),
    ]);
  });
});

describe(`applyOverrides properties (seed ${SEED})`, () => {
  const durationPaths = parameterPaths(base).filter((p) => ["autoScale.delay", "autoScale.minTimeInTier", "templates.reviewMax", "throughput.upgrade.delay"].includes(p));

  it("a valid duration in any unit lands as the same milliseconds, and nothing else changes", () => {
    const units = { ms: 1, s: 1000, m: MINUTE, h: HOUR, d: DAY } as const;
    fc.assert(
      fc.property(fc.constantFrom(...durationPaths), fc.nat(10_000), fc.constantFrom(...(Object.keys(units) as Array<keyof typeof units>)), (path, n, unit) => {
        const r = ok(applyOverrides(base, { [path]: `${n}${unit}` }));
        const [group, ...rest] = path.split(".");
        const read = rest.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], (r as unknown as Record<string, unknown>)[group]);
        expect(read).toBe(n * units[unit]);
        for (const other of parameterPaths(base)) {
          if (other === path) continue;
          const a = other.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], base);
          const b = other.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], r);
          expect(b).toEqual(a);
        }
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("every unknown key is an issue, never a silent no-op", () => {
    const known = new Set(parameterPaths(base));
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zA-Z]{1,8}(\.[a-zA-Z]{1,8}){0,2}$/), (key) => {
        fc.pre(!known.has(key) && !["scalingPath.usage"].includes(key));
        const r = applyOverrides(base, { [key]: 1 });
        if (r.ok) return false;
        return r.issues.some((i) => i.key === key || i.key.startsWith(`${key}.`));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
