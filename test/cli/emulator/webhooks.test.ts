// Webhooks as Meta sends them: the handshake, signatures over the exact (escaped) bytes, the
// status lifecycle at the platform's moments with pricing, replies, account and template
// updates, retries on the virtual clock, duplicates, reordering, and reproducibility.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fresh, graph, template, text, control, startReceiver, type Json, closedAfterEach } from "./helpers.js";
import { startEmulator } from "../../../cli/emulator/server.js";
import { SHOP } from "./helpers.js";

const hmac = (secret: string, body: Buffer | string, algo = "sha256"): string => createHmac(algo, secret).update(body).digest("hex");

const { open, closeLater } = closedAfterEach();

describe("handshake and signatures", () => {
  it("runs the GET handshake at start with hub.mode, hub.verify_token and hub.challenge", async () => {
    const { emu, hook } = await open({ verifyToken: "my-token" });
    expect(hook.handshakes).toHaveLength(1);
    const q = hook.handshakes[0];
    expect(q.get("hub.mode")).toBe("subscribe");
    expect(q.get("hub.verify_token")).toBe("my-token");
    expect(q.get("hub.challenge")).toMatch(/^\d{10}$/);
    expect(emu.webhook).toEqual({ url: hook.url, verified: true, status: 200 });
    // The handshake carries no signature; POSTs do.
  });

  it("signs the exact bytes it sends: ASCII only, non-ASCII as \\uXXXX and / as \\/", async () => {
    const { emu, hook } = await open({ appSecret: "s3cret" });
    await control(emu, "POST", "/inbound", { from: fresh(0), text: "café 🙂 https://shop.example/ofertas" });
    await emu.clock.advance(0);
    const p = hook.posts.at(-1)!;
    const raw = p.raw.toString("latin1");
    expect(raw).toMatch(/^[\x20-\x7e]*$/);
    expect(raw).toContain('"body":"caf\\u00e9 \\ud83d\\ude42 https:\\/\\/shop.example\\/ofertas"');
    expect(p.headers["x-hub-signature-256"]).toBe(`sha256=${hmac("s3cret", p.raw)}`);
    expect(p.headers["x-hub-signature"]).toBe(`sha1=${hmac("s3cret", p.raw, "sha1")}`);
    expect(p.headers["user-agent"]).toBe("facebookexternalua");
    expect(p.headers["content-type"]).toBe("application/json");
    // A receiver that re-serialises the parsed body checks a different HMAC: the classic mistake.
    expect(`sha256=${hmac("s3cret", JSON.stringify(JSON.parse(raw)))}`).not.toBe(p.headers["x-hub-signature-256"]);
    expect(p.body.entry[0].changes[0].value.messages![0]).toMatchObject({ from: fresh(0), type: "text", text: { body: "café 🙂 https://shop.example/ofertas" } });
  });

  it("without a verified endpoint, deliveries fail and are retried; once the handshake passes they go out", async () => {
    const hook = await startReceiver();
    hook.refuseHandshake(true);
    const emu = await startEmulator({ scenario: SHOP, webhook: hook.url });
    closeLater(async () => {
      await emu.stop();
      await hook.close();
    });
    expect(emu.webhook).toMatchObject({ verified: false, error: "the endpoint did not echo hub.challenge" });
    await graph(emu, "POST", "/v24.0/main/messages", template(fresh(1)));
    await emu.clock.advance(0);
    expect(hook.posts).toHaveLength(0);
    expect(emu.webhooks()[0]).toMatchObject({ state: "retrying", attempts: [{ error: expect.stringContaining("verification handshake") }] });
    hook.refuseHandshake(false);
    await emu.clock.advance("30s");
    // `delivered` (due ~2 s) went out on its first attempt, after a new handshake; `sent` on its retry at 30 s.
    expect(hook.handshakes.length).toBeGreaterThanOrEqual(3);
    expect(hook.statuses().map((s) => s.status)).toEqual(["delivered", "sent"]);
    expect(emu.webhooks({ kind: "status:sent" })[0].attempts.map((a) => a.at)).toEqual(["2026-03-02T00:00:00.000Z", "2026-03-02T00:00:30.000Z"]);
  });
});

