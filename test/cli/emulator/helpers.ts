// What the emulator's tests share: a webhook receiver on loopback that records the exact bytes
// and headers it gets (and can be told to fail), and small Graph API calls.
import { afterEach } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../../cli/emulator/server.js";

export const SHOP = "test/fixtures/emulator/shop.yaml";

/** One POST the receiver got. */
export interface Received {
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
  body: {
    object: string;
    entry: Array<{ id: string; time?: number; changes: Array<{ field: string; value: Record<string, unknown> & { statuses?: Array<Record<string, unknown>>; messages?: Array<Record<string, unknown>> } }> }>;
  };
}

/** A webhook endpoint for tests. */
export interface Receiver {
  url: string;
  posts: Received[];
  handshakes: URLSearchParams[];
  /** Answers the next `n` POSTs with `status` (then 200 again). */
  failNext(n: number, status?: number): void;
  /** Answers handshakes with something else than the challenge. */
  refuseHandshake(refuse: boolean): void;
  /** Statuses received, in arrival order: `${status}` (or `failed:${code}`) per status. */
  statuses(): Array<{ id: string; status: string; code?: number; raw: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const posts: Received[] = [];
  const handshakes: URLSearchParams[] = [];
  let failures = 0;
  let failStatus = 500;
  let refuse = false;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://receiver");
    if (req.method === "GET") {
      handshakes.push(url.searchParams);
      res.end(refuse ? "nope" : (url.searchParams.get("hub.challenge") ?? ""));
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      if (failures > 0) {
        failures--;
        res.statusCode = failStatus;
        res.end("try again");
        return;
      }
      posts.push({ headers: req.headers, raw, body: JSON.parse(raw.toString("utf8")) as Received["body"] });
      res.end("EVENT_RECEIVED");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    posts,
    handshakes,
    failNext(n, status = 500) {
      failures = n;
      failStatus = status;
    },
    refuseHandshake(r) {
      refuse = r;
    },
    statuses() {
      return posts.flatMap((p) =>
        (p.body.entry[0].changes[0].value.statuses ?? []).map((s) => ({
          id: String(s.id),
          status: String(s.status),
          ...(s.errors ? { code: (s.errors as Array<{ code: number }>)[0].code } : {}),
          raw: s,
        })),
      );
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** Starts an emulator for the test shop (or another scenario) with a receiver attached. */
export async function shop(opts: Partial<EmulatorOptions> = {}): Promise<{ emu: Emulator; hook: Receiver; close(): Promise<void> }> {
  const hook = await startReceiver();
  const emu = await startEmulator({ scenario: SHOP, webhook: hook.url, webhooks: { concurrency: 1 }, ...opts });
  return {
    emu,
    hook,
    close: async () => {
      await emu.stop();
      await hook.close();
    },
  };
}

/**
 * Emulators (and anything else) a test file opens, closed after each test: `open` starts a
 * `shop()`, `closeLater` registers any other closer.
 *
 * @example
 * ```ts
 * const { open, closeLater } = closedAfterEach();
 * it("…", async () => { const { emu } = await open({ days: 10 }); });
 * ```
 */
export function closedAfterEach(): { open(opts?: Partial<EmulatorOptions>): ReturnType<typeof shop>; closeLater(close: () => Promise<void>): void } {
  let pending: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of pending) await close();
    pending = [];
  });
  return {
    async open(opts = {}) {
      const s = await shop(opts);
      pending.push(s.close);
      return s;
    },
    closeLater(close) {
      pending.push(close);
    },
  };
}

/** A JSON answer as a test reads it: its shape is what the test asserts. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** A Graph API call with the emulator's token; the JSON answer and its status. */
export async function graph(emu: Emulator, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Json; text: string }> {
  const r = await fetch(`${emu.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${emu.accessToken}`, ...(body !== undefined ? { "Content-Type": "application/json" } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined, text };
}

/** A control-plane call. */
export async function control(emu: Emulator, method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const r = await fetch(`${emu.controlUrl}${path}`, { method, ...(body !== undefined ? { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) } : {}) });
  return { status: r.status, body: await r.json() };
}

/** A template send body. */
export function template(to: string, name = "promo", language = "en_US", extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { messaging_product: "whatsapp", recipient_type: "individual", to, type: "template", template: { name, language: { code: language } }, ...extra };
}

/** A text send body. */
export function text(to: string, body = "Hello"): Record<string, unknown> {
  return { messaging_product: "whatsapp", to, type: "text", text: { body } };
}

/** The number of the n-th fresh recipient used by a test (not a canonical or magic number). */
export function fresh(n: number): string {
  return `3460${String(1_000_000 + n).padStart(7, "0")}`;
}
