// The control plane and the clock: reading and moving time (and its limits), reset, the outbox,
// fault injection and magic numbers, simulated inbound messages, forced settings, events, users;
// auto-advance on idle and the real clock.
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../../cli/emulator/server.js";
import { control, fresh, graph, SHOP, template, text, type Json, closedAfterEach } from "./helpers.js";

const { open, closeLater } = closedAfterEach();

describe("health, clock, reset", () => {
  it("health names the scenario and the time", async () => {
    const { emu } = await open();
    expect((await control(emu, "GET", "/health")).body).toEqual({ ok: true, tool: { name: "tiersim", version: expect.any(String) }, scenario: "Emulator test shop", rules: "meta-2025-10", now: "2026-03-02T00:00:00.000Z" });
  });

  it("reads, advances, sets and refuses to go back or past the horizon", async () => {
    const { emu } = await open({ days: 10 });
    expect((await control(emu, "GET", "/clock")).body).toMatchObject({ now: "2026-03-02T00:00:00.000Z", t: 0, mode: "virtual", frozen: false, horizon: "2026-03-12T00:00:00.000Z" });
    expect((await control(emu, "POST", "/clock/advance", { by: "90m" })).body.now).toBe("2026-03-02T01:30:00.000Z");
    expect((await control(emu, "POST", "/clock/advance", { ms: 1000 })).body.t).toBe(5_401_000);
    expect((await control(emu, "POST", "/clock/set", { to: "2026-03-03T09:00:00+01:00" })).body.now).toBe("2026-03-03T08:00:00.000Z");
    const back = await control(emu, "POST", "/clock/set", { to: "2026-03-02T00:00:00Z" });
    expect(back.status).toBe(400);
    expect(back.body.error.message).toBe("time never goes back: it is 2026-03-03T08:00:00.000Z, asked for 2026-03-02T00:00:00.000Z");
    const far = await control(emu, "POST", "/clock/advance", { by: "30d" });
    expect(far.status).toBe(400);
    expect(far.body.error.message).toMatch(/^the emulated world ends at 2026-03-12T00:00:00.000Z/);
    expect((await control(emu, "POST", "/clock/advance", { by: "soon" })).body.error.message).toMatch(/^by must be a duration/);
    expect((await control(emu, "GET", "/nope")).status).toBe(404);
  });

  it("reset: a fresh platform, outbox and log, time back at the start; the same seed gives the same wamids", async () => {
    const { emu } = await open();
    const first = (await graph(emu, "POST", "/v24.0/main/messages", template(fresh(0)))).body.messages[0].id;
    await emu.clock.advance("1h");
    await control(emu, "POST", "/reset");
    expect(emu.clock.state().now).toBe("2026-03-02T00:00:00.000Z");
    expect(emu.outbox()).toEqual([]);
    expect(emu.webhooks()).toEqual([]);
    expect((await graph(emu, "POST", "/v24.0/main/messages", template(fresh(0)))).body.messages[0].id).toBe(first);
  });

  it("settle skips to the last status and reply of what was sent, not further", async () => {
    const { emu, hook } = await open();
    await graph(emu, "POST", "/v24.0/main/messages", template(fresh(1), "notice"));
    const s = (await control(emu, "POST", "/clock/settle")).body;
    const last = Math.max(...emu.webhooks().map((w) => Date.parse(w.due)));
    expect(Date.parse(s.now)).toBe(last);
    expect(hook.statuses().map((x) => x.status)).toEqual(["sent", "delivered", "read"]);
    // Nothing outstanding: settling again does not move time.
    expect((await control(emu, "POST", "/clock/settle")).body.now).toBe(s.now);
  });
});

