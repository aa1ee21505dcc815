import { describe, expect, it } from "vitest";
import type { TopLevelSpec } from "vega-lite";
import type { RunResult } from "../../sim/result.js";
import type { ProjectionResult } from "../../studies/projections/contract.js";
import {
  chartsFor,
  costChart,
  funnelChart,
  limitChart,
  paralysisChart,
  paralysisEpisodes,
  qualityChart,
  reachChart,
  sendsChart,
  tierProbabilityChart,
  tierProbabilityCurves,
  tornadoChart,
} from "../../reports/charts/index.js";
import { FONT_FAMILY } from "../../reports/charts/theme.js";
import { wallClock } from "../../reports/charts/common.js";
import { dayText, localDayText } from "../../reports/figures.js";
import { splitByLocalDay } from "../../reports/charts/paralysis.js";
import { compileSpec } from "../../reports/render.js";
import { buildProjectionFixture, buildRunFixture, buildSweepFixture } from "./fixtures.js";
import { dataRows, encodings } from "./helpers.js";

const run = buildRunFixture();
const projection = buildProjectionFixture();
const sweep = buildSweepFixture();

type Builder = (r: RunResult | ProjectionResult) => TopLevelSpec | null;
const BUILDERS: Array<[string, Builder, { run: boolean; projection: boolean }]> = [
  ["limit", limitChart, { run: true, projection: true }],
  ["reach", reachChart, { run: true, projection: true }],
  ["sends", sendsChart, { run: true, projection: true }],
  ["paralysis", paralysisChart, { run: true, projection: true }],
  ["funnel", funnelChart, { run: true, projection: true }],
  ["quality", qualityChart, { run: true, projection: false }],
  ["tier-probability", tierProbabilityChart, { run: false, projection: true }],
  ["cost", costChart, { run: true, projection: true }],
];

function checkTheme(spec: TopLevelSpec): void {
  const s = spec as unknown as { title: { text: string; subtitle: unknown }; config: { font: string }; $schema: string };
  expect(s.title.text.length).toBeGreaterThan(0);
  expect(s.title.subtitle).toBeTruthy();
  expect(s.config.font).toBe(FONT_FAMILY);
  expect(s.$schema).toMatch(/vega-lite\/v6/);
  for (const { channel, def } of encodings(spec)) {
    if (channel !== "x" && channel !== "y") continue;
    // A row axis may leave its title to the chart (funnel panels are titled by their unit;
    // tornado rows are named above each bar); a measured axis always says what and in what unit.
    if (def.title === null && (def.type === "nominal" || def.type === "ordinal")) continue;
    expect(typeof def.title, `${channel} of ${s.title.text} has a title`).toBe("string");
    if (def.type === "quantitative" || def.type === "temporal") {
      expect(def.title as string, `${channel} title of ${s.title.text} names its unit`).toMatch(/\(.+\)/);
    }
  }
}

describe.each([
  ["single run", run as RunResult | ProjectionResult, "run" as const],
  ["projection", projection as RunResult | ProjectionResult, "projection" as const],
])("chart builders on a %s", (_label, result, kind) => {
  it.each(BUILDERS)("%s: applies as expected, compiles without warnings, follows the theme", (_id, build, applies) => {
    const spec = build(result);
    if (!applies[kind]) {
      expect(spec).toBeNull();
      return;
    }
    expect(spec).not.toBeNull();
    const { warnings } = compileSpec(spec!);
    expect(warnings).toEqual([]);
    checkTheme(spec!);
  });
});

