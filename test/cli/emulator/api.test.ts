// The Graph API the emulator serves: what a send returns, how bodies are validated, the
// errors' envelopes, codes and HTTP statuses, and the nodes a sender reads back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../../cli/emulator/server.js";
import { fresh, graph, shop, template, text, type Receiver, type Json } from "./helpers.js";

let emu: Emulator;
let hook: Receiver;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ emu, hook, close } = await shop());
});
afterAll(() => close());

function expectGraphError(r: { status: number; body: Json }, code: number, status: number): void {
  expect(r.status).toBe(status);
  expect(Object.keys(r.body)).toEqual(["error"]);
  expect(r.body.error.code).toBe(code);
  expect(r.body.error.type).toMatch(/Exception$/);
  expect(r.body.error.fbtrace_id).toMatch(/^A[\w-]{22}$/);
  expect(r.body.error.message).toMatch(/\S/);
}

describe("POST /{version}/{phone-number-id}/messages", () => {
  it("accepts a template: contacts with input and wa_id, a wamid, message_status accepted", async () => {
    const r = await graph(emu, "POST", "/v24.0/main/messages", template(`+${fresh(0)}`));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ messaging_product: "whatsapp", contacts: [{ input: `+${fresh(0)}`, wa_id: fresh(0) }], messages: [{ id: expect.stringMatching(/^wamid\.HBgL/), message_status: "accepted" }] });
    // The wamid encodes the recipient, as Meta's do.
    expect(Buffer.from(r.body.messages[0].id.slice(6), "base64").toString("latin1")).toContain(fresh(0));
  });

  it("answers to any v{major}.0 and to a path without version; the template in each of its languages", async () => {
    for (const v of ["v18.0", "v21.0", "v99.0"]) expect((await graph(emu, "POST", `/${v}/main/messages`, template(fresh(1), "promo", "es_ES"))).status).toBe(200);
    expect((await graph(emu, "POST", "/main/messages", template(fresh(1)))).status).toBe(200);
    expectGraphError(await graph(emu, "POST", "/v21.1/main/messages", template(fresh(1))), 2500, 400);
  });

  it("unknown template or language: 132001 naming both", async () => {
    const a = await graph(emu, "POST", "/v24.0/main/messages", template(fresh(2), "no_such"));
    expectGraphError(a, 132001, 400);
    expect(a.body.error.error_data).toEqual({ messaging_product: "whatsapp", details: "template name (no_such) does not exist in en_US" });
    const b = await graph(emu, "POST", "/v24.0/main/messages", template(fresh(2), "notice", "es_ES"));
    expectGraphError(b, 132001, 400);
    expect(b.body.error.error_data.details).toBe("template name (notice) does not exist in es_ES");
  });

  it("a template still in review: 132001 (not approved)", async () => {
    expectGraphError(await graph(emu, "POST", "/v24.0/main/messages", template(fresh(2), "new_offer")), 132001, 400);
  });

  it.each([
    [{ to: "1", type: "text", text: { body: "x" } }, "The parameter messaging_product is required."],
    [{ messaging_product: "sms", to: "15551000000", type: "text", text: { body: "x" } }, 'Param messaging_product must be one of {WHATSAPP} - got "sms".'],
    [{ messaging_product: "whatsapp", type: "text", text: { body: "x" } }, "The parameter to is required."],
    [{ messaging_product: "whatsapp", to: 15551000000, type: "text", text: { body: "x" } }, "Param to must be a string."],
    [{ messaging_product: "whatsapp", to: "call me", type: "text", text: { body: "x" } }, 'Param to must be a phone number in international format (7 to 15 digits, an optional leading +) - got "call me".'],
    [{ messaging_product: "whatsapp", to: "15551000000", type: "fax" }, 'Param type must be one of {AUDIO, CONTACTS, DOCUMENT, IMAGE, INTERACTIVE, LOCATION, REACTION, STICKER, TEMPLATE, TEXT, VIDEO} - got "fax".'],
    [{ messaging_product: "whatsapp", to: "15551000000", type: "text", text: {} }, "The parameter text['body'] is required."],
    [{ messaging_product: "whatsapp", to: "15551000000", type: "text", text: { body: 42 } }, "Param text['body'] must be a string."],
    [{ messaging_product: "whatsapp", to: "15551000000", type: "text", text: { body: "x".repeat(4097) } }, "Param text['body'] must be at most 4096 characters long."],
    [{ messaging_product: "whatsapp", to: "15551000000", type: "template", template: { language: { code: "en_US" } } }, "The parameter template['name'] is required."],
    [{ messaging_product: "whatsapp", to: "15551000000", type: "template", template: { name: "promo" } }, "The parameter template['language'] is required."],
    [{ messaging_product: "whatsapp", to: "15551000000", type: "template", template: { name: "promo", language: { code: "en_US" }, components: [{ type: "body", parameters: [{ type: "text" }] }] } }, "The parameter template['components'][0]['parameters'][0]['text'] is required."],
    [{ messaging_product: "whatsapp", to: "15551000000", type: "template", template: { name: "promo", language: { code: "en_US" }, components: [{ type: "button", parameters: [] }] } }, "The parameter template['components'][0]['sub_type'] is required."],
    [{ messaging_product: "whatsapp", to: "15551000000", type: "interactive", interactive: { type: "button", body: { text: "Pick" }, action: { buttons: [] } } }, "Param interactive['action']['buttons'] must have at least 1 element."],
    [{ messaging_product: "whatsapp", to: "15551000000", type: "interactive", interactive: { type: "button", body: { text: "Pick" }, action: { buttons: [{ type: "reply", reply: { id: "a", title: "A title longer than twenty" } }] } } }, "Param interactive['action']['buttons'][0]['reply']['title'] must be at most 20 characters long."],
    [{ messaging_product: "whatsapp", to: "15551000000", type: "interactive", interactive: { type: "list", body: { text: "Pick" }, action: { button: "Menu" } } }, "The parameter interactive['action']['sections'] is required."],
    [{ messaging_product: "whatsapp", to: "15551000000", type: "image", image: {} }, "The parameter image['id'] or image['link'] is required."],
  ])("refuses %j with code 100: %s", async (body, details) => {
    const r = await graph(emu, "POST", "/v24.0/main/messages", body);
    expectGraphError(r, 100, 400);
    expect(r.body.error.error_data.details).toBe(details);
    expect(r.body.error.message).toBe(`(#100) ${details}`);
  });

  it("malformed JSON: a Graph 400, not a crash", async () => {
    const r = await graph(emu, "POST", "/v24.0/main/messages", '{"messaging_product": "whatsapp", "to": ');
    expectGraphError(r, 100, 400);
    expect(r.body.error.error_data.details).toMatch(/^The request body is not valid JSON: /);
  });

  it("a body over the limit: 413 with a Graph error, and the connection is closed", async () => {
    const r = await fetch(`${emu.url}/v24.0/main/messages`, { method: "POST", headers: { Authorization: `Bearer ${emu.accessToken}` }, body: "x".repeat(1024 * 1024 + 1) });
    expect(r.status).toBe(413);
    expect(r.headers.get("connection")).toBe("close");
    expect(((await r.json()) as Json).error.code).toBe(100);
  });

  it("checks the token first: none → 2500, wrong → 190 with HTTP 401", async () => {
    const none = await fetch(`${emu.url}/v24.0/main/messages`, { method: "POST", body: JSON.stringify(template(fresh(3))) });
    expect(none.status).toBe(400);
    expect(((await none.json()) as Json).error.code).toBe(2500);
    const wrong = await graph(emu, "POST", "/v24.0/main/messages", template(fresh(3)), { Authorization: "Bearer nope" });
    expectGraphError(wrong, 190, 401);
    expect(wrong.body.error.message).toBe("Invalid OAuth access token - Cannot parse access token");
    // ?access_token= works as in Graph.
    const q = await fetch(`${emu.url}/v24.0/main?access_token=${emu.accessToken}`);
    expect(q.status).toBe(200);
  });

  it("an unknown phone-number id: 100 with subcode 33 (GraphMethodException)", async () => {
    const r = await graph(emu, "POST", "/v24.0/123456/messages", template(fresh(3)));
    expectGraphError(r, 100, 400);
    expect(r.body.error.type).toBe("GraphMethodException");
    expect(r.body.error.error_subcode).toBe(33);
  });

  it("free-form text needs an open customer-service window: accepted, then failed 131047", async () => {
    const r = await graph(emu, "POST", "/v24.0/main/messages", text(fresh(4)));
    expect(r.status).toBe(200);
    expect(r.body.messages[0]).toEqual({ id: expect.stringMatching(/^wamid\./) });
    await emu.clock.advance("1m");
    expect(hook.statuses().filter((s) => s.id === r.body.messages[0].id).map((s) => [s.status, s.code])).toEqual([["failed", 131047]]);
  });

  it("mark as read: only for a message the business received", async () => {
    const unknown = await graph(emu, "POST", "/v24.0/main/messages", { messaging_product: "whatsapp", status: "read", message_id: "wamid.nope" });
    expectGraphError(unknown, 100, 400);
    const inbound = await fetch(`${emu.controlUrl}/inbound`, { method: "POST", body: JSON.stringify({ from: fresh(5), text: "hola" }) });
    const { id } = (await inbound.json()) as { id: string };
    const ok = await graph(emu, "POST", "/v24.0/main/messages", { messaging_product: "whatsapp", status: "read", message_id: id });
    expect(ok).toMatchObject({ status: 200, body: { success: true } });
  });
});