describe("the status lifecycle", () => {
  it("sent at once, delivered and read at the platform's moments, with PMP pricing; a reply answers the message", async () => {
    const { emu, hook } = await open();
    const r = await graph(emu, "POST", "/v24.0/main/messages", template(fresh(2), "promo", "en_US", { biz_opaque_callback_data: "order-17" }));
    const id = r.body.messages[0].id;
    await emu.clock.advance(0);
    expect(hook.statuses().map((s) => s.status)).toEqual(["sent"]);
    await emu.clock.settle();
    const mine = hook.statuses().filter((s) => s.id === id);
    expect(mine.map((s) => s.status)).toEqual(["sent", "delivered", "read"]);
    const times = mine.map((s) => Number(s.raw.timestamp));
    expect(times[0]).toBe(Date.parse("2026-03-02T00:00:00Z") / 1000);
    expect(times[1]).toBeGreaterThanOrEqual(times[0]);
    expect(times[2]).toBeGreaterThan(times[1]);
    for (const s of mine) {
      expect(s.raw).toMatchObject({ recipient_id: fresh(2), pricing: { billable: true, pricing_model: "PMP", type: "regular", category: "marketing" }, biz_opaque_callback_data: "order-17" });
    }
    const envelope = hook.posts[0].body;
    expect(envelope.object).toBe("whatsapp_business_account");
    expect(envelope.entry[0].id).toBe(emu.wabaId);
    expect(envelope.entry[0].changes[0]).toMatchObject({ field: "messages", value: { messaging_product: "whatsapp", metadata: { display_phone_number: "16505550100", phone_number_id: "main" } } });
    // Segment `all` replies to half the messages: did this user? The outbox knows the user, the
    // state says whether a window is open; a reply carries the message it answers.
    const replies = hook.posts.map((p) => p.body.entry[0].changes[0].value.messages?.[0]).filter((m) => m !== undefined && m.context !== undefined);
    for (const m of replies) expect(m).toMatchObject({ from: fresh(2), context: { id, from: "16505550100" } });
  });

  it("a reply opens the window: free-form text is then delivered, priced as service", async () => {
    const { emu, hook } = await open();
    // Users reply to half the messages: send to a few until one replies.
    for (let i = 0; i < 6; i++) await graph(emu, "POST", "/v24.0/main/messages", template(fresh(10 + i), "notice"));
    await emu.clock.settle();
    const reply = hook.posts.map((p) => p.body.entry[0].changes[0].value.messages?.[0]).find((m) => m?.context !== undefined);
    expect(reply).toBeDefined();
    const r = await graph(emu, "POST", "/v24.0/main/messages", text(String(reply!.from), "Sure, here is your code"));
    expect(r.status).toBe(200);
    await emu.clock.settle();
    const statuses = hook.statuses().filter((s) => s.id === r.body.messages[0].id);
    expect(statuses.map((s) => s.status)).toEqual(["sent", "delivered", "read"]);
    expect(statuses[0].raw.pricing).toEqual({ billable: false, pricing_model: "PMP", type: "free_customer_service", category: "service" });
  });

  it("pacing holds the template's sends beyond its first batch; they are released (sent, delivered) after the assessment", async () => {
    const { emu, hook } = await open();
    const ids: string[] = [];
    const statuses: string[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await graph(emu, "POST", "/v24.0/main/messages", template(fresh(20 + i)));
      ids.push(r.body.messages[0].id);
      statuses.push(r.body.messages[0].message_status);
    }
    expect(statuses).toEqual(["accepted", "accepted", "accepted", "accepted", "accepted", "held_for_quality_assessment", "held_for_quality_assessment"]);
    await emu.clock.advance("30m");
    expect(hook.statuses().filter((s) => s.id === ids[5])).toEqual([]);
    expect(emu.outbox({ status: "held" }).map((m) => m.id)).toEqual(ids.slice(5));
    await emu.clock.settle();
    expect(hook.statuses().filter((s) => s.id === ids[5]).map((s) => s.status)).toEqual(["sent", "delivered", "read"]);
    expect(Number(hook.statuses().find((s) => s.id === ids[5])!.raw.timestamp)).toBe(Date.parse("2026-03-02T01:00:00Z") / 1000);
  });
});