describe("chartsFor", () => {
  it("lists the charts that apply, in document order", () => {
    expect(chartsFor(run).map((c) => c.id)).toEqual(["limit", "reach", "sends", "paralysis", "funnel", "quality", "cost"]);
    expect(chartsFor(projection).map((c) => c.id)).toEqual(["limit", "reach", "sends", "paralysis", "funnel", "tier-probability", "cost"]);
    expect(chartsFor(sweep).map((c) => c.id)).toEqual(["tornado-users-reached", "tornado-paralysis-hours", "tornado-days-to-unlimited"]);
  });

  it("gives every chart a title and a legend wherever colour encodes a field", () => {
    for (const { title, spec } of [...chartsFor(run), ...chartsFor(projection), ...chartsFor(sweep)]) {
      expect(title.length).toBeGreaterThan(0);
      const coloured = encodings(spec).filter(({ channel, def }) => channel === "color" && ("field" in def || "datum" in def) && def.legend !== null);
      const compiled = compileSpec(spec).vega as { legends?: unknown[]; marks?: Array<{ legends?: unknown[] }> };
      const legends = (compiled.legends?.length ?? 0) + (compiled.marks ?? []).reduce((n, m) => n + (m.legends?.length ?? 0), 0);
      if (coloured.length > 0) expect(legends, `${title} shows a legend`).toBeGreaterThan(0);
    }
  });

  it("returns only tornado charts for a sweep, each compiling cleanly", () => {
    for (const { spec } of chartsFor(sweep)) expect(compileSpec(spec).warnings).toEqual([]);
  });
});

describe("limit chart", () => {
  it("steps through every limit change, from the start to the end of the run", () => {
    const rows = dataRows(limitChart(run)).filter((r) => "series" in r);
    const changes = run.events.filter((e) => e.type === "limit-changed");
    // Instants are drawn at the scenario's local wall-clock time, as the daily rows' dates are.
    const tz = run.scenario.timezone;
    expect(rows[0]).toMatchObject({ at: wallClock(run.start, tz), limit: 250 });
    expect(rows.at(-1)!.at).toBe(wallClock(run.end, tz));
    expect(rows.slice(1, -1).map((r) => r.at)).toEqual(changes.map((e) => wallClock(e.at, tz)));
  });

  it("marks each rung reached with its day, and draws unlimited at the top tick", () => {
    const marks = dataRows(limitChart(run)).filter((r) => "label" in r);
    const reached = Object.entries(run.summary.reachedAt).filter(([, at]) => at !== null);
    expect(marks).toHaveLength(reached.length);
    // The terminal's words: "2,000 on day 3 (Wed 4 Mar)".
    expect(marks.map((m) => m.label)).toContain(`2,000 on ${dayText(run.summary.reachedAt["2000"]!, run.start, run.scenario.timezone)}`);
    const unlimited = marks.find((m) => String(m.label).startsWith("unlimited"));
    if (run.summary.reachedAt.unlimited) expect(unlimited!.limit).toBe(1_000_000);
  });

  it("draws one line per phone number when limits are per number", () => {
    const perNumber: RunResult = {
      ...run,
      events: [
        { at: "2026-03-03T10:00:00.000Z", type: "limit-changed", from: 250, to: 1000, reason: "verification", phone: "main" },
        { at: "2026-03-05T10:00:00.000Z", type: "limit-changed", from: 250, to: 1000, reason: "verification", phone: "support" },
      ],
      summary: { ...run.summary, reachedAt: { "1000": "2026-03-03T10:00:00.000Z", "10000": null } },
    };
    const spec = limitChart(perNumber)!;
    expect(compileSpec(spec).warnings).toEqual([]);
    expect(new Set(dataRows(spec).filter((r) => "series" in r).map((r) => r.series))).toEqual(new Set(["main", "support"]));
  });
});

describe("paralysis", () => {
  it("pairs started/ended events and closes an open episode at the end of the run", () => {
    const episodes = paralysisEpisodes(run);
    const byCause = new Map<string, number>();
    for (const e of episodes) byCause.set(e.cause, (byCause.get(e.cause) ?? 0) + e.hours);
    for (const [cause, hours] of Object.entries(run.summary.paralysis.byCause)) expect(byCause.get(cause)).toBeCloseTo(hours!, 3);
    expect(episodes).toHaveLength(run.summary.paralysis.episodes);
    const open = episodes.filter((e) => e.open);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ campaign: "weekly-digest", cause: "throughput", end: run.end });
  });

  it("is left out of a run that never stalled", () => {
    const calm: RunResult = { ...run, events: run.events.filter((e) => !e.type.startsWith("paralysis")) };
    expect(paralysisChart(calm)).toBeNull();
    expect(chartsFor(calm).map((c) => c.id)).not.toContain("paralysis");
  });

  it("shows each cause's median hours and share of runs for a projection", () => {
    const rows = dataRows(paralysisChart(projection));
    for (const r of rows) {
      const p = projection.paralysis.byCause[r.cause as keyof typeof projection.paralysis.byCause]!;
      expect(r.q50).toBe(p.hours.q50);
      expect(r.label).toBe(`${Math.round(p.probability * 100)}% of runs`);
    }
  });
});