describe("reading back", () => {
  it("GET /{phone-number-id}: default fields, or the ones asked for; limit as TIER_*, throughput level", async () => {
    const def = await graph(emu, "GET", "/v24.0/main");
    expect(Object.keys(def.body).sort()).toEqual(["code_verification_status", "display_phone_number", "id", "platform_type", "quality_rating", "throughput", "verified_name"]);
    const r = await graph(emu, "GET", "/v24.0/main?fields=whatsapp_business_manager_messaging_limit,quality_rating,throughput,messaging_limit_tier");
    expect(r.body).toEqual({ whatsapp_business_manager_messaging_limit: "TIER_2K", quality_rating: "GREEN", throughput: { level: "STANDARD" }, messaging_limit_tier: null, id: "main" });
    // The deprecated field still reads before v24.
    expect((await graph(emu, "GET", "/v23.0/main?fields=messaging_limit_tier")).body.messaging_limit_tier).toBe("TIER_2K");
    const bad = await graph(emu, "GET", "/v24.0/main?fields=colour");
    expectGraphError(bad, 100, 400);
    expect(bad.body.error.message).toBe("(#100) Tried accessing nonexisting field (colour) on node type (WhatsAppBusinessPhoneNumber)");
  });

  it("GET /{waba-id}/message_templates: one entry per language, filters and paging", async () => {
    const all = await graph(emu, "GET", `/v24.0/${emu.wabaId}/message_templates`);
    expect(all.body.data.map((t: Json) => `${t.name}/${t.language}/${t.status}`)).toEqual(["promo/en_US/APPROVED", "promo/es_ES/APPROVED", "notice/en_US/APPROVED", "new_offer/en_US/PENDING"]);
    expect(all.body.data[0]).toMatchObject({ category: "MARKETING", quality_score: { score: "UNKNOWN" }, id: expect.stringMatching(/^\d{15}$/) });
    const pending = await graph(emu, "GET", `/v24.0/${emu.wabaId}/message_templates?status=PENDING&fields=name,status`);
    expect(pending.body.data).toEqual([{ name: "new_offer", status: "PENDING", id: expect.any(String) }]);
    const page1 = await graph(emu, "GET", `/v24.0/${emu.wabaId}/message_templates?limit=3`);
    expect(page1.body.data).toHaveLength(3);
    const page2 = await graph(emu, "GET", `/v24.0/${emu.wabaId}/message_templates?limit=3&after=${page1.body.paging.cursors.after}`);
    expect(page2.body.data.map((t: Json) => t.name)).toEqual(["new_offer"]);
    // A template by id.
    const one = await graph(emu, "GET", `/v24.0/${all.body.data[1].id}?fields=name,language,status`);
    expect(one.body).toEqual({ name: "promo", language: "es_ES", status: "APPROVED", id: all.body.data[1].id });
  });

  it("an unknown node or edge", async () => {
    expectGraphError(await graph(emu, "GET", "/v24.0/999"), 100, 400);
    expectGraphError(await graph(emu, "GET", "/v24.0/main/colours"), 2500, 400);
  });

  it("escapes non-ASCII in its answers, as Graph does", async () => {
    const r = await graph(emu, "POST", "/v24.0/main/messages", template(fresh(6), "ünknown"));
    expect(r.text).toContain("template name (\\u00fcnknown)");
    expect(r.text).not.toContain("ü");
  });
});
