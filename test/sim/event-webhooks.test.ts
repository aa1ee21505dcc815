// The one mapping from run events to account-level webhooks, shared by a run's webhook log and
// the Cloud API emulator: which webhooks each event calls for, for whom, and in what words.
import { describe, expect, it } from "vitest";
import { eventWebhooks, type EventWebhookNames } from "../../sim/event-webhooks.js";
import type { Limit } from "../../models/rules/types.js";
import { simulate } from "../../sim/run.js";
import { configFromFile } from "./helpers.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function names(portfolio: boolean, limits: Limit[] = [10_000, 2_000]): EventWebhookNames {
  const ids = ["main", "support"];
  return {
    portfolio,
    phones: ids.map((id, i) => ({ id: `pn-${id}`, display: `1555000000${i}` })),
    phoneIndex: (id) => ids.indexOf(id),
    limitOf: (i) => limits[i],
    templates: (name) => ["en_US", "es_ES"].map((language) => ({ id: `${name.length}${language.length}`, name, language })),
    iso: (t) => new Date(Date.UTC(2026, 2, 2) + t).toISOString(),
  };
}

describe("eventWebhooks", () => {
  it("a portfolio's limit change: an UPGRADE to every number, then the capability", () => {
    const out = eventWebhooks(0, { type: "limit-changed", from: 2_000, to: 10_000, reason: "auto-scale" }, names(true));
    expect(out.map((w) => [w.field, w.kind, w.ref])).toEqual([
      ["phone_number_quality_update", "phone-quality:UPGRADE", "pn-main"],
      ["phone_number_quality_update", "phone-quality:UPGRADE", "pn-support"],
      ["business_capability_update", "capability", undefined],
    ]);
    expect(out[1].value).toEqual({ display_phone_number: "15550000001", event: "UPGRADE", current_limit: "TIER_10K", old_limit: "TIER_2K", max_daily_conversations_per_business: "TIER_10K" });
    expect(out[2].value).toEqual({ max_daily_conversations_per_business: 10_000 });
  });

  it("a number's limit change under per-number rules: only that number, DOWNGRADE when it falls", () => {
    const out = eventWebhooks(0, { type: "limit-changed", from: 10_000, to: 1_000, reason: "downgrade", phone: "support" }, names(false));
    expect(out.map((w) => [w.kind, w.ref])).toEqual([
      ["phone-quality:DOWNGRADE", "pn-support"],
      ["capability", undefined],
    ]);
    expect(out[1].value).toEqual({ max_daily_conversation_per_phone: 1_000 });
    // Unlimited is above every limit.
    expect(eventWebhooks(0, { type: "limit-changed", from: 100_000, to: null, reason: "auto-scale" }, names(false))[0].kind).toBe("phone-quality:UPGRADE");
  });

  it("flags: a number's Flagged status per number; under portfolio rules a RED rating flags every number, with its own limit", () => {
    expect(eventWebhooks(0, { type: "status-changed", number: "support", from: "CONNECTED", to: "FLAGGED" }, names(false)).map((w) => [w.kind, w.ref])).toEqual([["phone-quality:FLAGGED", "pn-support"]]);
    expect(eventWebhooks(0, { type: "status-changed", number: "main", from: "FLAGGED", to: "CONNECTED" }, names(false)).map((w) => w.kind)).toEqual(["phone-quality:UNFLAGGED"]);
    expect(eventWebhooks(0, { type: "status-changed", number: "main", from: "CONNECTED", to: "RESTRICTED" }, names(false))).toEqual([]);
    const red = eventWebhooks(0, { type: "quality-changed", scope: "portfolio", from: "YELLOW", to: "RED" }, names(true));
    expect(red.map((w) => [w.kind, (w.value as Json).current_limit])).toEqual([
      ["phone-quality:FLAGGED", "TIER_10K"],
      ["phone-quality:FLAGGED", "TIER_2K"],
    ]);
    expect(eventWebhooks(0, { type: "quality-changed", scope: "portfolio", from: "RED", to: "YELLOW" }, names(true)).map((w) => w.kind)).toEqual(["phone-quality:UNFLAGGED", "phone-quality:UNFLAGGED"]);
    // A number's rating itself is no webhook; nor is a portfolio's under per-number rules.
    expect(eventWebhooks(0, { type: "quality-changed", scope: "number", from: "GREEN", to: "RED", phone: "main" }, names(false))).toEqual([]);
    expect(eventWebhooks(0, { type: "quality-changed", scope: "portfolio", from: "GREEN", to: "YELLOW" }, names(true))).toEqual([]);
  });

  it("throughput: an upgrade is announced, a fall is not", () => {
    expect(eventWebhooks(0, { type: "throughput-changed", phone: "support", from: 80, to: 1_000 }, names(false)).map((w) => [w.kind, w.ref])).toEqual([["phone-quality:THROUGHPUT_UPGRADE", "pn-support"]]);
    expect(eventWebhooks(0, { type: "throughput-changed", phone: "support", from: 1_000, to: 80 }, names(false))).toEqual([]);
  });

  it("templates: one webhook per language; a pause carries its title and moment, a rejection reason NONE", () => {
    const paused = eventWebhooks(3_600_000, { type: "template-status-changed", template: "promo", from: "APPROVED", to: "PAUSED", reason: "SECOND_PAUSE" }, names(true));
    expect(paused.map((w) => [w.field, w.kind, (w.value as Json).message_template_language])).toEqual([
      ["message_template_status_update", "template-status:PAUSED", "en_US"],
      ["message_template_status_update", "template-status:PAUSED", "es_ES"],
    ]);
    expect((paused[0].value as Json).other_info).toEqual({ title: "SECOND_PAUSE", description: expect.stringContaining("2026-03-02T01:00:00.000Z") });
    const rejected = eventWebhooks(0, { type: "template-status-changed", template: "promo", from: "PENDING", to: "REJECTED", reason: "REJECTED" }, names(true));
    expect(rejected[0].value).toEqual({ event: "REJECTED", message_template_id: 55, message_template_name: "promo", message_template_language: "en_US", reason: "NONE" });
    const disabled = eventWebhooks(0, { type: "template-status-changed", template: "promo", from: "APPROVED", to: "DISABLED", reason: "DISABLED" }, names(true));
    expect((disabled[1].value as Json).other_info.title).toBe("DISABLED");
    const quality = eventWebhooks(0, { type: "template-quality-changed", template: "promo", from: "GREEN", to: "RED" }, names(true));
    expect(quality.map((w) => [w.kind, (w.value as Json).new_quality_score])).toEqual([
      ["template-quality:RED", "RED"],
      ["template-quality:RED", "RED"],
    ]);
  });

  it("events Meta reports by no webhook call for none", () => {
    expect(eventWebhooks(0, { type: "paralysis-started", campaign: "c", cause: "messaging-limit" }, names(true))).toEqual([]);
    expect(eventWebhooks(0, { type: "portfolio-review-started", until: "2026-03-03T00:00:00.000Z" }, names(true))).toEqual([]);
  });
});