describe("time to each tier", () => {
  it("ends each curve at the share of runs that reached the rung, never decreasing", () => {
    const points = tierProbabilityCurves(projection);
    const labels: Record<string, string> = { "2000": "2,000", "10000": "10,000", "100000": "100,000", unlimited: "unlimited" };
    for (const [tier, { share }] of Object.entries(projection.reachedAt)) {
      const curve = points.filter((p) => p.tier === labels[tier]);
      expect(curve.at(-1)!.probability).toBeCloseTo(share, 12);
      for (let i = 1; i < curve.length; i++) {
        expect(curve[i].probability).toBeGreaterThanOrEqual(curve[i - 1].probability);
        expect(curve[i].day).toBeGreaterThanOrEqual(curve[i - 1].day);
      }
    }
    // The fixture's unlimited rung falls past the horizon in some runs: the curve must stay below 1.
    expect(projection.reachedAt.unlimited.share).toBeLessThan(1);
  });
});

describe("funnel and cost", () => {
  it("draws the run's own totals", () => {
    const rows = dataRows(funnelChart(run));
    const value = (label: string): unknown => rows.find((r) => r.label === label)?.value;
    expect(value("attempted")).toBe(run.summary.messages.attempted);
    expect(value("delivered")).toBe(run.summary.messages.delivered);
    expect(value("replied")).toBe(run.summary.users.replied);
    expect(value("131049 Meta chose not to deliver")).toBe(run.summary.failuresByCode["131049"]);
  });

  it("accumulates daily cost by category to the run's totals", () => {
    const rows = dataRows(costChart(run));
    for (const [category, total] of Object.entries(run.summary.cost.byCategory)) {
      const last = rows.filter((r) => r.category === category).at(-1)!;
      expect(last.cumulative as number).toBeCloseTo(total, 6);
    }
  });
});

describe("tornado chart", () => {
  it("ranks parameters by swing, widest first", () => {
    const spec = tornadoChart(sweep, "usersReached")!;
    const bars = dataRows(spec).filter((r) => "lo" in r);
    const expected = sweep.sensitivity.filter((s) => s.metric === "usersReached").sort((a, b) => b.swing - a.swing).map((s) => s.parameter);
    expect(bars.map((b) => b.parameter)).toEqual(expected);
    const y = encodings(spec).find((e) => e.channel === "y")!;
    expect(y.def.sort).toEqual(expected);
  });

  it("is null for a metric the sweep does not rank", () => {
    expect(tornadoChart(sweep, "noSuchMetric")).toBeNull();
  });
});

describe("limit chart of a projection", () => {
  it("shows an unlimited tick only when some run reached unlimited", () => {
    const ticks = (p: ProjectionResult): unknown[] => {
      const y = encodings(limitChart(p)).find((e) => e.channel === "y")!;
      return (y.def.axis as { values: unknown[] }).values;
    };
    expect(ticks(projection)).toContain(1_000_000);
    const never: ProjectionResult = {
      ...projection,
      reachedAt: { ...projection.reachedAt, unlimited: { share: 0, days: null } },
      daily: projection.daily.map((d) => ({ ...d, limit: { q05: 250, q25: 2000, q50: 10000, q75: 10000, q95: 100000 } })),
    };
    expect(ticks(never)).not.toContain(1_000_000);
    expect(compileSpec(limitChart(never)!).warnings).toEqual([]);
  });
});

