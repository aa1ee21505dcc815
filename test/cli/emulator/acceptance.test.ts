// The emulator as a new user meets it, end to end through the compiled CLI: `tiersim emulate
// scenarios/quickstart.yaml` starts in under 2 s; a plain HTTP template send (what `curl` does)
// is accepted and its status arrives at a local endpoint, signed over the exact bytes; and
// advancing the clock across the tier change shows the new limit in GET /{phone-number-id}.
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, tiersim } from "../tiersim.js";
import { startReceiver, type Json, type Receiver } from "./helpers.js";

interface Ready {
  url: string;
  phoneNumberIds: string[];
  verifyToken: string;
  appSecret: string;
  accessToken: string;
}

let child: ChildProcess;
let hook: Receiver;
let ready: Ready;
let startupMs: number;

/**
 * A seed under which the 1,100 sends of the tier-change test rate the portfolio GREEN. The
 * quickstart's complaint rates sit near the YELLOW threshold at that sample size, and a rating
 * holds once sends stop (`quality.holdLastRating`): under a seed that rates it YELLOW the
 * portfolio rightly never scales, and the test would show nothing of the GET it is about.
 */
const SEED_ARGS = ["--seed", "1"];

/** Starts the CLI and resolves with its `--json` line, timing it from the spawn. */
function launch(args: string[]): Promise<{ child: ChildProcess; ready: Ready; ms: number }> {
  const t0 = performance.now();
  const c = spawn(process.execPath, [BIN, "emulate", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    c.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf("\n");
      if (nl >= 0) resolve({ child: c, ready: JSON.parse(out.slice(0, nl)) as Ready, ms: performance.now() - t0 });
    });
    c.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    c.once("exit", (code) => reject(new Error(`tiersim emulate exited (${code}) before it was ready: ${err}`)));
  });
}

async function graph(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const r = await fetch(`${ready.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${ready.accessToken}`, ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: r.status, body: await r.json() };
}

async function advance(by: string): Promise<Json> {
  const r = await fetch(`${ready.url}/_tiersim/clock/advance`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ by }) });
  expect(r.status).toBe(200);
  return r.json();
}

const send = (to: string, template = "order_update") => graph("POST", "/v24.0/main/messages", { messaging_product: "whatsapp", to, type: "template", template: { name: template, language: { code: "en_US" } } });

beforeAll(async () => {
  hook = await startReceiver();
  // --no-auto-advance: the test alone moves time, so every figure below is exact.
  ({ child, ready, ms: startupMs } = await launch(["scenarios/quickstart.yaml", "--port", "0", "--json", "--no-auto-advance", ...SEED_ARGS, "--webhook", hook.url, "--app-secret", "s3cret"]));
});

afterAll(async () => {
  child?.kill("SIGTERM");
  await hook?.close();
});

