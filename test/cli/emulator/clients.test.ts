// Real WhatsApp client libraries from npm, pointed at the emulator: they send templates, meet
// 130429 and 131049 as their own error types, and verify the emulator's webhook signatures
// with their own functions — including a body with non-ASCII text, which Meta sends with
// escaped unicode and signs as sent.
//  - whatsapp-api-js has no base-URL option: its fetch ponyfill sends graph.facebook.com calls
//    to the emulator; its webhook handler (`get` for the handshake, `post` with the raw body and
//    signature) runs in the test's endpoint.
//  - @kapso/whatsapp-cloud-api takes a base URL; its errors are GraphApiError with a category
//    and a retry hint, and its server entry verifies and normalises webhooks.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WhatsAppAPI } from "whatsapp-api-js";
import { Language, Template, Text } from "whatsapp-api-js/messages";
import type { OnMessageArgs, OnStatusArgs } from "whatsapp-api-js/emitters";
import { GraphApiError, WhatsAppClient } from "@kapso/whatsapp-cloud-api";
import { normalizeWebhook, verifySignature } from "@kapso/whatsapp-cloud-api/server";
import { startEmulator, type Emulator } from "../../../cli/emulator/server.js";
import type { Json } from "./helpers.js";

/**
 * Statuses in lifecycle order. Webhooks that fall due in one clock advance go out as concurrent
 * POSTs, and neither Meta nor the emulator promises their order of arrival: the tests check that
 * each status came exactly once, not the order the receiver saw.
 */
const LIFECYCLE = ["sent", "delivered", "read", "failed"];
function inStatusOrder(statuses: string[]): string[] {
  return [...statuses].sort((a, b) => LIFECYCLE.indexOf(a) - LIFECYCLE.indexOf(b));
}

const FIXTURE = "test/fixtures/emulator/clients.yaml";
const PHONE = "106540352242922";
const HOLA = "¡Hola! Quería saber si el envío llega mañana 🚚";

/** An endpoint that hands every request to a client library's own webhook code. */
async function endpoint(handle: (req: { method: string; query: URLSearchParams; raw: string; signature: string | undefined }) => Promise<{ status: number; body: string }>) {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const query = new URL(req.url ?? "/", "http://endpoint").searchParams;
      const sig = req.headers["x-hub-signature-256"];
      void handle({ method: req.method ?? "GET", query, raw: Buffer.concat(chunks).toString("utf8"), signature: typeof sig === "string" ? sig : undefined }).then(
        (r) => res.writeHead(r.status).end(r.body),
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe("whatsapp-api-js", () => {
  let emu: Emulator;
  let api: WhatsAppAPI;
  let hook: Awaited<ReturnType<typeof endpoint>>;
  const statuses: OnStatusArgs[] = [];
  const messages: OnMessageArgs[] = [];
  let rejected = 0;

  beforeAll(async () => {
    emu = await startEmulator({ scenario: FIXTURE, appSecret: "app-secret-1", verifyToken: "verify-1" });
    const emulatorFetch: typeof fetch = (input, init) => fetch(String(input).replace("https://graph.facebook.com", emu.url), init);
    api = new WhatsAppAPI({ token: emu.accessToken, appSecret: emu.appSecret, webhookVerifyToken: emu.verifyToken, v: "v24.0", ponyfill: { fetch: emulatorFetch } });
    api.on.status = (args) => void statuses.push(args);
    api.on.message = (args) => void messages.push(args);
    hook = await endpoint(async ({ method, query, raw, signature }) => {
      if (method === "GET") return { status: 200, body: String(api.get({ "hub.mode": query.get("hub.mode") as "subscribe", "hub.verify_token": query.get("hub.verify_token") ?? "", "hub.challenge": query.get("hub.challenge") ?? "" })) };
      try {
        await api.post(JSON.parse(raw), raw, signature ?? "");
        return { status: 200, body: "" };
      } catch {
        rejected++;
        return { status: 401, body: "" };
      }
    });
    // The library answers the GET handshake itself.
    expect(await emu.setWebhook(hook.url)).toMatchObject({ verified: true });
  });
  afterAll(async () => {
    await emu?.stop();
    await hook?.close();
  });

  it("sends a template; its statuses pass the library's signature check", async () => {
    const r = (await api.sendMessage(PHONE, "5511900000001", new Template("order_update", new Language("en_US")))) as Json;
    expect(r.messages[0]).toMatchObject({ id: expect.stringMatching(/^wamid\./), message_status: "accepted" });
    await emu.clock.advance("5m");
    expect(inStatusOrder(statuses.filter((s) => s.id === r.messages[0].id).map((s) => s.status))).toEqual(["sent", "delivered", "read"]);
    expect(rejected).toBe(0);
  });

  it("a burst over the number's 5 messages a second: the sixth answers 130429", async () => {
    const answers = (await Promise.all(Array.from({ length: 6 }, (_, i) => api.sendMessage(PHONE, `55119000001${i}`, new Template("order_update", new Language("en_US")))))) as Json[];
    const errors = answers.filter((a) => "error" in a).map((a) => [a.error.code, a.error.type]);
    expect(errors).toEqual([[130429, "OAuthException"]]);
    await emu.clock.advance("1s");
  });

  it("a third promotion to one user in a day fails with 131049 in a failed status", async () => {
    for (let i = 0; i < 3; i++) {
      const r = (await api.sendMessage(PHONE, "5511900000099", new Template("promo", new Language("en_US")))) as Json;
      expect(r.messages[0].message_status).toBe("accepted");
      await emu.clock.advance("10s");
    }
    await emu.clock.advance("5m");
    const failed = statuses.filter((s) => s.phone === "5511900000099" && s.status === "failed");
    expect(failed.map((s) => s.error?.code)).toEqual([131049]);
    expect(rejected).toBe(0);
  });

  it("an inbound message with non-ASCII text: signature valid, text intact", async () => {
    await fetch(`${emu.controlUrl}/inbound`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ from: "+55 11 90000-0077", text: HOLA }) });
    await emu.clock.advance("1s");
    expect(messages.map((m) => [m.from, (m.message as Json).text?.body])).toEqual([["5511900000077", HOLA]]);
    // A free-form reply inside the window it opened.
    const r = (await api.sendMessage(PHONE, "5511900000077", new Text("Sí, llega mañana."))) as Json;
    expect(r.messages[0].id).toMatch(/^wamid\./);
    expect(rejected).toBe(0);
  });
});

