// Send windows and occurrences across daylight-saving changes: a window written in local
// time must keep its local hours on the day the UTC offset changes, and every send a run makes
// must lie inside the window in local time — checked from the trace with Intl, independently
// of the compiler's conversion.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { configFromText, runWithTrace } from "./helpers.js";
import { loadScenarioText } from "../../scenarios/load.js";
import { localToInstant, toInstant } from "../../scenarios/time.js";
import { compileWindow, localCalendar, occurrenceTimes } from "../../scenarios/compile.js";
import { DAY } from "../../models/duration.js";
import type { TraceRow } from "../../sim/result.js";
import { SEED } from "../seed.js";

interface Parts {
  start: string;
  days: number;
  zone: string;
  window?: string;
  cadence?: string;
  campaignStart?: string;
  rate?: number;
  optedIn?: number;
}

function scenario(p: Parts): string {
  return `
name: dst
rules: meta-2025-10
start: ${p.start}
days: ${p.days}
timezone: ${p.zone}
business: { verification: verified, limit: 100000 }
templates:
  - { name: notice, category: UTILITY }
audience:
  optedIn: ${p.optedIn ?? 2000}
  undeliverable: 0
  segments: [{ name: all, share: 1, read: 0.5, reply: 0, block: 0, report: 0, optOut: 0, inboundPerDay: 0 }]
campaigns:
  - name: c
    template: notice
    cadence: ${p.cadence ?? "daily"}
${p.campaignStart ? `    start: ${p.campaignStart}\n` : ""}${p.window ? `    window: "${p.window}"\n` : ""}    throttle: { policy: fixed-rate, rate: ${p.rate ?? 0.05} }
`;
}

/** Local calendar date and minute of the day of an instant in `zone`, straight from Intl. */
function local(iso: string, zone: string): { day: string; minute: number } {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(new Date(iso));
  const get = (t: string): string => parts.find((x) => x.type === t)!.value;
  return { day: `${get("year")}-${get("month")}-${get("day")}`, minute: Number(get("hour")) * 60 + Number(get("minute")) + Number(get("second")) / 60 };
}

/** First and last send of each local day. */
function sendsByDay(trace: TraceRow[], zone: string): Map<string, { first: string; last: string; n: number }> {
  const out = new Map<string, { first: string; last: string; n: number }>();
  for (const r of trace) {
    const d = local(r.at, zone).day;
    const e = out.get(d);
    if (e) {
      e.last = r.at;
      e.n++;
    } else out.set(d, { first: r.at, last: r.at, n: 1 });
  }
  return out;
}

/** The compiled window's opening and closing instants per local day, as ISO strings. */
function compiledWindow(text: string): Map<string, [string, string]> {
  const cfg = configFromText(text);
  const w = cfg.campaigns[0].window!;
  const iso = (ms: number): string => new Date(cfg.startEpoch + ms).toISOString();
  return new Map(cfg.dayLabels.map((day, i) => [day, [iso(w.opens[i]), iso(w.closes[i])]]));
}