describe("account and template webhooks", () => {
  it("a limit change: phone_number_quality_update per number and business_capability_update", async () => {
    const { emu, hook } = await open();
    await control(emu, "POST", "/limit", { limit: "TIER_10K" });
    await emu.clock.advance(0);
    const byField = (f: string) => hook.posts.filter((p) => p.body.entry[0].changes[0].field === f).map((p) => p.body.entry[0].changes[0].value);
    expect(byField("phone_number_quality_update")).toEqual([
      { display_phone_number: "16505550100", event: "UPGRADE", current_limit: "TIER_10K", old_limit: "TIER_2K", max_daily_conversations_per_business: "TIER_10K" },
      { display_phone_number: "16505550101", event: "UPGRADE", current_limit: "TIER_10K", old_limit: "TIER_2K", max_daily_conversations_per_business: "TIER_10K" },
    ]);
    expect(byField("business_capability_update")).toEqual([{ max_daily_conversations_per_business: 10000 }]);
    expect(hook.posts[0].body.entry[0].time).toBe(Date.parse("2026-03-02T00:00:00Z") / 1000);
    expect((await graph(emu, "GET", "/v24.0/support?fields=whatsapp_business_manager_messaging_limit")).body.whatsapp_business_manager_messaging_limit).toBe("TIER_10K");
  });

  it("a pause: message_template_status_update per language with other_info; 132015 on send; unpause via the Graph API", async () => {
    const { emu, hook } = await open();
    await control(emu, "POST", "/templates/promo/status", { status: "PAUSED" });
    await emu.clock.advance(0);
    const updates = hook.posts.map((p) => p.body.entry[0].changes[0]).filter((c) => c.field === "message_template_status_update");
    expect(updates.map((c) => [c.value.event, c.value.message_template_language, (c.value.other_info as Json).title])).toEqual([
      ["PAUSED", "en_US", "FIRST_PAUSE"],
      ["PAUSED", "es_ES", "FIRST_PAUSE"],
    ]);
    expect(updates[0].value).toMatchObject({ message_template_name: "promo", reason: "NONE", message_template_id: expect.any(Number) });
    const r = await graph(emu, "POST", "/v24.0/main/messages", template(fresh(30)));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe(132015);
    const id = updates[0].value.message_template_id;
    expect((await graph(emu, "POST", `/v24.0/${id}/unpause`)).body).toEqual({ success: true });
    expect((await graph(emu, "POST", "/v24.0/main/messages", template(fresh(30)))).status).toBe(200);
    // Unpausing an approved template is refused.
    expect((await graph(emu, "POST", `/v24.0/${id}/unpause`)).body.error.code).toBe(100);
  });

  it("--paused-template status: 200 with message_status paused, then a failed 132015 status", async () => {
    const { emu, hook } = await open({ wire: { pausedTemplate: "status" } });
    await control(emu, "POST", "/templates/promo/status", { status: "PAUSED" });
    const r = await graph(emu, "POST", "/v24.0/main/messages", template(fresh(31)));
    expect(r.body.messages[0].message_status).toBe("paused");
    await emu.clock.advance(0);
    expect(hook.statuses().map((s) => [s.status, s.code])).toEqual([["failed", 132015]]);
  });
});