describe("@kapso/whatsapp-cloud-api", () => {
  let emu: Emulator;
  let client: WhatsAppClient;
  let hook: Awaited<ReturnType<typeof endpoint>>;
  const received: Array<{ valid: boolean; payload: Json }> = [];

  beforeAll(async () => {
    emu = await startEmulator({ scenario: FIXTURE, appSecret: "app-secret-2", verifyToken: "verify-2" });
    client = new WhatsAppClient({ accessToken: emu.accessToken, baseUrl: emu.url, graphVersion: "v24.0" });
    hook = await endpoint(async ({ method, query, raw, signature }) => {
      if (method === "GET") return { status: 200, body: query.get("hub.verify_token") === "verify-2" ? (query.get("hub.challenge") ?? "") : "" };
      received.push({ valid: verifySignature({ appSecret: "app-secret-2", rawBody: raw, signatureHeader: signature }), payload: JSON.parse(raw) });
      return { status: 200, body: "" };
    });
    expect(await emu.setWebhook(hook.url)).toMatchObject({ verified: true });
  });
  afterAll(async () => {
    await emu?.stop();
    await hook?.close();
  });

  const sendPromo = (to: string, name = "order_update") => client.messages.sendTemplate({ phoneNumberId: PHONE, to, template: { name, language: { code: "en_US" } } });

  it("sends a template; the library verifies every webhook's signature", async () => {
    const r = await sendPromo("5511900000001");
    expect(r.messages[0].id).toMatch(/^wamid\./);
    await emu.clock.advance("5m");
    const statuses = received.flatMap((w) => normalizeWebhook(w.payload).statuses).filter((s) => s.id === r.messages[0].id);
    expect(inStatusOrder(statuses.map((s) => s.status))).toEqual(["sent", "delivered", "read"]);
    expect(received.every((w) => w.valid)).toBe(true);
  });

  it("130429 is a GraphApiError: category throttling, a rate limit, retry after a pause", async () => {
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => sendPromo(`55119000002${i}`)));
    const errors = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as unknown);
    expect(errors).toHaveLength(1);
    const e = errors[0];
    expect(e).toBeInstanceOf(GraphApiError);
    const g = e as GraphApiError;
    expect([g.code, g.category, g.isRateLimit(), g.retry.action]).toEqual([130429, "throttling", true, "retry_after"]);
    await emu.clock.advance("1s");
  });

  it("131049 arrives in a failed status the library normalises; as a Graph error it says do not retry", async () => {
    for (let i = 0; i < 3; i++) {
      await sendPromo("5511900000099", "promo");
      await emu.clock.advance("10s");
    }
    await emu.clock.advance("5m");
    const failed = received.flatMap((w) => normalizeWebhook(w.payload).statuses).filter((s) => s.status === "failed");
    expect(failed.map((s) => (s.errors?.[0] as Json)?.code)).toEqual([131049]);
    // A fault injected as a synchronous error (mode sync) meets the library's error type too.
    await fetch(`${emu.controlUrl}/faults`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ code: 131049, mode: "sync", count: 1 }) });
    const e = await sendPromo("5511900000098", "promo").then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(GraphApiError);
    expect([(e as GraphApiError).code, (e as GraphApiError).retry.action]).toEqual([131049, "do_not_retry"]);
  });

  it("a non-ASCII inbound message: the signature the library checks is over the bytes sent", async () => {
    received.length = 0;
    await fetch(`${emu.controlUrl}/inbound`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ from: "+55 11 90000-0077", text: HOLA }) });
    await emu.clock.advance("1s");
    expect(received.map((w) => w.valid)).toEqual([true]);
    expect(normalizeWebhook(received[0].payload).messages.map((m) => (m as Json).text?.body)).toEqual([HOLA]);
  });
});