describe("time axes", () => {
  it.each([
    ["single run", run as RunResult | ProjectionResult],
    ["projection", projection as RunResult | ProjectionResult],
  ])("of a %s share one domain, one set of ticks and the scenario's zone, panel by panel and chart by chart", (_label, result) => {
    const axes = chartsFor(result).flatMap((c) =>
      encodings(c.spec)
        .filter(({ def }) => def.type === "temporal")
        .map(({ def }) => ({ chart: c.id, scale: def.scale as Record<string, unknown>, axis: def.axis as Record<string, unknown>, title: def.title })),
    );
    // limit, reach (two panels), sends, cost (two panels for a run) and, for a projection, time to each tier.
    expect(new Set(axes.map((a) => a.chart)).size).toBeGreaterThanOrEqual(4);
    const first = axes[0];
    expect(first.title).toBe(`Date (${result.scenario.timezone})`);
    for (const a of axes) {
      expect([a.scale.domainMin, a.scale.domainMax], a.chart).toEqual([first.scale.domainMin, first.scale.domainMax]);
      expect(a.axis.values, a.chart).toEqual(first.axis.values);
      expect(a.title, a.chart).toBe(first.title);
    }
    // Ticks at local midnights: the start of the run's first local day is the first tick.
    expect((first.axis.values as number[])[0]).toBe(Date.parse(`${wallClock(result.start, result.scenario.timezone).slice(0, 10)}T00:00:00.000Z`));
  });
});

describe("the tornado chart", () => {
  const sweep = buildSweepFixture();
  const layers = (spec: unknown): Array<Record<string, unknown>> => {
    const out: Array<Record<string, unknown>> = [];
    const walk = (s: Record<string, unknown>): void => {
      if (Array.isArray(s.layer)) for (const l of s.layer as Array<Record<string, unknown>>) walk(l);
      else out.push(s);
    };
    walk(spec as Record<string, unknown>);
    return out;
  };

  it("writes each end's value outside its end, low to the left and high to the right, with a baseline", () => {
    const spec = tornadoChart(sweep, "usersReached")!;
    const texts = layers(spec).filter((l) => (l.mark as { type: string }).type === "text" && Array.isArray(l.transform));
    expect(texts.map((l) => [(l.mark as { align: string }).align, Math.sign((l.mark as { dx: number }).dx)])).toEqual([["right", -1], ["left", 1]]);
    const rule = layers(spec).find((l) => (l.mark as { type: string }).type === "rule")!;
    const mean = sweep.variants.reduce((s, v) => s + v.metrics.usersReached, 0) / sweep.variants.length;
    expect((rule.data as { values: Array<{ baseline: number }> }).values[0].baseline).toBeCloseTo(mean, 9);
    expect((spec as { width: number }).width).toBeGreaterThanOrEqual(500);
  });

  it("keeps a readable axis when every variant gives the same value, and says so", () => {
    const flat = { ...sweep, sensitivity: sweep.sensitivity.map((s) => ({ ...s, low: { ...s.low, metric: 7 }, high: { ...s.high, metric: 7 }, swing: 0 })), variants: sweep.variants.map((v) => ({ ...v, metrics: { ...v.metrics, paralysisHours: 7 } })) };
    const spec = tornadoChart(flat, "paralysisHours")!;
    const x = encodings(spec).find(({ channel, def }) => channel === "x" && def.field === "metric")!.def;
    const [lo, hi] = (x.scale as { domain: number[] }).domain;
    expect(lo).toBeLessThan(7);
    expect(hi).toBeGreaterThan(7);
    expect(JSON.stringify((spec as { title: unknown }).title)).toContain("Every variant gives the same paralysis hours");
    expect(compileSpec(spec).warnings).toEqual([]);
  });

  it("says 'not reached' for days to unlimited when no run of any variant got there", () => {
    const censored = { ...sweep, variants: sweep.variants.map((v) => ({ ...v, metrics: { ...v.metrics, daysToUnlimited: 30, shareUnlimited: 0 } })) };
    const spec = tornadoChart(censored, "daysToUnlimited")!;
    expect(dataRows(spec)[0].text).toBe(`unlimited not reached in any variant (0 of ${sweep.variants.length * sweep.runs} runs)`);
    expect(encodings(spec).some(({ def }) => def.field === "metric")).toBe(false);
  });
});

