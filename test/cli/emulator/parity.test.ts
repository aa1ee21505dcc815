// Parity: the emulator enforces the rules `tiersim run` simulates, through the same platform
// code. A scripted sender sends a scenario's plan over HTTP — each entry to the next fresh users
// of the audience, at the number's throughput, moving the virtual clock itself — and gets the
// same limit-change timeline and the same outcome counts as `tiersim run` on that plan.
import { afterAll, describe, expect, it } from "vitest";
import { canonicalNumber } from "../../../cli/emulator/recipients.js";
import { startEmulator, type Emulator } from "../../../cli/emulator/server.js";
import { compileScenario } from "../../../scenarios/compile.js";
import { loadScenarioFile } from "../../../scenarios/load-file.js";
import type { SimConfig } from "../../../sim/config.js";
import { simulate } from "../../../sim/run.js";
import type { Json } from "./helpers.js";

function load(path: string): SimConfig {
  const loaded = loadScenarioFile(path);
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join("\n"));
  return compileScenario(loaded.scenario, loaded.ruleSet);
}

const running: Emulator[] = [];
afterAll(async () => {
  await Promise.all(running.map((e) => e.stop()));
});

/**
 * Sends `config`'s plan campaigns through the emulator's HTTP API as a careful sender would:
 * each entry to fresh users in opt-in order (addressed by their canonical numbers), no more per
 * virtual second than the number's throughput; then runs the clock to the end of the horizon.
 * Returns the statuses of the answers, by HTTP status and message_status.
 */
async function sendPlan(emu: Emulator, config: SimConfig): Promise<Record<string, number>> {
  const answers: Record<string, number> = {};
  let next = 0;
  for (const c of config.campaigns) {
    const state = emu.state() as Json;
    const mps: number = state.phones[c.phone].mps;
    const phone: string = state.phones[c.phone].id;
    const template = config.templates[c.template].name;
    for (const entry of c.plan ?? []) {
      for (let i = 0; i < entry.count; i++) {
        const at = entry.at + Math.floor(i / mps) * 1000;
        if (at > emu.clock.state().t) await emu.clock.set(at);
        const r = await fetch(`${emu.url}/v24.0/${phone}/messages`, {
          method: "POST",
          headers: { Authorization: `Bearer ${emu.accessToken}`, "Content-Type": "application/json" },
          body: JSON.stringify({ messaging_product: "whatsapp", to: canonicalNumber(next++), type: "template", template: { name: template, language: { code: "en_US" } } }),
        });
        const body = (await r.json()) as Json;
        const key = `${r.status} ${body.messages?.[0]?.message_status ?? body.error?.code}`;
        answers[key] = (answers[key] ?? 0) + 1;
      }
    }
  }
  await emu.clock.set(config.horizon);
  return answers;
}

const limitChanges = (events: readonly Json[]) => events.filter((e) => e.type === "limit-changed");

describe("parity with tiersim run", () => {
  for (const [file, sends] of [
    ["scenarios/worked-example-2days.yaml", 500],
    ["test/fixtures/emulator/parity.yaml", 2600],
  ] as const) {
    it(`${file}: the same limit changes and the same outcome counts`, async () => {
      const config = load(file);
      const run = simulate(config);
      const emu = await startEmulator({ scenario: file });
      running.push(emu);
      const answers = await sendPlan(emu, config);
      // Every send was accepted: the plan stays under the limit and the throughput.
      expect(answers).toEqual({ "200 accepted": sends });

      const events = ((await (await fetch(`${emu.controlUrl}/events?type=limit-changed`)).json()) as Json).events;
      expect(limitChanges(events)).toEqual(limitChanges(run.events));
      expect(limitChanges(run.events).map((e) => e.to)).toEqual([10000]);

      const state = emu.state() as Json;
      const counts = (m: Json) => ({ attempted: m.attempted, accepted: m.accepted, delivered: m.delivered, read: m.read, failed: m.failed, rejected: m.rejected, held: m.held });
      expect(counts(state.messages)).toEqual(counts(run.summary.messages));
      expect(state.failuresByCode).toEqual(run.summary.failuresByCode);
      expect(state.users).toMatchObject({ replied: run.summary.users.replied, blocked: run.summary.users.blocked });
      expect(state.messages.attempted).toBe(sends);
      if (file.includes("parity")) {
        // The workload has more than one count to agree on.
        expect(run.summary.messages.failed).toBeGreaterThan(0);
        expect(run.summary.users.replied).toBeGreaterThan(0);
        expect(run.summary.messages.read).toBeGreaterThan(0);
      }
    });
  }
});
