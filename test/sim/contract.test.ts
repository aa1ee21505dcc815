// The building blocks of the result contracts, and how their errors read.
import { describe, expect, it } from "vitest";
import { Amount, contractIssues, Count, Limit, LocalDate, MAX_AMOUNT, Time } from "../../sim/contract.js";
import { RunEvent } from "../../sim/result.js";

const ok = (schema: { safeParse: (v: unknown) => { success: boolean } }, v: unknown): boolean => schema.safeParse(v).success;

describe("contract building blocks", () => {
  it("times are real ISO-8601 UTC instants with milliseconds, as toISOString writes them", () => {
    expect(ok(Time, "2026-03-02T09:00:00.000Z")).toBe(true);
    expect(ok(Time, "2028-02-29T23:59:59.999Z")).toBe(true);
    for (const bad of ["2026-02-30T00:00:00.000Z", "2026-13-01T00:00:00.000Z", "2026-03-02T24:00:00.000Z", "2026-03-02T09:00:00Z", "2026-03-02T09:00:00.000+01:00", "not a date", 0]) {
      expect(ok(Time, bad), String(bad)).toBe(false);
    }
  });

  it("dates are real calendar days", () => {
    expect(ok(LocalDate, "2024-02-29")).toBe(true);
    expect(ok(LocalDate, "2026-02-29")).toBe(false);
    expect(ok(LocalDate, "2026-3-2")).toBe(false);
  });

  it("counts are whole numbers from 0 to 2^53 − 1; amounts finite from 0 to 10^15; limits ≥ 1 or null", () => {
    expect([0, 5, Number.MAX_SAFE_INTEGER].map((v) => ok(Count, v))).toEqual([true, true, true]);
    expect([-1, 1.5, 2 ** 53, 1e308, Infinity, NaN, "3", null].map((v) => ok(Count, v))).toEqual(Array(8).fill(false));
    expect([0, 0.25, MAX_AMOUNT].map((v) => ok(Amount, v))).toEqual([true, true, true]);
    expect([-0.01, MAX_AMOUNT * 10, Infinity, null].map((v) => ok(Amount, v))).toEqual([false, false, false, false]);
    expect([1, 250, null].map((v) => ok(Limit, v))).toEqual([true, true, true]);
    expect([0, 2.5, "unlimited"].map((v) => ok(Limit, v))).toEqual([false, false, false]);
  });
});

describe("contractIssues", () => {
  const issues = (v: unknown): string[] => {
    const r = RunEvent.safeParse(v);
    return r.success ? [] : contractIssues(r.error);
  };
  const at = "2026-03-02T09:00:00.000Z";

  it("reports a known event through its own shape, not through the open variant", () => {
    expect(issues({ at, type: "campaign-completed", campaign: "c", sent: -1 })).toEqual(["sent: expected a whole number ≥ 0"]);
    expect(issues({ at, type: "campaign-started", campaign: "c", extra: 1 })).toEqual(["extra: unknown field (this version does not write it)"]);
  });

  it("lets an event of another type carry any fields, and names a type of the wrong kind", () => {
    expect(issues({ at, type: "something-new", anything: [1] })).toEqual([]);
    expect(issues({ at, type: 5 })).toEqual(["type: Invalid input: expected string, received number"]);
  });

  it("lists at most 10 problems, then counts the rest", () => {
    const r = Count.array().safeParse(Array.from({ length: 14 }, () => -1));
    expect(r.success).toBe(false);
    if (!r.success) {
      const lines = contractIssues(r.error);
      expect(lines).toHaveLength(11);
      expect(lines[0]).toBe("0: expected a whole number ≥ 0");
      expect(lines[10]).toBe("… and 4 more");
    }
  });
});
