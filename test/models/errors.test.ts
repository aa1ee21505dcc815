import { describe, expect, it } from "vitest";
import { ERROR_CODES, errorInfo } from "../../models/errors.js";
import { listRuleSets } from "../../models/rules/index.js";

describe("error codes", () => {
  it("knows the outbound-limit codes of the rules reference with their retry classes", () => {
    const expected: Array<[number, string]> = [
      [130429, "seconds"],
      [131056, "per-recipient"],
      [131049, "next-day"],
      [131048, "account-health"],
      [368, "account-health"],
      [131050, "permanent"],
      [130472, "permanent"],
      [131026, "permanent"],
      [131047, "fix-request"],
      [132015, "seconds"],
      [132016, "permanent"],
      [131057, "transient"],
      [4, "seconds"],
      [80007, "seconds"],
    ];
    for (const [code, retryClass] of expected) expect(errorInfo(code)?.retryClass, String(code)).toBe(retryClass);
    expect(errorInfo(130429)?.title).toBe("Rate limit hit");
    expect(errorInfo(131049)?.title).toBe("Meta chose not to deliver");
  });

  it("covers every code a rule set refuses a send with", () => {
    for (const rs of listRuleSets()) {
      for (const code of [rs.limit.overLimitCode, rs.throughput.code, rs.pairRate.code, rs.perUserCap.code, rs.templates.pausedCode, rs.templates.disabledCode]) {
        expect(errorInfo(code), `${rs.id}: ${code}`).toBeDefined();
      }
    }
  });

  it("lists each code once, ascending, with a title and meaning", () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect([...ERROR_CODES].sort((a, b) => a - b)).toEqual(ERROR_CODES);
    for (const code of ERROR_CODES) {
      const info = errorInfo(code)!;
      expect(info.code).toBe(code);
      expect(info.title.length).toBeGreaterThan(0);
      expect(info.meaning.length).toBeGreaterThan(0);
    }
  });

  it("returns undefined for unknown codes and frozen entries for known ones", () => {
    expect(errorInfo(999999)).toBeUndefined();
    expect(Object.isFrozen(errorInfo(130429))).toBe(true);
    expect(Object.isFrozen(ERROR_CODES)).toBe(true);
  });
});
