// `simulate(…, { webhooks })`: Meta-shaped bodies in time order, the same bytes for the same
// seed, and a run that writes them gives the same result as one that does not.
import { describe, expect, it } from "vitest";
import { configFromFile, configFromText } from "./helpers.js";
import { simulate } from "../../sim/run.js";
import { simulatedWaId } from "../../sim/webhook-log.js";
import { wamidOf } from "../../models/wire/index.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;

function lines(config: ReturnType<typeof configFromFile>, seed?: number): string[] {
  const out: string[] = [];
  simulate(config, { ...(seed !== undefined ? { seed } : {}), webhooks: (l) => out.push(l) });
  return out;
}

function momentOf(b: Body): number {
  const e = b.entry[0];
  const v = e.changes[0].value;
  const items = [...(v.statuses ?? []), ...(v.messages ?? []), ...(v.user_preferences ?? [])];
  return items.length > 0 ? Number(items[0].timestamp) : e.time;
}

describe("run --webhooks bodies", () => {
  const config = configFromFile("scenarios/quickstart.yaml", { days: 3 });
  const out = lines(config);
  const bodies: Body[] = out.map((l) => JSON.parse(l));

  it("are WABA webhook envelopes in Meta's encoding, in time order", () => {
    expect(out.length).toBeGreaterThan(10_000);
    for (const l of out) expect(/[^\x20-\x7e]/.test(l)).toBe(false);
    let last = -Infinity;
    for (const b of bodies) {
      expect(b.object).toBe("whatsapp_business_account");
      expect(b.entry).toHaveLength(1);
      expect(b.entry[0].changes).toHaveLength(1);
      const t = momentOf(b);
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
    }
    // Nothing at or after the horizon.
    expect(last).toBeLessThan((config.startEpoch + config.horizon) / 1000);
  });

  it("give each message sent → delivered → read with the era's per-message pricing, and failures their error", () => {
    const statuses = bodies.filter((b) => b.entry[0].changes[0].field === "messages" && b.entry[0].changes[0].value.statuses).map((b) => b.entry[0].changes[0].value.statuses[0]);
    const byId = new Map<string, Body[]>();
    for (const s of statuses) byId.set(s.id, [...(byId.get(s.id) ?? []), s]);
    const read = statuses.find((s) => s.status === "read")!;
    const seq = byId.get(read.id)!.map((s: Body) => s.status);
    expect(seq[0]).toBe("sent");
    expect(seq[seq.length - 1]).toBe("read");
    expect(read.pricing).toEqual({ billable: true, pricing_model: "PMP", type: "regular", category: "marketing" });
    const failed = statuses.find((s) => s.status === "failed")!;
    expect(failed.errors[0]).toMatchObject({ code: expect.any(Number), title: expect.any(String), href: expect.stringContaining("error-codes") });
    expect(failed.pricing).toBeUndefined();
    // The recipient id and the wamid agree (Meta's wamid encodes the recipient).
    const user = Number(read.recipient_id.slice(-9)) - 600_000_000;
    expect([simulatedWaId("ES", user), simulatedWaId("MX", user), simulatedWaId("OTHER", user)]).toContain(read.recipient_id);
    expect(read.id.startsWith(wamidOf(read.recipient_id, "0").slice(0, 12))).toBe(true);
  });

  it("name the message a reply answers, and report limit changes as Meta does", () => {
    const replies = bodies.filter((b) => b.entry[0].changes[0].value.messages?.[0]?.context);
    expect(replies.length).toBeGreaterThan(100);
    const ids = new Set(bodies.flatMap((b) => (b.entry[0].changes[0].value.statuses ?? []).map((s: Body) => s.id)));
    for (const r of replies.slice(0, 50)) expect(ids.has(r.entry[0].changes[0].value.messages[0].context.id)).toBe(true);
    const upgrades = bodies.filter((b) => b.entry[0].changes[0].field === "phone_number_quality_update").map((b) => b.entry[0].changes[0].value);
    const result = simulate(config);
    const changes = result.events.filter((e) => e.type === "limit-changed");
    expect(upgrades.filter((u) => u.event === "UPGRADE")).toHaveLength(changes.length);
    expect(upgrades[0]).toMatchObject({ event: "UPGRADE", current_limit: "TIER_10K", old_limit: "TIER_2K", max_daily_conversations_per_business: "TIER_10K" });
    const capability = bodies.filter((b) => b.entry[0].changes[0].field === "business_capability_update");
    expect(capability[0].entry[0].changes[0].value).toEqual({ max_daily_conversations_per_business: 10000 });
  });

  it("are the same bytes for the same seed, and leave the run's result unchanged", () => {
    expect(lines(config)).toEqual(out);
    const plain = JSON.stringify(simulate(config));
    expect(JSON.stringify(simulate(config, { webhooks: () => {} }))).toBe(plain);
    expect(lines(config, 7)).not.toEqual(out);
  });

  it("price conversation-era statuses per conversation (CBP)", () => {
    const cbp = configFromText(
      ["name: cbp", "rules: meta-2023-11", "start: 2024-03-04T00:00:00Z", "days: 1", "seed: 1", "business: { verification: verified }",
        "templates: [{ name: t, category: UTILITY, status: APPROVED }]", "audience: { optedIn: 300, markets: { US: 1 } }",
        "campaigns: [{ name: c, template: t, start: 2024-03-04, cadence: once }]"].join("\n"),
    );
    const sent = lines(cbp).map((l) => JSON.parse(l)).find((b: Body) => b.entry[0].changes[0].value.statuses?.[0]?.status === "sent");
    expect(sent.entry[0].changes[0].value.statuses[0].pricing).toMatchObject({ pricing_model: "CBP", category: "utility" });
  });
});