describe("outbox, state, events, users", () => {
  it("the outbox lists accepted messages with their latest status; one message shows its webhooks", async () => {
    const { emu } = await open();
    const id = (await graph(emu, "POST", "/v24.0/main/messages", template(fresh(2)))).body.messages[0].id;
    await graph(emu, "POST", "/v24.0/support/messages", template(fresh(3), "notice"));
    await emu.clock.advance("5s");
    const all = (await control(emu, "GET", "/outbox")).body;
    expect(all).toMatchObject({ total: 2, dropped: 0 });
    expect(all.messages[0]).toEqual({ id, at: "2026-03-02T00:00:00.000Z", phone: "main", to: fresh(2), waId: fresh(2), user: 0, type: "template", template: "promo", language: "en_US", messageStatus: "accepted", status: "delivered" });
    expect(all.messages[1]).toMatchObject({ phone: "support", user: 1, template: "notice" });
    expect((await control(emu, "GET", `/outbox?to=${fresh(3)}`)).body.messages.map((m: Json) => m.waId)).toEqual([fresh(3)]);
    const one = (await control(emu, "GET", `/outbox/${id}`)).body;
    expect(one.webhooks.map((w: Json) => w.kind)).toEqual(["status:sent", "status:delivered"]);
    expect(one.webhooks[0].payload.entry[0].changes[0].value.statuses[0].id).toBe(id);
  });

  it("state shows limits, quality, templates and the platform's counts; events its log", async () => {
    const { emu } = await open();
    await graph(emu, "POST", "/v24.0/main/messages", template(fresh(4)));
    const st = (await control(emu, "GET", "/state")).body;
    expect(st.scopes).toEqual([{ scope: "portfolio", phones: ["main", "support"], limit: 2000, tier: "TIER_2K", counted24h: 1, nextCapacityAt: "2026-03-03T00:00:00.000Z", quality: "GREEN", status: "CONNECTED" }]);
    expect(st.templates.map((t: Json) => `${t.name}:${t.status}`)).toEqual(["promo:APPROVED", "notice:APPROVED", "new_offer:PENDING"]);
    expect(st.messages).toMatchObject({ attempted: 1, accepted: 1 });
    await emu.clock.advance("3h");
    const events = (await control(emu, "GET", "/events?type=template-status-changed")).body.events;
    expect(events).toEqual([expect.objectContaining({ type: "template-status-changed", template: "new_offer", from: "PENDING", to: "APPROVED" })]);
  });

  it("users: canonical numbers of the audience, and who a number reached", async () => {
    const { emu } = await open();
    expect((await control(emu, "GET", "/users?from=5&count=2")).body).toEqual({ total: 200, users: [{ user: 5, number: "15551000005" }, { user: 6, number: "15551000006" }] });
    await graph(emu, "POST", "/v24.0/main/messages", template("+1 555 100 0007"));
    expect((await control(emu, "GET", "/users/15551000007")).body).toEqual({ user: 7, number: "15551000007", segment: "all", market: "ES", windowOpen: false });
    // A fresh number takes the lowest user not reached yet.
    await graph(emu, "POST", "/v24.0/main/messages", template(fresh(9)));
    expect((await control(emu, "GET", `/users/${fresh(9)}`)).body.user).toBe(0);
    expect((await control(emu, "GET", "/users/34999999999")).status).toBe(404);
  });

  it("recipients past the audience join it", async () => {
    const { emu } = await open();
    for (let i = 0; i < 203; i++) await graph(emu, "POST", "/v24.0/main/messages", template(fresh(100 + i), "notice"));
    expect((await control(emu, "GET", "/users?count=0")).body.total).toBe(203);
  });
});

describe("faults and magic numbers", () => {
  it("magic recipients: +1 555 0 and a code — synchronous errors or failed statuses as Meta reports each", async () => {
    const { emu, hook } = await open();
    const sync = await graph(emu, "POST", "/v24.0/main/messages", template("+15550131056"));
    expect([sync.status, sync.body.error.code]).toEqual([400, 131056]);
    const auth = await graph(emu, "POST", "/v24.0/main/messages", template("15550000368"));
    expect([auth.status, auth.body.error.code]).toEqual([403, 368]);
    for (const code of [131026, 131049, 131050]) expect((await graph(emu, "POST", "/v24.0/main/messages", template(`15550${code}`))).status).toBe(200);
    await emu.clock.advance(0);
    expect(hook.statuses().map((s) => [s.status, s.code])).toEqual([["failed", 131026], ["failed", 131049], ["failed", 131050]]);
    // Nothing reached the platform.
    expect(emu.state().messages).toMatchObject({ attempted: 0 });
  });

  it("the next N calls, matching recipients or a prefix; listed and removed", async () => {
    const { emu, hook } = await open();
    const f = (await control(emu, "POST", "/faults", { code: 130429, count: 2 })).body;
    expect(f).toMatchObject({ id: 1, code: 130429, remaining: 2, mode: "sync", to: null, prefix: null });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await graph(emu, "POST", "/v24.0/main/messages", template(fresh(10 + i)))).body.error?.code ?? "ok");
    expect(codes).toEqual([130429, 130429, "ok"]);
    await control(emu, "POST", "/faults", { code: 131049, to: ["+34 600 000 001"] });
    await control(emu, "POST", "/faults", { code: 131000, prefix: "44", mode: "sync", details: "upstream outage" });
    expect((await control(emu, "GET", "/faults")).body.faults.map((x: Json) => [x.code, x.remaining])).toEqual([[131049, null], [131000, null]]);
    expect((await graph(emu, "POST", "/v24.0/main/messages", template("34600000001"))).status).toBe(200);
    const uk = await graph(emu, "POST", "/v24.0/main/messages", template("447700900123"));
    expect([uk.status, uk.body.error.code, uk.body.error.error_data.details]).toEqual([500, 131000, "upstream outage"]);
    await emu.clock.advance(0);
    expect(hook.statuses().filter((s) => s.status === "failed").map((s) => s.code)).toEqual([131049]);
    expect((await control(emu, "DELETE", "/faults/2")).body.faults.map((x: Json) => x.code)).toEqual([131000]);
    expect((await control(emu, "DELETE", "/faults")).body.faults).toEqual([]);
    expect((await control(emu, "POST", "/faults", { code: "x" })).status).toBe(400);
    // A mistyped key is refused rather than read as "every call".
    const typo = await control(emu, "POST", "/faults", { code: 131000, next: 1 });
    expect([typo.status, typo.body.error.message]).toEqual([400, 'unknown fault key "next": a fault takes code, to, prefix, count, mode, details']);
    expect((await control(emu, "GET", "/faults")).body.faults).toEqual([]);
  });
});