describe("delivery", () => {
  it("retries a non-2xx answer with backoff on the virtual clock (30 s, then 60 s)", async () => {
    const { emu, hook } = await open();
    hook.failNext(2, 503);
    // A magic recipient: one webhook only (failed 131049), due at once.
    await graph(emu, "POST", "/v24.0/main/messages", template("15550131049"));
    await emu.clock.advance(0);
    expect(hook.posts).toHaveLength(0);
    await emu.clock.advance("29s");
    expect(hook.posts).toHaveLength(0);
    await emu.clock.advance("1s");
    expect(hook.posts).toHaveLength(0); // the retry failed too
    await emu.clock.advance("60s");
    const failed = emu.webhooks({ kind: "status:failed" })[0];
    expect(failed.state).toBe("delivered");
    expect(failed.attempts.map((a) => [a.at, a.status])).toEqual([
      ["2026-03-02T00:00:00.000Z", 503],
      ["2026-03-02T00:00:30.000Z", 503],
      ["2026-03-02T00:01:30.000Z", 200],
    ]);
    expect(hook.statuses().map((s) => [s.status, s.code])).toEqual([["failed", 131049]]);
  });

  it("gives up after giveUpAfter", async () => {
    const { emu, hook } = await open({ webhooks: { concurrency: 1, retry: { first: "10s", max: "10s", giveUpAfter: "25s" } } });
    hook.failNext(100);
    await graph(emu, "POST", "/v24.0/main/messages", template(fresh(41)));
    await emu.clock.advance("1m");
    expect(emu.webhooks({ kind: "status:sent" })[0]).toMatchObject({ state: "gave-up", attempts: [{ status: 500 }, { status: 500 }, { status: 500 }] });
  });

  it("duplicates: the same bytes and signature twice", async () => {
    const { emu, hook } = await open({ webhooks: { concurrency: 1, duplicates: 1 } });
    await graph(emu, "POST", "/v24.0/main/messages", template(fresh(42)));
    await emu.clock.advance("2s");
    const sent = hook.posts.filter((p) => p.body.entry[0].changes[0].value.statuses?.[0].status === "sent");
    expect(sent).toHaveLength(2);
    expect(sent[1].raw.equals(sent[0].raw)).toBe(true);
    expect(sent[1].headers["x-hub-signature-256"]).toBe(sent[0].headers["x-hub-signature-256"]);
  });

  it("reordering: statuses may arrive out of order, the same way for the same seed", async () => {
    const orders: string[][] = [];
    for (let run = 0; run < 2; run++) {
      const { emu, hook } = await open({ webhooks: { concurrency: 1, reorder: "30m" } });
      for (let i = 0; i < 5; i++) await graph(emu, "POST", "/v24.0/main/messages", template(fresh(50 + i), "notice"));
      await emu.clock.advance("3h");
      orders.push(hook.statuses().map((s) => `${s.id.slice(-8)}:${s.status}`));
    }
    expect(orders[1]).toEqual(orders[0]);
    const perMessage = new Map<string, string[]>();
    for (const o of orders[0]) {
      const [id, status] = o.split(":");
      perMessage.set(id, [...(perMessage.get(id) ?? []), status]);
    }
    expect([...perMessage.values()].some((s) => s.join() !== "sent,delivered,read")).toBe(true);
  });

  it("with no endpoint, webhooks are logged, not sent", async () => {
    const emu = await startEmulator({ scenario: SHOP });
    closeLater(() => emu.stop());
    await graph(emu, "POST", "/v24.0/main/messages", template(fresh(60)));
    await emu.clock.advance(0);
    expect(emu.webhooks()).toMatchObject([{ state: "no-endpoint", field: "messages", kind: "status:sent" }]);
  });
});

describe("reproducible from the seed", () => {
  it("the same requests give the same responses and webhook bytes", async () => {
    const runs: Array<{ responses: string[]; bodies: string[] }> = [];
    for (let run = 0; run < 2; run++) {
      const { emu, hook } = await open({ appSecret: "same" });
      const responses: string[] = [];
      for (let i = 0; i < 8; i++) responses.push((await graph(emu, "POST", "/v24.0/main/messages", template(fresh(70 + i), i % 2 ? "notice" : "promo"))).text);
      responses.push((await graph(emu, "POST", "/v24.0/main/messages", template("15550130429"))).text);
      responses.push((await graph(emu, "POST", "/v24.0/main/messages", template(fresh(80), "nope"))).text);
      await emu.clock.settle();
      runs.push({ responses, bodies: hook.posts.map((p) => p.raw.toString("latin1")) });
    }
    expect(runs[1].responses).toEqual(runs[0].responses);
    expect(runs[1].bodies).toEqual(runs[0].bodies);
    expect(runs[0].bodies.length).toBeGreaterThan(20);
  });
});
