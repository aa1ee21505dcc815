import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY, HOUR, MINUTE, formatDuration, parseDuration } from "../../models/duration.js";
import { dateActive, dayOf, dayStartMs, isDay } from "../../models/dates.js";
import { closest, levenshtein } from "../../models/rules/suggest.js";
import { DURATION_PATTERN } from "../../scenarios/schema.js";
import { DURATION_GRAMMAR } from "../../models/duration.js";
import { SEED } from "../seed.js";

describe("parseDuration / formatDuration", () => {
  it("reads every unit", () => {
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("90s")).toBe(90_000);
    expect(parseDuration("15m")).toBe(15 * MINUTE);
    expect(parseDuration("6h")).toBe(6 * HOUR);
    expect(parseDuration("7d")).toBe(7 * DAY);
    expect(parseDuration("2w")).toBe(14 * DAY);
    expect(parseDuration("1.5h")).toBe(90 * MINUTE);
    expect(parseDuration(" 6 h ")).toBe(6 * HOUR);
    expect(parseDuration(1500)).toBe(1500);
  });

  it("rejects what is not a duration", () => {
    for (const v of ["", "6", "h", "6 hours", "-1h", "1h30m", "6H"]) expect(parseDuration(v), v).toBeUndefined();
    expect(parseDuration(-1)).toBeUndefined();
    expect(parseDuration(Number.NaN)).toBeUndefined();
    expect(parseDuration(Infinity)).toBeUndefined();
  });

  it("uses the same grammar as the scenario schema", () => {
    expect(DURATION_GRAMMAR).toBe(DURATION_PATTERN);
  });

  it("formats as Meta writes: hours below a week, days from a week", () => {
    expect(formatDuration(6 * HOUR)).toBe("6h");
    expect(formatDuration(24 * HOUR)).toBe("24h");
    expect(formatDuration(48 * HOUR)).toBe("48h");
    expect(formatDuration(72 * HOUR)).toBe("72h");
    expect(formatDuration(7 * DAY)).toBe("7d");
    expect(formatDuration(30 * DAY)).toBe("30d");
    expect(formatDuration(90_000)).toBe("90s");
    expect(formatDuration(90 * MINUTE)).toBe("90m");
    expect(formatDuration(1500)).toBe("1500ms");
    expect(formatDuration(0)).toBe("0s");
  });
});

describe(`duration round trip (seed ${SEED})`, () => {
  it("parseDuration(formatDuration(ms)) === ms for every whole ms", () => {
    fc.assert(
      fc.property(fc.nat(400 * 86_400_000), (ms) => parseDuration(formatDuration(ms)) === ms),
      { seed: SEED, numRuns: 500 },
    );
  });
});

describe("dates", () => {
  it("a dated parameter starts at 00:00 UTC of its day, inclusive", () => {
    const start = Date.UTC(2025, 6, 1);
    expect(dateActive("2025-07-01", start)).toBe(true);
    expect(dateActive("2025-07-01", start - 1)).toBe(false);
    expect(dateActive("2025-07-01", start + 10 * DAY)).toBe(true);
    expect(dateActive(null, start)).toBe(false);
    expect(() => dateActive("2025-7-1", start)).toThrow(RangeError);
  });

  it("validates calendar days", () => {
    expect(isDay("2024-02-29")).toBe(true);
    expect(isDay("2025-02-29")).toBe(false);
    expect(isDay("2025-13-01")).toBe(false);
    expect(isDay("2025-10-07T00:00:00Z")).toBe(false);
    expect(dayStartMs("2025-10-07")).toBe(Date.UTC(2025, 9, 7));
    expect(dayStartMs("2025-10-32")).toBeUndefined();
    expect(dayOf(Date.UTC(2025, 9, 7, 23, 59))).toBe("2025-10-07");
  });
});

describe("closest / levenshtein", () => {
  it("computes edit distances", () => {
    expect(levenshtein("", "abc")).toBe(3);
    expect(levenshtein("kitten", "sitting")).toBe(3);
    expect(levenshtein("delay", "dealy")).toBe(2);
    expect(levenshtein("same", "same")).toBe(0);
  });

  it("suggests plausible typos only", () => {
    const ids = ["meta-2021-09", "seed-2023-02", "meta-2023-11", "meta-2025-10"];
    expect(closest("meta-2025", ids)).toBe("meta-2025-10");
    expect(closest("seed-2023", ids)).toBe("seed-2023-02");
    expect(closest("META-2023-11", ids)).toBe("meta-2023-11");
    expect(closest("banana", ids)).toBeUndefined();
    expect(closest("x", [])).toBeUndefined();
    expect(closest("delay", ["autoScale.delay", "autoScale.factor"])).toBe("autoScale.delay");
  });
});

describe(`levenshtein properties (seed ${SEED})`, () => {
  it("is a metric: symmetric, zero only on equal strings, triangle inequality", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b, c) => {
        const ab = levenshtein(a, b);
        expect(ab).toBe(levenshtein(b, a));
        expect(ab === 0).toBe(a === b);
        expect(levenshtein(a, c)).toBeLessThanOrEqual(ab + levenshtein(b, c));
        expect(ab).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
