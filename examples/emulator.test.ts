// Test a sender against the local Cloud API emulator, in your own test suite: start it on a free
// port with a virtual clock, point your client at `emu.url`, and move time yourself. Here the
// "sender" is a few lines of fetch; in your project it is your own code, unchanged. Copy this
// file, replace "./tiersim.js" with "tiersim", and point SCENARIO at your scenario.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startEmulator, type Emulator } from "./tiersim.js";

// Meta's worked example: a verified business at 1K that reaches 500 distinct users by 15:00
// is raised to 10K at 15:00 the next day.
const SCENARIO = fileURLToPath(new URL("../scenarios/worked-example-2days.yaml", import.meta.url));

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ scenario: SCENARIO, port: 0 }); // virtual clock at the scenario start
});
afterAll(() => emu.stop());

/** Your sender: one template message to `to`. */
async function sendTemplate(to: string): Promise<Response> {
  return fetch(`${emu.url}/v24.0/${emu.phoneNumberIds[0]}/messages`, {
    method: "POST",
    headers: { Authorization: `Bearer ${emu.accessToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({ messaging_product: "whatsapp", to, type: "template", template: { name: "order_confirmation", language: { code: "en_US" } } }),
  });
}

/** The limit the Graph API reports for the number. */
async function tier(): Promise<string> {
  const r = await fetch(`${emu.url}/v24.0/${emu.phoneNumberIds[0]}?fields=whatsapp_business_manager_messaging_limit`, { headers: { Authorization: `Bearer ${emu.accessToken}` } });
  return ((await r.json()) as { whatsapp_business_manager_messaging_limit: string }).whatsapp_business_manager_messaging_limit;
}

describe("our sender across a tier change", () => {
  test("500 users by 15:00 on day one: 1K until 15:00 the next day, then 10K", async () => {
    await emu.clock.set("2024-03-04T15:00:00Z");
    // 500 distinct users at the number's 80 messages a second: the clock moves a second after each 80.
    for (let i = 0; i < 500; i++) {
      expect((await sendTemplate(`+34 600 ${String(100_000 + i)}`)).status).toBe(200);
      if (i % 80 === 79) await emu.clock.advance("1s");
    }
    expect(await tier()).toBe("TIER_1K");
    await emu.clock.set("2024-03-05T14:59:00Z");
    expect(await tier()).toBe("TIER_1K");
    await emu.clock.advance("2m");
    expect(await tier()).toBe("TIER_10K");
  });
});