describe("the funnel", () => {
  it("has one unit per panel: messages, users, failed messages", () => {
    const spec = funnelChart(run) as unknown as { vconcat: Array<{ title: { text: string }; layer: Array<{ encoding: { x: { title: string } } }> }> };
    expect(spec.vconcat.map((p) => p.title.text)).toEqual(["Messages", "Users", "Failed messages by error code"]);
    expect(spec.vconcat.map((p) => p.layer[0].encoding.x.title.split(" ")[0])).toEqual(["Messages", "Users", "Failed"]);
  });
});

describe("paralysis by day and time of day", () => {
  it("splits a stall at local midnight, so each bar lies in one day and its length is the stall", () => {
    // 22:00 to 02:00 Madrid time (CET, UTC+1), the run starting on 2 Mar.
    const pieces = splitByLocalDay("2026-03-04T21:00:00.000Z", "2026-03-05T01:00:00.000Z", "2026-03-01T23:00:00.000Z", "Europe/Madrid");
    expect(pieces).toEqual([
      { day: 3, ymd: "2026-03-04", from: 22, to: 24 },
      { day: 4, ymd: "2026-03-05", from: 0, to: 2 },
    ]);
    // Across the spring clock change (29 Mar: 02:00 → 03:00) the day still ends at its midnight.
    const dst = splitByLocalDay("2026-03-28T22:00:00.000Z", "2026-03-29T23:00:00.000Z", "2026-03-01T23:00:00.000Z", "Europe/Madrid");
    expect(dst.map((p) => [p.ymd, p.from, p.to])).toEqual([
      ["2026-03-28", 23, 24],
      ["2026-03-29", 0, 24],
      ["2026-03-30", 0, 1],
    ]);
  });

  it("draws one row per day of the run, each stall inside its day", () => {
    const spec = paralysisChart(run)!;
    const rows = dataRows(spec);
    for (const r of rows) {
      expect(r.from as number).toBeGreaterThanOrEqual(0);
      expect(r.to as number).toBeLessThanOrEqual(24);
      expect(r.to as number).toBeGreaterThan(r.from as number);
    }
    const y = encodings(spec).find(({ channel }) => channel === "y")!.def;
    expect(((y.scale as { domain: string[] }).domain).slice(0, run.daily.length)).toEqual(run.daily.map((d, i) => localDayText(i + 1, d.date)));
  });
});

describe("quality and template status lanes", () => {
  it("start a replacement template's lane at its submission, not as DISABLED from the run's start", () => {
    const run = structuredClone(buildRunFixture());
    const ev = (at: string, template: string, from: string, to: string, reason: string) => ({ at, type: "template-status-changed", template, from, to, reason }) as unknown as RunResult["events"][number];
    run.events.push(
      ev("2026-03-03T05:00:00.000Z", "promo", "APPROVED", "DISABLED", "DISABLED"),
      // The replacement's first change names the empty slot it fills as its `from`.
      ev("2026-03-03T07:00:00.000Z", "promo_v2", "DISABLED", "PENDING", "REPLACEMENT_SUBMITTED"),
      ev("2026-03-03T09:00:00.000Z", "promo_v2", "PENDING", "APPROVED", "APPROVED"),
    );
    run.events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const rows = dataRows(qualityChart(run)).filter((r) => typeof r.lane === "string" && (r.lane as string).startsWith("Template: promo"));
    const lane = (name: string) => rows.filter((r) => r.lane === `Template: ${name}`);
    const tz = run.scenario.timezone;
    expect(lane("promo_v2").map((r) => r.state)).toEqual(["PENDING", "APPROVED"]);
    expect(lane("promo_v2")[0].start).toBe(wallClock("2026-03-03T07:00:00.000Z", tz));
    // A template there from the start keeps its lane from the start.
    expect(lane("promo")[0]).toMatchObject({ state: "APPROVED", start: wallClock(run.start, tz) });
  });
});
