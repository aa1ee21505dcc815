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
    expect(rows[0]).toMatchObject({ at: run.start, limit: 250 });
    expect(rows.at(-1)!.at).toBe(run.end);
    expect(rows.slice(1, -1).map((r) => r.at)).toEqual(changes.map((e) => e.at));
  });

  it("marks each rung reached with its day, and draws unlimited at the top tick", () => {
    const marks = dataRows(limitChart(run)).filter((r) => "label" in r);
    const reached = Object.entries(run.summary.reachedAt).filter(([, at]) => at !== null);
    expect(marks).toHaveLength(reached.length);
    expect(marks.map((m) => m.label)).toContain(`2K on day ${Math.round(((Date.parse(run.summary.reachedAt["2000"]!) - Date.parse(run.start)) / 864e5) * 10) / 10}`);
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
      expect(r.label).toBe(`${Math.round(p.probability * 100)} % of runs`);
    }
  });
});

describe("time to each tier", () => {
  it("ends each curve at the share of runs that reached the rung, never decreasing", () => {
    const points = tierProbabilityCurves(projection);
    const labels: Record<string, string> = { "2000": "2K", "10000": "10K", "100000": "100K", unlimited: "unlimited" };
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
    expect(value("attempted (messages)")).toBe(run.summary.messages.attempted);
    expect(value("delivered (messages)")).toBe(run.summary.messages.delivered);
    expect(value("replied (users)")).toBe(run.summary.users.replied);
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