describe("inbound messages and forced settings", () => {
  it("a simulated inbound message opens the window: text is then accepted and delivered, not 131047", async () => {
    const { emu, hook } = await open();
    const r = (await control(emu, "POST", "/inbound", { from: fresh(20), text: "¿Tienen talla M?", phone: "support" })).body;
    expect(r).toMatchObject({ id: expect.stringMatching(/^wamid\./), user: 0, windowUntil: "2026-03-03T00:00:00.000Z" });
    await emu.clock.advance(0);
    expect(hook.posts[0].body.entry[0].changes[0].value).toMatchObject({ metadata: { phone_number_id: "support" }, contacts: [{ wa_id: fresh(20), profile: { name: expect.any(String) } }], messages: [{ from: fresh(20), id: r.id, type: "text", text: { body: "¿Tienen talla M?" } }] });
    const t = await graph(emu, "POST", "/v24.0/support/messages", text(fresh(20), "Sí, la tenemos"));
    await emu.clock.settle();
    expect(hook.statuses().filter((s) => s.id === t.body.messages[0].id).map((s) => s.status)).toEqual(["sent", "delivered", "read"]);
    // Inside the window a template does not count toward the limit.
    await graph(emu, "POST", "/v24.0/support/messages", template(fresh(20), "notice"));
    expect(emu.state().scopes).toMatchObject([{ counted24h: 0 }]);
    expect((await control(emu, "POST", "/inbound", { from: "nobody" })).status).toBe(400);
  });

  it("set the limit: sends past it fail; the new limit shows in GET /{phone-number-id}", async () => {
    const { emu, hook } = await open();
    await control(emu, "POST", "/limit", { limit: 3 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await graph(emu, "POST", "/v24.0/main/messages", template(fresh(30 + i), "notice"))).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
    await emu.clock.advance("10s");
    expect(hook.statuses().filter((s) => s.status === "failed").map((s) => s.code)).toEqual([63018]);
    expect((await graph(emu, "GET", "/v24.0/main?fields=whatsapp_business_manager_messaging_limit")).body.whatsapp_business_manager_messaging_limit).toBe("TIER_3");
    expect((await control(emu, "POST", "/limit", { limit: "lots" })).status).toBe(400);
  });

  it("--limit-reached error: the send over the limit is a Graph error instead", async () => {
    const { emu } = await open({ wire: { limitReached: "error" } });
    await control(emu, "POST", "/limit", { limit: 1 });
    expect((await graph(emu, "POST", "/v24.0/main/messages", template(fresh(40), "notice"))).status).toBe(200);
    const r = await graph(emu, "POST", "/v24.0/main/messages", template(fresh(41), "notice"));
    expect([r.status, r.body.error.code]).toEqual([400, 63018]);
  });

  it("pin the quality: it holds until unpinned, and shows in GET /{phone-number-id}", async () => {
    const { emu } = await open();
    await control(emu, "POST", "/quality", { rating: "RED" });
    await emu.clock.advance("3h");
    expect((await graph(emu, "GET", "/v24.0/main?fields=quality_rating")).body.quality_rating).toBe("RED");
    await control(emu, "POST", "/quality", { rating: null });
    await emu.clock.advance("2h");
    expect((await graph(emu, "GET", "/v24.0/main?fields=quality_rating")).body.quality_rating).toBe("GREEN");
    expect((await control(emu, "POST", "/quality", { rating: "PURPLE" })).status).toBe(400);
  });

  it("template status by the platform's own moves; a move that does not exist is refused", async () => {
    const { emu } = await open();
    expect((await control(emu, "POST", "/templates/new_offer/status", { status: "APPROVED" })).body.status).toBe("APPROVED");
    expect((await control(emu, "POST", "/templates/promo/status", { status: "DISABLED" })).body.status).toBe("DISABLED");
    const back = await control(emu, "POST", "/templates/promo/status", { status: "APPROVED" });
    expect(back.status).toBe(400);
    expect(back.body.error.message).toMatch(/^the platform has no move from DISABLED to APPROVED/);
    expect((await graph(emu, "POST", "/v24.0/main/messages", template(fresh(50)))).body.error.code).toBe(132016);
    // The business replaces it: promo_v2 in review; the old name stays disabled.
    expect((await control(emu, "POST", "/templates/promo/replace")).body).toMatchObject({ name: "promo_v2", status: "PENDING" });
    await control(emu, "POST", "/templates/promo_v2/status", { status: "APPROVED" });
    expect((await graph(emu, "POST", "/v24.0/main/messages", template(fresh(51), "promo_v2"))).status).toBe(200);
    expect((await graph(emu, "POST", "/v24.0/main/messages", template(fresh(51), "promo"))).body.error.code).toBe(132016);
    expect((await control(emu, "POST", "/templates/nope/status", { status: "PAUSED" })).status).toBe(404);
  });
});

describe("auto-advance and the real clock", () => {
  it("auto-advance: idle, the clock skips to the statuses and replies the sender awaits — and stops there", async () => {
    const { emu, hook } = await open({ autoAdvance: true, idleMs: 20 });
    const id = (await graph(emu, "POST", "/v24.0/main/messages", template(fresh(60), "notice"))).body.messages[0].id;
    const deadline = Date.now() + 10_000;
    while (hook.statuses().filter((s) => s.id === id).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(hook.statuses().filter((s) => s.id === id).map((s) => s.status)).toEqual(["sent", "delivered", "read"]);
    await new Promise((r) => setTimeout(r, 300));
    const now = Date.parse(emu.clock.state().now);
    const last = Math.max(...emu.webhooks().map((w) => Date.parse(w.due)));
    expect(now).toBe(last);
    // Frozen, it waits.
    emu.clock.freeze();
    await graph(emu, "POST", "/v24.0/main/messages", template(fresh(61), "notice"));
    await new Promise((r) => setTimeout(r, 200));
    expect(Date.parse(emu.clock.state().now)).toBe(now);
  });

  it("real clock at 3600×: a virtual hour per second, and the statuses come by themselves", async () => {
    const { emu, hook } = await open({ clock: "real", speed: 3600 });
    const id = (await graph(emu, "POST", "/v24.0/main/messages", template(fresh(70), "notice"))).body.messages[0].id;
    const deadline = Date.now() + 10_000;
    while (hook.statuses().filter((s) => s.id === id).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(hook.statuses().filter((s) => s.id === id).map((s) => s.status)).toEqual(["sent", "delivered", "read"]);
    expect(emu.clock.state().t).toBeGreaterThan(0);
    const frozen = emu.clock.freeze();
    await new Promise((r) => setTimeout(r, 100));
    expect(emu.clock.state().t).toBe(frozen.t);
  });

  it("refuses bad options", async () => {
    await expect(startEmulator({ scenario: SHOP, days: 0 })).rejects.toThrow("days must be a whole number");
    await expect(startEmulator({ scenario: "no/such.yaml" })).rejects.toMatchObject({ code: "invalid-scenario", issues: [expect.objectContaining({ code: "file-not-found" })] });
    const a = await startEmulator({ scenario: SHOP });
    closeLater(() => a.stop());
    await expect(startEmulator({ scenario: SHOP, port: Number(new URL(a.url).port) })).rejects.toMatchObject({ code: "EADDRINUSE" });
  });
});