describe("send window across daylight-saving changes", () => {
  it("Europe/Madrid, 29 Mar 2026: a 10:00–20:00 window opens at 10:00 local on the 28th, 29th and 30th", () => {
    const text = scenario({ start: "2026-03-28T00:00:00+01:00", days: 3, zone: "Europe/Madrid", window: "10:00-20:00" });
    const w = compiledWindow(text);
    expect(w.get("2026-03-28")).toEqual(["2026-03-28T09:00:00.000Z", "2026-03-28T19:00:00.000Z"]);
    expect(w.get("2026-03-29")).toEqual(["2026-03-29T08:00:00.000Z", "2026-03-29T18:00:00.000Z"]);
    expect(w.get("2026-03-30")).toEqual(["2026-03-30T08:00:00.000Z", "2026-03-30T18:00:00.000Z"]);

    const { trace } = runWithTrace(configFromText(text));
    const days = sendsByDay(trace, "Europe/Madrid");
    expect([...days.keys()]).toEqual(["2026-03-28", "2026-03-29", "2026-03-30"]);
    expect(days.get("2026-03-28")!.first).toBe("2026-03-28T09:00:00.000Z");
    expect(days.get("2026-03-29")!.first).toBe("2026-03-29T08:00:00.000Z");
    expect(days.get("2026-03-30")!.first).toBe("2026-03-30T08:00:00.000Z");
    // One send every 20 s: the last one falls in the window's final 20 s, before 20:00 local.
    for (const [day, close] of [["2026-03-28", "2026-03-28T19:00:00Z"], ["2026-03-29", "2026-03-29T18:00:00Z"], ["2026-03-30", "2026-03-30T18:00:00Z"]]) {
      const last = Date.parse(days.get(day)!.last);
      expect(last).toBeLessThan(Date.parse(close));
      expect(last).toBeGreaterThanOrEqual(Date.parse(close) - 20_000);
    }
  });

  it("Europe/Madrid, 25 Oct 2026: the window keeps 10:00–20:00 local through the 25-hour day", () => {
    const text = scenario({ start: "2026-10-24T00:00:00+02:00", days: 3, zone: "Europe/Madrid", window: "10:00-20:00" });
    const w = compiledWindow(text);
    expect(w.get("2026-10-24")).toEqual(["2026-10-24T08:00:00.000Z", "2026-10-24T18:00:00.000Z"]);
    expect(w.get("2026-10-25")).toEqual(["2026-10-25T09:00:00.000Z", "2026-10-25T19:00:00.000Z"]);
    expect(w.get("2026-10-26")).toEqual(["2026-10-26T09:00:00.000Z", "2026-10-26T19:00:00.000Z"]);
    const { trace } = runWithTrace(configFromText(text));
    const days = sendsByDay(trace, "Europe/Madrid");
    expect(days.get("2026-10-25")!.first).toBe("2026-10-25T09:00:00.000Z");
    expect(Date.parse(days.get("2026-10-25")!.last)).toBeLessThan(Date.parse("2026-10-25T19:00:00Z"));
    expect(Date.parse(days.get("2026-10-25")!.last)).toBeGreaterThanOrEqual(Date.parse("2026-10-25T19:00:00Z") - 20_000);
  });

  it("America/New_York, 8 Mar and 1 Nov 2026: 09:00 local is 14:00Z before and 13:00Z after in spring, and the reverse in autumn", () => {
    const spring = runWithTrace(configFromText(scenario({ start: "2026-03-07T00:00:00-05:00", days: 2, zone: "America/New_York", window: "09:00-17:00" }))).trace;
    const s = sendsByDay(spring, "America/New_York");
    expect(s.get("2026-03-07")!.first).toBe("2026-03-07T14:00:00.000Z");
    expect(s.get("2026-03-08")!.first).toBe("2026-03-08T13:00:00.000Z");
    expect(Date.parse(s.get("2026-03-08")!.last)).toBeLessThan(Date.parse("2026-03-08T21:00:00Z"));
    const autumn = runWithTrace(configFromText(scenario({ start: "2026-10-31T00:00:00-04:00", days: 2, zone: "America/New_York", window: "09:00-17:00" }))).trace;
    const a = sendsByDay(autumn, "America/New_York");
    expect(a.get("2026-10-31")!.first).toBe("2026-10-31T13:00:00.000Z");
    expect(a.get("2026-11-01")!.first).toBe("2026-11-01T14:00:00.000Z");
    expect(Date.parse(a.get("2026-11-01")!.last)).toBeLessThan(Date.parse("2026-11-01T22:00:00Z"));
    expect(Date.parse(a.get("2026-11-01")!.last)).toBeGreaterThanOrEqual(Date.parse("2026-11-01T22:00:00Z") - 20_000);
  });

  it("a window opening at a time the clocks skip (02:30 on 29 Mar in Madrid) opens at the change, 03:00 local", () => {
    const text = scenario({ start: "2026-03-28T00:00:00+01:00", days: 3, zone: "Europe/Madrid", window: "02:30-05:00" });
    const w = compiledWindow(text);
    expect(w.get("2026-03-28")).toEqual(["2026-03-28T01:30:00.000Z", "2026-03-28T04:00:00.000Z"]);
    expect(w.get("2026-03-29")).toEqual(["2026-03-29T01:00:00.000Z", "2026-03-29T03:00:00.000Z"]);
    expect(w.get("2026-03-30")).toEqual(["2026-03-30T00:30:00.000Z", "2026-03-30T03:00:00.000Z"]);
    const days = sendsByDay(runWithTrace(configFromText(text)).trace, "Europe/Madrid");
    expect(days.get("2026-03-29")!.first).toBe("2026-03-29T01:00:00.000Z");
    expect(local(days.get("2026-03-29")!.first, "Europe/Madrid").minute).toBe(180);
    // Two hours of local time (03:00–05:00) on the short day, two and a half on the others.
    expect(days.get("2026-03-29")!.n).toBe(360);
    expect(days.get("2026-03-30")!.n).toBe(2.5 * 180);
  });

  it("a window wholly inside the skipped hour is empty that day, and the campaign waits for the next", () => {
    const text = scenario({ start: "2026-03-28T00:00:00+01:00", days: 3, zone: "Europe/Madrid", window: "02:10-02:40" });
    const days = sendsByDay(runWithTrace(configFromText(text)).trace, "Europe/Madrid");
    expect(days.has("2026-03-29")).toBe(false);
    expect(days.get("2026-03-28")!.n).toBe(90);
    expect(days.get("2026-03-30")!.first).toBe("2026-03-30T00:10:00.000Z");
  });

  it("a window ending at 24:00 closes at local midnight, on the 23-hour day too", () => {
    const w = compiledWindow(scenario({ start: "2026-03-28T00:00:00+01:00", days: 3, zone: "Europe/Madrid", window: "18:00-24:00" }));
    expect(w.get("2026-03-28")![1]).toBe("2026-03-28T23:00:00.000Z");
    expect(w.get("2026-03-29")![1]).toBe("2026-03-29T22:00:00.000Z");
  });

  it("resolves every day of a year exactly as the local-time conversion does, in zones with and without DST", () => {
    for (const zone of ["Europe/Madrid", "America/New_York", "America/Santiago", "Australia/Lord_Howe", "America/Havana", "Asia/Kolkata"]) {
      const start = toInstant("2026-01-01", zone)!;
      const calendar = localCalendar(start, 365 * DAY, zone);
      const w = compileWindow("02:30-24:00", start, calendar, zone)!;
      const daily = occurrenceTimes(90 * 60_000, DAY, 365 * DAY, start, calendar, zone);
      calendar.dayLabels.forEach((day, i) => {
        expect(w.opens[i] + start).toBe(localToInstant(day, 150 * 60_000, zone));
        expect(w.closes[i] + start).toBe(localToInstant(day, DAY, zone));
        if (i < daily.length) expect(daily[i] + start).toBe(localToInstant(day, 90 * 60_000, zone));
      });
      expect(daily.length).toBe(365);
    }
  });

  it("a window ending after 24:00 is refused with the fix", () => {
    const loaded = loadScenarioText(scenario({ start: "2026-03-28T00:00:00+01:00", days: 3, zone: "Europe/Madrid", window: "18:00-24:30" }), "dst.yaml");
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.issues[0].message).toMatch(/at most 24:00/);
  });
});

