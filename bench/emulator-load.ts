// The other side of the emulator benchmark, in its own process (so the emulator has a core to
// itself): concurrent keep-alive clients sending template messages over loopback, and a webhook
// endpoint counting what comes back and checking a sample of signatures. Driven by the suite
// (bench/suites/emulator.ts) through IPC.
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** What the suite asks for. */
export interface LoadRequest {
  type: "run";
  url: string;
  token: string;
  appSecret: string;
  phone: string;
  template: string;
  /** Sends before timing starts (JIT warm-up). */
  warmup: number;
  total: number;
  concurrency: number;
}

/** What the load side reports. */
export interface LoadReport {
  type: "done";
  sends: number;
  seconds: number;
  latencies: { p50: number; p99: number; max: number };
  codes: Record<string, number>;
  webhooks: number;
  /** Webhooks received while the timed sends ran. */
  webhooksDuring: number;
  badSignatures: number;
}

let received = 0;
let badSignatures = 0;
let secret = "";
let lastWebhook = performance.now();

const receiver = http.createServer((req, res) => {
  if (req.method === "GET") {
    res.end(new URL(req.url ?? "/", "http://x").searchParams.get("hub.challenge") ?? "");
    return;
  }
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    received++;
    lastWebhook = performance.now();
    // A sample of signatures: checking every one would measure the receiver, not the emulator.
    if (received % 50 === 0 && req.headers["x-hub-signature-256"] !== "sha256=" + createHmac("sha256", secret).update(Buffer.concat(chunks)).digest("hex")) badSignatures++;
    res.end("EVENT_RECEIVED");
  });
});

function send(agent: http.Agent, r: LoadRequest, i: number): Promise<number> {
  const body = JSON.stringify({ messaging_product: "whatsapp", recipient_type: "individual", to: String(5511900000000 + i), type: "template", template: { name: r.template, language: { code: "en_US" } } });
  const u = new URL(r.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, path: `/v24.0/${r.phone}/messages`, method: "POST", agent, headers: { Authorization: `Bearer ${r.token}`, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function run(r: LoadRequest): Promise<LoadReport> {
  secret = r.appSecret;
  const agent = new http.Agent({ keepAlive: true, maxSockets: r.concurrency });
  let next = 0;
  const codes: Record<string, number> = {};
  const lat: number[] = [];
  const drive = async (upTo: number, timed: boolean): Promise<void> => {
    await Promise.all(
      Array.from({ length: r.concurrency }, async () => {
        while (next < upTo) {
          const i = next++;
          const t0 = performance.now();
          const code = await send(agent, r, i);
          if (timed) {
            lat.push(performance.now() - t0);
            codes[code] = (codes[code] ?? 0) + 1;
          }
        }
      }),
    );
  };
  await drive(r.warmup, false);
  const before = received;
  const t0 = performance.now();
  await drive(r.warmup + r.total, true);
  const seconds = (performance.now() - t0) / 1000;
  const during = received - before;
  // Let the webhooks still due (delivered 1 s, read 3 s later) come in.
  while (performance.now() - lastWebhook < 1500) await new Promise((res) => setTimeout(res, 100));
  agent.destroy();
  lat.sort((a, b) => a - b);
  const q = (p: number): number => Math.round(lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] * 100) / 100;
  return { type: "done", sends: r.total, seconds, latencies: { p50: q(0.5), p99: q(0.99), max: q(1) }, codes, webhooks: received, webhooksDuring: during, badSignatures };
}

receiver.listen(0, "127.0.0.1", () => {
  process.send!({ type: "ready", webhook: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook` });
});
process.on("message", (m: LoadRequest) => {
  if (m.type !== "run") return;
  void run(m).then((report) => {
    process.send!(report);
    receiver.close();
    receiver.closeAllConnections();
  });
});
