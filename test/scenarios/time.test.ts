// Local time → instant across daylight-saving changes: known answers for the zones the
// examples use and for the odd ones (changes at midnight, half-hour changes, a skipped day),
// and a property checked against Intl directly.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { localToInstant, localWallClock, toInstant } from "../../scenarios/time.js";
import { SEED } from "../seed.js";

const H = 3_600_000;
const at = (day: string, hours: number, zone: string): string => {
  const t = localToInstant(day, hours * H, zone);
  return t === undefined ? "undefined" : new Date(t).toISOString();
};

describe("localToInstant", () => {
  it("keeps 10:00 local on either side of Europe/Madrid's spring change (29 Mar 2026)", () => {
    expect(at("2026-03-28", 10, "Europe/Madrid")).toBe("2026-03-28T09:00:00.000Z");
    expect(at("2026-03-29", 10, "Europe/Madrid")).toBe("2026-03-29T08:00:00.000Z");
    expect(at("2026-03-30", 10, "Europe/Madrid")).toBe("2026-03-30T08:00:00.000Z");
  });

  it("keeps 10:00 local on either side of Europe/Madrid's autumn change (25 Oct 2026)", () => {
    expect(at("2026-10-24", 10, "Europe/Madrid")).toBe("2026-10-24T08:00:00.000Z");
    expect(at("2026-10-25", 10, "Europe/Madrid")).toBe("2026-10-25T09:00:00.000Z");
    expect(at("2026-10-26", 10, "Europe/Madrid")).toBe("2026-10-26T09:00:00.000Z");
  });

  it("keeps 10:00 local across America/New_York's changes (8 Mar and 1 Nov 2026)", () => {
    expect(at("2026-03-07", 10, "America/New_York")).toBe("2026-03-07T15:00:00.000Z");
    expect(at("2026-03-08", 10, "America/New_York")).toBe("2026-03-08T14:00:00.000Z");
    expect(at("2026-10-31", 10, "America/New_York")).toBe("2026-10-31T14:00:00.000Z");
    expect(at("2026-11-01", 10, "America/New_York")).toBe("2026-11-01T15:00:00.000Z");
  });

  it("moves a time the clocks skip to the change itself (the first instant that exists)", () => {
    // Madrid, 29 Mar 2026: 02:00 CET → 03:00 CEST at 01:00Z; 02:00, 02:30 and 03:00 all map there.
    expect(at("2026-03-29", 2, "Europe/Madrid")).toBe("2026-03-29T01:00:00.000Z");
    expect(at("2026-03-29", 2.5, "Europe/Madrid")).toBe("2026-03-29T01:00:00.000Z");
    expect(at("2026-03-29", 3, "Europe/Madrid")).toBe("2026-03-29T01:00:00.000Z");
    expect(at("2026-03-29", 1.99, "Europe/Madrid")).toBe("2026-03-29T00:59:24.000Z");
    // New York, 8 Mar 2026: 02:00 EST → 03:00 EDT at 07:00Z.
    expect(at("2026-03-08", 2.5, "America/New_York")).toBe("2026-03-08T07:00:00.000Z");
    // Lord Howe moves by half an hour (02:00 → 02:30 at 15:30Z the day before).
    expect(at("2026-10-04", 2.25, "Australia/Lord_Howe")).toBe("2026-10-03T15:30:00.000Z");
    // Samoa skipped 30 December 2011 altogether: any time of it is the first instant of the 31st.
    expect(at("2011-12-30", 12, "Pacific/Apia")).toBe("2011-12-30T10:00:00.000Z");
  });

  it("takes the first occurrence of a time the clocks show twice", () => {
    expect(at("2026-10-25", 2.5, "Europe/Madrid")).toBe("2026-10-25T00:30:00.000Z"); // 02:30 CEST, not CET
    expect(at("2026-11-01", 1.5, "America/New_York")).toBe("2026-11-01T05:30:00.000Z"); // 01:30 EDT, not EST
    expect(at("2026-04-05", 1.75, "Australia/Lord_Howe")).toBe("2026-04-04T14:45:00.000Z"); // +11:00, not +10:30
  });

  it("resolves midnight where the change happens at midnight (America/Santiago), on both sides of UTC", () => {
    // 6 Sep 2026: 00:00 −04 does not exist; the day starts at the change, 01:00 −03.
    expect(at("2026-09-06", 0, "America/Santiago")).toBe("2026-09-06T04:00:00.000Z");
    expect(toInstant("2026-09-06", "America/Santiago")).toBe(Date.parse("2026-09-06T04:00:00Z"));
    expect(localDate(toInstant("2026-09-06", "America/Santiago")!)).toBe("2026-09-06");
    // 5 Apr 2026: 23:00–24:00 of the 4th repeats; midnight of the 5th occurs once, at −04.
    expect(at("2026-04-05", 0, "America/Santiago")).toBe("2026-04-05T04:00:00.000Z");
  });

  it("reads 24:00 as the next local midnight, also on a 23-hour day", () => {
    expect(at("2026-03-29", 24, "Europe/Madrid")).toBe("2026-03-29T22:00:00.000Z");
    expect(at("2026-03-29", 24, "Europe/Madrid")).toBe(new Date(toInstant("2026-03-30", "Europe/Madrid")!).toISOString());
  });

  it("refuses malformed dates and unknown zones", () => {
    expect(localToInstant("2026-02-30", 0, "Europe/Madrid")).toBeUndefined();
    expect(localToInstant("2026-03-29", 0, "Europe/Madird")).toBeUndefined();
  });

  const ZONES = ["Europe/Madrid", "America/New_York", "America/Santiago", "Australia/Lord_Howe", "Australia/Sydney", "Pacific/Chatham", "Asia/Kolkata", "America/Havana", "Europe/London", "UTC"];

  it(`lands on the requested local time, or on the change when the clocks skip it, and never later than its first occurrence (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: 0, max: 729 }), fc.integer({ min: 0, max: 24 * 60 - 1 }), (zone, dayIndex, minute) => {
        const day = new Date(Date.UTC(2026, 0, 1 + dayIndex)).toISOString().slice(0, 10);
        const t = localToInstant(day, minute * 60_000, zone)!;
        const wall = Date.UTC(2026, 0, 1 + dayIndex) + minute * 60_000;
        const wallOf = (e: number): number => {
          const w = localWallClock(e, zone);
          return Date.parse(`${w.day}T00:00:00Z`) + w.msOfDay;
        };
        // The second before shows an earlier time: nothing earlier shows `wall` (within a second).
        expect(wallOf(t - 1000)).toBeLessThan(wall);
        if (wallOf(t) - wallOf(t - 1000) === 1000) expect(wallOf(t)).toBe(wall);
        // In a gap: `t` is the change and shows the first time after the skipped ones.
        else expect(wallOf(t)).toBeGreaterThan(wall);
        // First occurrence: an hour earlier (the usual fall-back step), the clocks did not show `wall` yet.
        expect(wallOf(t - H)).toBeLessThan(wall);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});

function localDate(t: number): string {
  return localWallClock(t, "America/Santiago").day;
}
