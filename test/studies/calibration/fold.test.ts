// The fold over webhook lines: malformed, duplicated and out-of-order lines are counted with
// their line numbers and never break the count; wrappers are unwrapped; reads without a
// delivered status still count as delivered; replies join the message they answer.
import { describe, expect, it } from "vitest";
import { WebhookFold, parseLimit } from "../../../studies/calibration/fold.js";
import { fitCalibration } from "../../../studies/calibration/fit.js";
import { LogHistogram } from "../../../studies/calibration/log-histogram.js";
import { DistinctCounter } from "../../../studies/calibration/distinct.js";
import { getRuleSet } from "../../../models/rules/index.js";
import { metaJson, statusObject, statusesValue, webhookBody, inboundText, inboundValue, templateQualityValue } from "../../../models/wire/index.js";

const phone = { id: "1", display: "15550100000" };
const T0 = 1_772_409_600_000; // 2026-03-02T00:00:00Z

function status(id: string, s: "sent" | "delivered" | "read" | "failed", sec: number, code?: number): string {
  return metaJson(webhookBody("W", "messages", statusesValue(phone, [statusObject({ id, status: s, at: T0 + sec * 1000, recipient: "34600000001", ...(code ? { error: { code } } : {}) })])));
}

function reply(to: string, id: string, sec: number): string {
  return metaJson(webhookBody("W", "messages", inboundValue(phone, { waId: "34600000001", name: "U" }, inboundText({ from: "34600000001", id, at: T0 + sec * 1000, body: "ok", context: { from: phone.display, id: to } }))));
}

function foldAll(lines: string[]): WebhookFold {
  const fold = new WebhookFold();
  fold.beginFile("log.jsonl");
  lines.forEach((l, i) => fold.line(l, i + 1));
  return fold;
}