describe("tiersim emulate scenarios/quickstart.yaml", () => {
  it("starts in under 2 s and prints where it listens and its secrets", async () => {
    // Start-up is timed from the spawn to the ready line. On a shared machine another process
    // can stall any one launch, so the figure is the best of up to three launches.
    let best = startupMs;
    for (let i = 0; i < 2 && best >= 2000; i++) {
      const again = await launch(["scenarios/quickstart.yaml", "--port", "0", "--json", "--no-auto-advance"]);
      again.child.kill("SIGTERM");
      best = Math.min(best, again.ms);
    }
    expect(best).toBeLessThan(2000);
    expect(ready).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), phoneNumberIds: ["main"], appSecret: "s3cret" });
    expect(ready.accessToken.length).toBeGreaterThan(20);
    // The GET handshake ran against the endpoint at start, with the verify token it printed.
    expect(hook.handshakes.map((h) => [h.get("hub.mode"), h.get("hub.verify_token")])).toEqual([["subscribe", ready.verifyToken]]);
  });

  it("accepts a template send and posts its status, signed over the exact bytes sent", async () => {
    const r = await send("34600111222");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ messaging_product: "whatsapp", contacts: [{ input: "34600111222", wa_id: "34600111222" }], messages: [{ id: expect.stringMatching(/^wamid\./), message_status: "accepted" }] });
    await advance("1m");
    const mine = hook.posts.filter((p) => (p.body.entry[0].changes[0].value.statuses ?? []).some((s) => s.id === r.body.messages[0].id));
    expect(mine.map((p) => p.body.entry[0].changes[0].value.statuses![0].status)).toEqual(expect.arrayContaining(["sent", "delivered"]));
    for (const p of mine) expect(p.headers["x-hub-signature-256"]).toBe(`sha256=${createHmac("sha256", "s3cret").update(p.raw).digest("hex")}`);
  });

  it("advancing the clock across the tier change shows the new limit in GET /{phone-number-id}", async () => {
    const limit = async (): Promise<string> => (await graph("GET", "/v24.0/main?fields=whatsapp_business_manager_messaging_limit")).body.whatsapp_business_manager_messaging_limit;
    expect(await limit()).toBe("TIER_2K");
    // 1,000 distinct users delivered to (half the 2K limit; 1,100 sent, as about 1 % are
    // undeliverable) in 7 days earn 10K within 6 h, while the portfolio's rating lets it scale
    // (GREEN; the quickstart's users block now and then: under about half the seeds these 1,100
    // sends rate YELLOW, which holds until new deliveries rate it again — see SEED_ARGS).
    // Sent at the number's throughput, 80 a second: the clock moves a second after each 80
    // (each batch reaches the next 80 fresh users of the audience, whatever order they land in).
    for (let i = 0; i < 1100; i += 80) {
      const batch = await Promise.all(Array.from({ length: Math.min(80, 1100 - i) }, (_, k) => send(String(34611000000 + i + k))));
      expect(batch.map((b) => b.status)).toEqual(batch.map(() => 200));
      await advance("1s");
    }
    // Hour by hour: the limit GET answers changes once, from 2K to 10K, in the hour the event
    // log says the platform raised it.
    const seen: Array<[string, string]> = [];
    for (let h = 0; h < 7 * 24 && seen.length === 0; h++) {
      const before = (await advance("0s")).now as string;
      const after = (await advance("1h")).now as string;
      const now = await limit();
      if (now !== "TIER_2K") seen.push([before, after], [now, now]);
    }
    // The seed's sends left the portfolio GREEN (a YELLOW rating would hold, and hold the upgrade).
    const ratings = (await (await fetch(`${ready.url}/_tiersim/events?type=quality-changed`)).json()) as Json;
    expect(ratings.events.map((e: Json) => e.to)).not.toContain("YELLOW");
    expect(seen[1]).toEqual(["TIER_10K", "TIER_10K"]);
    const [from, to] = seen[0];
    const events = (await (await fetch(`${ready.url}/_tiersim/events?type=limit-changed`)).json()) as Json;
    expect(events.events).toEqual([expect.objectContaining({ type: "limit-changed", from: 2000, to: 10000, reason: "auto-scale" })]);
    const at = events.events[0].at as string;
    expect(at > from && at <= to).toBe(true);
    // The business heard of it: a business_capability_update webhook with the new limit.
    const caps = hook.posts.map((p) => p.body.entry[0].changes[0]).filter((c) => c.field === "business_capability_update");
    expect(caps.at(-1)?.value).toMatchObject({ max_daily_conversations_per_business: 10000 });
  });
});

describe("tiersim emulate: usage errors", () => {
  it("a bad flag value is one line and exit 2, before anything listens", () => {
    const r = tiersim(["emulate", "--port", "0", "--webhook-duplicates", "2"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tiersim: --webhook-duplicates must be a probability from 0 to 1, got 2; see `tiersim emulate --help`\n$/);
    expect(r.stdout).toBe("");
  });
});
