import { describe, expect, it } from "vitest";
import {
  DEFAULT_RULE_SET_ID,
  PARAMETER_KINDS,
  RATE_PATH,
  RULE_SETS,
  RULE_SET_IDS,
  getParameter,
  getRuleSet,
  kindOf,
  listRuleSets,
  parameterPaths,
  readValue,
  ruleSetAt,
  ruleSetSources,
  sourceOf,
} from "../../models/rules/index.js";
import type { RuleSet } from "../../models/rules/index.js";
import { DAY, HOUR } from "../../models/duration.js";
import { dayStartMs } from "../../models/dates.js";

const rs = (id: string): RuleSet => {
  const r = getRuleSet(id);
  if (!r) throw new Error(`missing rule set ${id}`);
  return r;
};

describe("rule sets match DESIGN §3", () => {
  it("lists the four eras oldest first, newest is the default", () => {
    expect(listRuleSets().map((r) => r.id)).toEqual(["meta-2021-09", "seed-2023-02", "meta-2023-11", "meta-2025-10"]);
    expect(DEFAULT_RULE_SET_ID).toBe("meta-2025-10");
    const froms = listRuleSets().map((r) => dayStartMs(r.from) as number);
    expect([...froms].sort((a, b) => a - b)).toEqual(froms);
  });

  it("meta-2021-09: per number, 50 → 1K, 2× the limit in 7 days, 48 h in tier, downgrade", () => {
    const r = rs("meta-2021-09");
    expect(r.from).toBe("2021-09-12");
    expect(r.limit.scope).toBe("number");
    expect(r.limit.ladder).toEqual([50, 1000, 10000, 100000, null]);
    expect([r.limit.startUnverified, r.limit.startVerified]).toEqual([50, 1000]);
    expect(r.autoScale).toMatchObject({ factor: 2, delay: 0, minTimeInTier: 48 * HOUR, measure: "cumulativeUnique7d", delayMode: "fixed" });
    expect(r.autoScale.qualityGate).toEqual(["GREEN", "YELLOW", "UNKNOWN"]);
    expect(r.scalingPath.usage).toBeNull();
    expect(r.downgrade).toEqual({ enabled: true, flaggedFor: 7 * DAY, exit: "day-7" });
  });

  it("seed-2023-02: per number, 50 unverified, ½ the limit in 7 days + 24 h, review ≤ 48 h", () => {
    const r = rs("seed-2023-02");
    expect(r.from).toBe("2023-02-17");
    expect(r.limit.scope).toBe("number");
    expect(r.limit.ladder).toEqual([50, 1000, 10000, 100000, null]);
    expect(r.limit.startUnverified).toBe(50);
    expect(r.limit.countedUnit).toBe("business-initiated-conversation");
    expect(r.autoScale).toMatchObject({ factor: 0.5, lookback: 7 * DAY, delay: 24 * HOUR, delayMode: "fixed", minTimeInTier: 0 });
    expect(r.downgrade.enabled).toBe(true);
    expect(r.templates.reviewMax).toBe(48 * HOUR);
    expect(r.templates.perWaba.unverified).toBe(250);
    expect(r.templates.categories).toEqual(expect.arrayContaining(["SHIPPING_UPDATE", "MARKETING", "UTILITY", "AUTHENTICATION", "TRANSACTIONAL", "OTP"]));
    expect(r.templates.categories).toHaveLength(16);
  });

  it("meta-2023-11: 250 start, usage path of 1,000 conversations in 30 days", () => {
    const r = rs("meta-2023-11");
    expect(r.limit.ladder).toEqual([250, 1000, 10000, 100000, null]);
    expect([r.limit.startUnverified, r.limit.startVerified]).toEqual([250, 1000]);
    expect(r.scalingPath.usage).toEqual({ threshold: 1000, window: 30 * DAY, requiresHighQuality: true });
    expect(r.scalingPath.partnerVerification).toBe(false);
    expect(r.autoScale).toMatchObject({ factor: 0.5, delay: 24 * HOUR, delayMode: "fixed" });
    expect(r.downgrade.enabled).toBe(true);
    expect(r.templates.reviewMax).toBe(24 * HOUR);
    expect(r.templates.categories).toEqual(["MARKETING", "UTILITY", "AUTHENTICATION"]);
  });

  it("meta-2025-10: portfolio, 250 → 2K, within 6 h, no downgrade, unique delivered outside CSW", () => {
    const r = rs("meta-2025-10");
    expect(r.from).toBe("2025-10-07");
    expect(r.limit.scope).toBe("portfolio");
    expect(r.limit.ladder).toEqual([250, 2000, 10000, 100000, null]);
    expect([r.limit.startUnverified, r.limit.startVerified]).toEqual([250, 2000]);
    expect(r.limit.countedUnit).toBe("delivered-outside-csw");
    expect(r.scalingPath).toMatchObject({ verification: true, partnerVerification: true, usage: { threshold: 2000, window: 30 * DAY } });
    expect(r.autoScale).toMatchObject({ factor: 0.5, delay: 6 * HOUR, delayMode: "uniform" });
    expect(r.autoScale.qualityGate).not.toContain("YELLOW");
    expect(r.downgrade.enabled).toBe(false);
    expect(r.throughput.upgrade.minUnique24h).toBe(100000);
  });

  it("shares the platform constants every era agrees on", () => {
    for (const r of listRuleSets()) {
      expect([r.throughput.mps, r.throughput.highMps, r.throughput.coexistenceMps, r.throughput.code]).toEqual([80, 1000, 20, 130429]);
      expect(r.pairRate).toEqual({ burst: 45, interval: 6000, code: 131056 });
      expect(r.templates.pauseDurations).toEqual([3 * HOUR, 6 * HOUR]);
      expect([r.templates.pausedCode, r.templates.disabledCode]).toEqual([132015, 132016]);
      expect(r.windows).toEqual({ csw: DAY, fep: 3 * DAY });
      expect(r.perUserCap).toMatchObject({ from: "2024-05-23", usMarketingBlockedFrom: "2025-04-01", code: 131049, exemptInsideCsw: true });
      expect(r.perUserCap.exemptMarkets).toEqual(expect.arrayContaining(["ES", "DE", "NO", "IS", "LI", "GB", "JP", "KR"]));
      expect(r.perUserCap.exemptMarkets).not.toContain("US");
      expect(r.pricing.pmpFrom).toBe("2025-07-01");
      expect(r.limit.overLimitCode).toBe(63018);
    }
  });

  it("every ladder ascends, ends with null (unlimited) and contains both starting limits", () => {
    for (const r of listRuleSets()) {
      const ladder = r.limit.ladder;
      expect(ladder[ladder.length - 1]).toBeNull();
      const rungs = ladder.slice(0, -1) as number[];
      for (let i = 1; i < rungs.length; i++) expect(rungs[i]).toBeGreaterThan(rungs[i - 1]);
      expect(ladder).toContain(r.limit.startUnverified);
      expect(ladder).toContain(r.limit.startVerified);
      expect(readValue({ type: "ladder" }, ladder)).toEqual({ ok: true, value: ladder });
    }
  });

  it("every value passes its own parameter kind (the data obeys the table)", () => {
    for (const r of listRuleSets()) {
      for (const path of parameterPaths(r)) {
        const kind = kindOf(path);
        expect(kind, `${r.id} ${path} has a kind`).toBeDefined();
        const read = readValue(kind!, getParameter(r, path));
        expect(read, `${r.id} ${path}`).toMatchObject({ ok: true });
      }
    }
  });

  it("the parameter table has no stale entries", () => {
    const used = new Set(listRuleSets().flatMap((r) => parameterPaths(r)));
    // usage children exist only in eras with a usage path; rates are matched by pattern.
    for (const path of Object.keys(PARAMETER_KINDS)) {
      if (path === "scalingPath.usage") continue;
      expect(used.has(path), path).toBe(true);
    }
    expect([...used].filter((p) => p.startsWith("pricing.rates.")).every((p) => RATE_PATH.test(p))).toBe(true);
  });

  it("every parameter has a source", () => {
    for (const id of RULE_SET_IDS) {
      const r = RULE_SETS[id];
      for (const path of parameterPaths(r)) {
        const s = sourceOf(id, path);
        expect(s, `${id} ${path}`).toBeDefined();
        // A source cites the register, or says plainly that the value is tiersim's own choice.
        expect(s!.source).toMatch(/\[S\d|assumption|calibration|seed brief|EXAMPLES/);
      }
      const paths = ruleSetSources(id).map((s) => s.path);
      expect(new Set(paths).size).toBe(paths.length);
      // Each source entry addresses something that exists.
      for (const p of paths) expect(getParameter(r, p), `${id} source path ${p}`).not.toBeUndefined();
    }
  });

  it("rule sets are deep-frozen", () => {
    const r = rs("meta-2025-10");
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.limit.ladder)).toBe(true);
    expect(Object.isFrozen(r.pricing.rates.AR)).toBe(true);
    expect(() => {
      (r.autoScale as { delay: number }).delay = 1;
    }).toThrow(TypeError);
  });

  it("parameterPaths lists leaves only, arrays as leaves, no identity fields", () => {
    const paths = parameterPaths(rs("meta-2021-09"));
    expect(paths).toContain("limit.ladder");
    expect(paths).toContain("scalingPath.usage");
    expect(paths).not.toContain("limit");
    expect(paths).not.toContain("limit.ladder.0");
    expect(paths).not.toContain("id");
    expect(parameterPaths(rs("meta-2025-10"))).toContain("scalingPath.usage.threshold");
  });

  it("getParameter reads leaves and groups, undefined for missing paths", () => {
    const r = rs("meta-2025-10");
    expect(getParameter(r, "autoScale.delay")).toBe(6 * HOUR);
    expect(getParameter(r, "pairRate")).toEqual({ burst: 45, interval: 6000, code: 131056 });
    expect(getParameter(r, "autoScale.nope")).toBeUndefined();
    expect(getParameter(r, "autoScale.delay.x")).toBeUndefined();
  });

  it("getRuleSet and ruleSetAt find eras by id and by date", () => {
    expect(getRuleSet("meta-2025")).toBeUndefined();
    expect(getRuleSet("toString")).toBeUndefined();
    expect(ruleSetAt(Date.UTC(2020, 0, 1))).toBeUndefined();
    expect(ruleSetAt(Date.UTC(2021, 8, 12))?.id).toBe("meta-2021-09");
    expect(ruleSetAt(Date.UTC(2023, 10, 1) - 1)?.id).toBe("seed-2023-02");
    expect(ruleSetAt(Date.UTC(2024, 0, 1))?.id).toBe("meta-2023-11");
    expect(ruleSetAt(Date.UTC(2026, 2, 2))?.id).toBe("meta-2025-10");
  });
});
