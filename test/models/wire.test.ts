// Meta's wire shapes: the JSON encoding the signatures are computed over, wamids, tier names,
// Graph errors with their HTTP statuses, status objects with era pricing, webhook envelopes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RULE_SETS } from "../../models/rules/index.js";
import { priceOf } from "../../models/pricing.js";
import {
  capabilityValue,
  graphError,
  httpStatusOf,
  metaJson,
  phoneNumberNode,
  phoneQualityValue,
  pickFields,
  sendResponse,
  statusObject,
  statusPricing,
  tierName,
  wamidOf,
  webhookBody,
  webhookError,
} from "../../models/wire/index.js";
import { SEED } from "../seed.js";

describe("metaJson", () => {
  it("escapes non-ASCII as lower-case \\uXXXX (UTF-16 units) and / as \\/, like captured Meta bodies", () => {
    expect(metaJson({ caption: "Hola quiero un café", mime_type: "image/jpeg" })).toBe('{"caption":"Hola quiero un caf\\u00e9","mime_type":"image\\/jpeg"}');
    expect(metaJson({ e: "🙂" })).toBe('{"e":"\\ud83d\\ude42"}');
    expect(metaJson({ del: "\u007f" })).toBe('{"del":"\\u007f"}');
    expect(metaJson({ plain: "abc" })).toBe('{"plain":"abc"}');
  });

  it(`is ASCII and parses back to the same value, for any JSON value (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const s = metaJson(v);
        expect([...s].every((ch) => ch.charCodeAt(0) < 0x7f)).toBe(true);
        expect(JSON.parse(s)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe("wamidOf", () => {
  it("reproduces Meta's documented sample exactly", () => {
    expect(wamidOf("16505076520", "9A3CA5B3D4CD6E67E7")).toBe("wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA");
  });

  it(`encodes the recipient and the id, whatever their lengths (seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{6,14}$/), fc.stringMatching(/^[0-9A-F]{8,40}$/), (waId, hex) => {
        const raw = Buffer.from(wamidOf(waId, hex).slice(6), "base64").toString("latin1");
        expect(raw).toBe(`\x1c\x18${String.fromCharCode(waId.length)}${waId}\x15\x02\x00\x11\x18${String.fromCharCode(hex.length)}${hex}\x00`);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe("tiers, errors, statuses", () => {
  it("writes limits as Meta's enums and capability integers", () => {
    expect([50, 250, 1000, 2000, 10000, 100000, null, 3, 1500].map(tierName)).toEqual(["TIER_50", "TIER_250", "TIER_1K", "TIER_2K", "TIER_10K", "TIER_100K", "TIER_UNLIMITED", "TIER_3", "TIER_1500"]);
    expect(capabilityValue(null, true)).toEqual({ max_daily_conversations_per_business: -1 });
    expect(capabilityValue(1000, false)).toEqual({ max_daily_conversation_per_phone: 1000 });
  });

  it("builds the Graph error envelope, and gives each code its HTTP status", () => {
    expect(graphError(130429, { fbtraceId: "AbC" })).toEqual({
      error: { message: "(#130429) Rate limit hit", type: "OAuthException", code: 130429, error_data: { messaging_product: "whatsapp", details: "Cloud API message throughput has been reached." }, fbtrace_id: "AbC" },
    });
    expect(graphError(190, { fbtraceId: "x", noData: true }).error).not.toHaveProperty("error_data");
    expect([190, 368, 131000, 133004, 130429, 131056, 132015, 100].map((c) => httpStatusOf(c))).toEqual([401, 403, 500, 503, 400, 400, 400, 400]);
    expect(httpStatusOf(131056, 429)).toBe(429);
    expect(webhookError(131049)).toEqual({ code: 131049, title: "Meta chose not to deliver", message: "Meta chose not to deliver", error_data: { details: expect.stringContaining("per-user marketing limit") }, href: expect.stringMatching(/^https:\/\//) });
  });

  it("prices statuses in the era's model: PMP with type, CBP without", () => {
    const rs = RULE_SETS["meta-2025-10"];
    const pmp = statusPricing(priceOf(rs, { category: "UTILITY", market: "ES", epochMs: Date.UTC(2026, 0, 1), insideCsw: true, insideFep: false }));
    expect(pmp).toEqual({ billable: false, pricing_model: "PMP", type: "free_customer_service", category: "utility" });
    const cbp = statusPricing(priceOf(rs, { category: "MARKETING", market: "ES", epochMs: Date.UTC(2025, 0, 1), insideCsw: false, insideFep: false }));
    expect(cbp).toEqual({ billable: true, pricing_model: "CBP", category: "marketing" });
  });

  it("a status carries pricing unless failed; a failed one its error", () => {
    const at = Date.UTC(2026, 2, 2);
    const pricing = { billable: true, pricing_model: "PMP" as const, type: "regular", category: "marketing" };
    expect(statusObject({ id: "wamid.X", status: "delivered", at, recipient: "15551000000", pricing })).toEqual({ id: "wamid.X", status: "delivered", timestamp: String(at / 1000), recipient_id: "15551000000", pricing });
    const failed = statusObject({ id: "wamid.X", status: "failed", at, recipient: "15551000000", pricing, error: { code: 131026 } });
    expect(failed).not.toHaveProperty("pricing");
    expect(failed.errors?.[0].code).toBe(131026);
  });

  it("orders the envelope as Meta does (value before field), with the entry's time only for account fields", () => {
    expect(metaJson(webhookBody("1", "messages", { a: 1 }, 5000))).toBe('{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{"a":1},"field":"messages"}]}]}');
    expect(webhookBody("1", "business_capability_update", {}, 5000).entry[0].time).toBe(5);
    expect(phoneQualityValue({ id: "main", display: "16505550100" }, "UPGRADE", 10000, { oldLimit: 2000, portfolio: false })).toEqual({ display_phone_number: "16505550100", event: "UPGRADE", current_limit: "TIER_10K", old_limit: "TIER_2K" });
  });

  it("a send response; Graph nodes and field selection", () => {
    expect(sendResponse("+1 555", "1555", "wamid.X")).toEqual({ messaging_product: "whatsapp", contacts: [{ input: "+1 555", wa_id: "1555" }], messages: [{ id: "wamid.X" }] });
    const node = phoneNumberNode({ id: "main", display: "1", verifiedName: "Shop", verified: true, quality: "YELLOW", limit: null, status: "CONNECTED", mps: 1000, apiMajor: 21 });
    expect(pickFields(node, ["throughput", "messaging_limit_tier", "colour"])).toEqual({ fields: { throughput: { level: "HIGH" }, messaging_limit_tier: "TIER_UNLIMITED", id: "main" }, unknown: ["colour"] });
  });
});