describe("a run's webhook log uses the mapping", () => {
  const account = (file: string): Json[] => {
    const out: string[] = [];
    simulate(configFromFile(file), { webhooks: (l) => out.push(l) });
    return out.map((l) => JSON.parse(l).entry[0].changes[0]).filter((c: Json) => c.field !== "messages" && c.field !== "user_preferences");
  };

  it("a two-number portfolio hears of each limit change on both numbers", () => {
    const changes = account("scenarios/two-number-portfolio.yaml");
    const upgrades = changes.filter((c) => c.field === "phone_number_quality_update" && c.value.event === "UPGRADE");
    const capability = changes.filter((c) => c.field === "business_capability_update");
    expect(capability.length).toBeGreaterThan(0);
    expect(upgrades).toHaveLength(2 * capability.length);
    expect(new Set(upgrades.map((c) => c.value.display_phone_number)).size).toBe(2);
  });

  it("a portfolio rated RED is flagged, and a paused template says which pause", () => {
    const changes = account("scenarios/policy-enforcement.yaml");
    expect(changes.some((c) => c.field === "phone_number_quality_update" && c.value.event === "FLAGGED")).toBe(true);
    const pause = changes.find((c) => c.field === "message_template_status_update" && c.value.event === "PAUSED");
    expect(pause.value.other_info.title).toBe("FIRST_PAUSE");
  });
});