describe("occurrences across daylight-saving changes", () => {
  const firstSends = (text: string, zone: string): string[] => [...sendsByDay(runWithTrace(configFromText(text)).trace, zone).values()].map((d) => d.first);

  it("a daily campaign starting at 10:00 local stays at 10:00 local after the spring change", () => {
    const text = scenario({ start: "2026-03-27T00:00:00+01:00", days: 4, zone: "Europe/Madrid", campaignStart: "2026-03-27T10:00:00+01:00", optedIn: 100, rate: 1 });
    expect(firstSends(text, "Europe/Madrid")).toEqual(["2026-03-27T09:00:00.000Z", "2026-03-28T09:00:00.000Z", "2026-03-29T08:00:00.000Z", "2026-03-30T08:00:00.000Z"]);
  });

  it("whole-day intervals (weekly, every 2d) keep the local time; other intervals are elapsed time", () => {
    const zone = "America/New_York";
    const base = { start: "2026-10-27T00:00:00-04:00", days: 14, zone, campaignStart: "2026-10-27T10:00:00-04:00", optedIn: 50, rate: 1 };
    expect(firstSends(scenario({ ...base, cadence: "weekly" }), zone)).toEqual(["2026-10-27T14:00:00.000Z", "2026-11-03T15:00:00.000Z"]);
    expect(firstSends(scenario({ ...base, days: 8, cadence: "{ every: 2d }" }), zone)).toEqual(["2026-10-27T14:00:00.000Z", "2026-10-29T14:00:00.000Z", "2026-10-31T14:00:00.000Z", "2026-11-02T15:00:00.000Z"]);
    const cfg = configFromText(scenario({ ...base, days: 8, cadence: "{ every: 36h }" }));
    const iso = [...cfg.campaigns[0].occurrences].map((t) => new Date(cfg.startEpoch + t).toISOString());
    // Every 36 h of elapsed time: the fifth is 09:00 EST, an hour earlier on the clock than the first.
    expect(iso).toEqual(["2026-10-27T14:00:00.000Z", "2026-10-29T02:00:00.000Z", "2026-10-30T14:00:00.000Z", "2026-11-01T02:00:00.000Z", "2026-11-02T14:00:00.000Z", "2026-11-04T02:00:00.000Z"]);
  });
});

const ZONES = ["Europe/Madrid", "America/New_York", "America/Santiago", "Australia/Lord_Howe", "Australia/Sydney", "Pacific/Chatham", "America/Havana", "Asia/Kolkata", "Europe/London"];
const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

describe("every send lies inside the window in local time", () => {
  it(`for random zones, dates and windows (seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 0, max: 364 }),
        fc.integer({ min: 2, max: 3 }),
        fc.integer({ min: 0, max: 24 * 4 - 1 }),
        fc.integer({ min: 1, max: 24 * 4 }),
        fc.constantFrom("daily", "once", "{ every: 6h }"),
        (zone, dayIndex, days, fromQ, lengthQ, cadence) => {
          const from = fromQ * 15;
          const to = Math.min(24 * 60, from + lengthQ * 15);
          const day = new Date(Date.UTC(2026, 0, 1 + dayIndex)).toISOString().slice(0, 10);
          const start = new Date(toInstant(day, zone)!).toISOString();
          const text = scenario({ start, days, zone, window: `${hhmm(from)}-${hhmm(to)}`, cadence, optedIn: 300, rate: 0.02 });
          const { trace } = runWithTrace(configFromText(text));
          for (const r of trace) {
            const m = local(r.at, zone).minute;
            if (!(m >= from && m < to)) throw new Error(`send at ${r.at} is ${hhmm(Math.floor(m))} local in ${zone}, outside ${hhmm(from)}-${hhmm(to)}`);
          }
          // Two or more days, and only one of them can lose the window to a change: something is sent.
          expect(trace.length).toBeGreaterThan(0);
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });
});
