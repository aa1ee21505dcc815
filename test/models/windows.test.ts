import { describe, expect, it } from "vitest";
import { cswOpenUntil, fepOpenUntil, isInsideWindow } from "../../models/windows.js";
import { ruleSet as meta2025 } from "../../models/rules/meta-2025-10.js";
import type { RuleSet } from "../../models/rules/types.js";
import { HOUR } from "../../models/duration.js";

const rs: RuleSet = { ...meta2025, windows: { csw: 24 * HOUR, fep: 72 * HOUR } };

describe("customer-service and free-entry-point windows", () => {
  it("a CSW is open from the inbound until 24 h later, exclusive; a new inbound moves the expiry", () => {
    const until = cswOpenUntil(5_000, rs);
    expect(until).toBe(5_000 + 24 * HOUR);
    expect(isInsideWindow(until, 5_000)).toBe(true);
    expect(isInsideWindow(until, until - 1)).toBe(true);
    expect(isInsideWindow(until, until)).toBe(false);
    expect(isInsideWindow(cswOpenUntil(20 * HOUR, rs), until)).toBe(true);
  });

  it("an FEP lasts 72 h from the business's reply; never-opened windows are closed", () => {
    expect(fepOpenUntil(0, rs)).toBe(72 * HOUR);
    expect(isInsideWindow(-Infinity, 0)).toBe(false);
  });
});
