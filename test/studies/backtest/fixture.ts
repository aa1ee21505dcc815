// A small scenario for the backtest tests: a verified sender under the Nov 2023 rules (fixed
// 24 h upgrade delay) with 6,000 users and a daily campaign: 1K → 10K → 100K within four days.
import { compileScenario } from "../../../scenarios/compile.js";
import { loadScenarioText } from "../../../scenarios/load.js";
import type { SimConfig } from "../../../sim/config.js";

export const RAMP_YAML = `
name: Backtest ramp
rules: meta-2023-11
start: 2026-03-02T00:00:00+01:00
days: 4
timezone: Europe/Madrid
seed: 7
business: { verification: verified, limit: 1000 }
templates:
  - { name: daily_deal, category: MARKETING, status: APPROVED }
audience:
  optedIn: 6000
  markets: { ES: 0.7, MX: 0.3 }
  segments:
    - { name: engaged, share: 0.4, read: 0.85, reply: 0.08, block: 0.001, report: 0.0002, optOut: 0.002, inboundPerDay: 0.02 }
    - { name: casual, share: 0.6, read: 0.55, reply: 0.02, block: 0.003, report: 0.0006, optOut: 0.006, inboundPerDay: 0.004 }
campaigns:
  - name: daily
    template: daily_deal
    audience: { segments: [engaged, casual], share: 1 }
    start: 2026-03-02
    cadence: daily
    window: "10:00-20:00"
    throttle: { policy: fill-limit, headroom: 0.05 }
`;

/** The ramp scenario, compiled; `edit` changes its text first. */
export function rampConfig(edit: (yaml: string) => string = (y) => y): SimConfig {
  const loaded = loadScenarioText(edit(RAMP_YAML), "ramp.yaml");
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  return compileScenario(loaded.scenario, loaded.ruleSet);
}