describe("WebhookFold", () => {
  it("counts malformed lines with their numbers and goes on", () => {
    const fold = foldAll([status("a", "delivered", 0), "{not json", '{"object":"page","entry":[]}', "", status("b", "delivered", 1), '{"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{"statuses":[{"id":"x","status":"read"}]}}]}]}']);
    expect(fold.malformed.count).toBe(3);
    expect(fold.malformed.first.map((i) => i.line)).toEqual([2, 3, 6]);
    expect(fold.malformed.first[0].message).toMatch(/not JSON/);
    expect(fold.malformed.first[1].message).toMatch(/whatsapp_business_account/);
    expect(fold.malformed.first[2].message).toMatch(/timestamp/);
    expect(fold.blank).toBe(1);
    expect(fold.statuses.delivered).toBe(2);
  });

  it("counts duplicates once, and flags lines older than an earlier one", () => {
    const fold = foldAll([status("a", "sent", 0), status("a", "delivered", 5), status("a", "delivered", 5), status("b", "delivered", 9), status("a", "read", 7), status("a", "read", 7)]);
    expect(fold.statuses.delivered).toBe(2);
    expect(fold.statuses.read).toBe(1);
    expect(fold.duplicates.count).toBe(2);
    expect(fold.duplicates.first.map((i) => i.line)).toEqual([3, 6]);
    expect(fold.outOfOrder.count).toBe(2);
    expect(fold.outOfOrder.first.map((i) => i.line)).toEqual([5, 6]);
    // The read joined its delivery (7 − 5 s), out of order or not.
    expect(fold.readLatency.n).toBe(1);
  });

  it("unwraps { receivedAt, body } lines (object or string body)", () => {
    const body = status("a", "delivered", 0);
    const fold = foldAll([JSON.stringify({ receivedAt: "2026-03-02T00:00:01Z", body: JSON.parse(body) }), JSON.stringify({ receivedAt: "x", body: status("b", "read", 1) })]);
    expect(fold.malformed.count).toBe(0);
    expect(fold.statuses.delivered).toBe(2);
  });

  it("counts a read without a delivered status as delivered (Meta skips it), and joins replies", () => {
    const fold = foldAll([status("a", "read", 0), status("b", "delivered", 0), reply("a", "r1", 60), reply("a", "r2", 90), reply("zzz", "r3", 100), reply("a", "r1", 60)]);
    expect(fold.statuses.delivered).toBe(2);
    expect(fold.statuses.replied).toBe(1);
    expect(fold.unjoinedReplies).toBe(1);
    expect(fold.duplicates.count).toBe(1);
    const cal = fitCalibration(fold, getRuleSet("meta-2025-10")!, { settle: 0 });
    expect(cal.fits.reply).toMatchObject({ n: 2, a: 1.5, b: 1.5 });
    // P(read | no reply): b was not replied and not read.
    expect(cal.fits.read).toMatchObject({ n: 1, a: 0.5, b: 1.5 });
  });

  it("fits failure rates by code, and honours --from/--to", () => {
    const lines = [status("a", "delivered", 0), status("b", "failed", 10, 131049), status("c", "failed", 20, 131049), status("d", "failed", 4000, 131026)];
    const cal = fitCalibration(foldAll(lines), getRuleSet("meta-2025-10")!);
    expect(cal.fits.failures["131049"]).toMatchObject({ n: 4, a: 2.5, title: "Meta chose not to deliver" });
    const fold = new WebhookFold({ from: T0 / 1000 + 5, to: T0 / 1000 + 100 });
    fold.beginFile("x");
    lines.forEach((l, i) => fold.line(l, i + 1));
    expect(fold.outside).toBe(2);
    expect(fold.statuses.failed).toBe(2);
  });

  it("bounds negative feedback from the template quality history", () => {
    const rs = getRuleSet("meta-2025-10")!;
    const q = (to: "YELLOW" | "RED"): string => metaJson(webhookBody("W", "message_template_quality_update", templateQualityValue({ id: "1", name: "t", language: "en_US" }, "GREEN", to), T0));
    const green = fitCalibration(foldAll([status("a", "read", 0)]), rs).bounds.negativeFeedback;
    expect(green).toMatchObject({ lo: 0, hi: rs.templates.quality.yellowAt, bound: true });
    const yellow = fitCalibration(foldAll([status("a", "read", 0), q("YELLOW")]), rs).bounds.negativeFeedback;
    expect(yellow).toMatchObject({ lo: rs.templates.quality.yellowAt, hi: rs.templates.quality.redAt });
    expect(fitCalibration(foldAll([q("RED")]), rs).bounds.negativeFeedback.lo).toBeGreaterThan(0);
  });

  it("joins out-of-order statuses within the join window, and counts later ones as late without inventing messages", () => {
    const fold = new WebhookFold({ window: 3600 });
    fold.beginFile("log.jsonl");
    const lines = [status("a", "delivered", 0), status("b", "delivered", 100), status("c", "delivered", 5000), status("a", "read", 3000), status("b", "read", 200), status("z", "read", 50)];
    lines.forEach((l, i) => fold.line(l, i + 1));
    // a's read (3000 s) is out of order within the hour: joined. b's read (200 s) is late,
    // 4,800 s behind, but b is still held (a table keeps an entry a window at least): joined.
    expect(fold.readLatency.n).toBe(2);
    expect(fold.outOfOrder.count).toBe(3);
    // z's read is late too, and no z is held: left out, not counted as a new message.
    expect(fold.late.count).toBe(2);
    expect(fold.late.first.map((i) => i.line)).toEqual([5, 6]);
    expect(fold.lateStatuses).toBe(1);
    expect(fold.statuses.delivered).toBe(3);
    expect(fitCalibration(fold, getRuleSet("meta-2025-10")!, { settle: 0 }).join).toEqual({ window: 3600, kept: 3600, earlyRotations: 0 });
  });

  it("rolls old hours up without changing any settled count, and refuses a settle longer than the fold's", () => {
    const lines: string[] = [];
    for (let h = 0; h < 72; h++) {
      lines.push(status(`m${h}`, "delivered", h * 3600 + 10));
      if (h % 3 === 0) lines.push(status(`m${h}`, "read", h * 3600 + 1800));
      if (h % 4 === 0) lines.push(reply(`m${h}`, `r${h}`, h * 3600 + 2400));
    }
    const rolled = new WebhookFold({ settle: 6 * 3600 });
    const kept = new WebhookFold({ settle: 100 * 86_400 });
    for (const f of [rolled, kept]) {
      f.beginFile("log.jsonl");
      lines.forEach((l, i) => f.line(l, i + 1));
    }
    expect(rolled.total.hours.size).toBeLessThan(10);
    expect(kept.total.hours.size).toBe(72);
    for (const settle of [0, 3600, 6 * 3600]) expect(rolled.settled(rolled.lastTs - settle)).toEqual(kept.settled(kept.lastTs - settle));
    expect(() => fitCalibration(rolled, getRuleSet("meta-2025-10")!, { settle: 86_400 })).toThrow(/longer than the fold's/);
  });

  it("reads Meta's limit names", () => {
    expect(parseLimit("TIER_2K")).toBe(2000);
    expect(parseLimit("TIER_250")).toBe(250);
    expect(parseLimit("TIER_UNLIMITED")).toBeNull();
    expect(parseLimit(-1)).toBeNull();
    expect(parseLimit("GREEN")).toBeUndefined();
  });
});

describe("LogHistogram and DistinctCounter", () => {
  it("give quantiles within 2 % and the log-normal fit exactly", () => {
    const h = new LogHistogram();
    for (let i = 1; i <= 10_000; i++) h.add(i);
    expect(h.quantile(0.5) / 5000).toBeCloseTo(1, 1);
    expect(Math.abs(h.quantile(0.9) / 9000 - 1)).toBeLessThan(0.02);
    const g = new LogHistogram();
    for (const s of [60, 120, 240]) g.add(s);
    expect(g.logNormal().median).toBeCloseTo(120, 9);
  });

  it("counts distinct strings within 5 %", () => {
    const d = new DistinctCounter();
    for (let i = 0; i < 200_000; i++) d.add("3460" + (i % 50_000));
    expect(Math.abs(d.estimate() / 50_000 - 1)).toBeLessThan(0.05);
    const small = new DistinctCounter();
    for (let i = 0; i < 100; i++) small.add("u" + i);
    expect(Math.abs(small.estimate() - 100)).toBeLessThan(5);
  });
});
