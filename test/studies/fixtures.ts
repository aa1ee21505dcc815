// Small scenarios and synthetic replications for the Monte Carlo tests: a few simulated days
// of a short list keep each replication in the tens of milliseconds.
import { readFileSync } from "node:fs";
import { compileScenario } from "../../scenarios/compile.js";
import { loadScenarioText } from "../../scenarios/load.js";
import type { SimConfig } from "../../sim/config.js";
import type { ProjectionHeader, ReplicationRecord } from "../../studies/projections/types.js";
import type { RunSummary } from "../../sim/result.js";
import { runSeed } from "../../studies/projections/replicate.js";
import { DAY } from "../../models/duration.js";

/** The quickstart scenario with a 3,000-user list, and optional edits of its text. */
export function smallScenarioText(edit: (text: string) => string = (t) => t): string {
  return edit(readFileSync("scenarios/quickstart.yaml", "utf8").replace("optedIn: 30000", "optedIn: 3000"));
}

/** Compiled small scenario over `days` days. */
export function smallConfig(days = 2, edit?: (text: string) => string): SimConfig {
  const loaded = loadScenarioText(smallScenarioText(edit), "small.yaml");
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join("\n"));
  return compileScenario(loaded.scenario, loaded.ruleSet, { days });
}

/**
 * A 4,000-user list whose cold segment's block rate drives template quality (reports kept
 * low): more blocks, sooner paused and disabled.
 */
export function complaintsConfig(coldBlock: number): SimConfig {
  const text = COMPLAINTS.replace("block: 0.005,", `block: ${coldBlock},`);
  const loaded = loadScenarioText(text, "complaints.yaml");
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join("\n"));
  return compileScenario(loaded.scenario, loaded.ruleSet);
}

/** A complaint-prone list: blocks drive the template to pauses and disabling (sweep fixtures). */
export const COMPLAINTS = `name: Complaint-prone list
rules: meta-2025-10
start: 2026-05-04T00:00:00-03:00
days: 6
timezone: America/Sao_Paulo
seed: 11
business: { verification: verified, limit: 10000, quality: GREEN }
templates:
  - { name: offer, category: MARKETING }
audience:
  optedIn: 4000
  markets: { BR: 1 }
  segments:
    - { name: interested, share: 0.2, read: 0.7, reply: 0.03, block: 0.0005, report: 0.0001, optOut: 0.01, inboundPerDay: 0.005 }
    - { name: cold, share: 0.8, read: 0.3, reply: 0.002, block: 0.005, report: 0.0003, optOut: 0.05, inboundPerDay: 0.0005 }
  fatigue: { window: 7d, blockMultiplierPerMessage: 0.5 }
campaigns:
  - { name: flash-offer, template: offer, cadence: daily, window: "09:00-21:00", throttle: { policy: fill-limit } }
`;

export const START = "2026-03-01T23:00:00.000Z";

/** A run summary reaching 10,000 after `tenK` days (null: never) and stalling `hours`. */
export function summary(tenK: number | null, hours: Partial<Record<"messaging-limit" | "template-paused", number>> = {}): RunSummary {
  const total = Object.values(hours).reduce((a, b) => a + (b ?? 0), 0);
  return {
    limit: { initial: 2000, final: tenK === null ? 2000 : 10000 },
    reachedAt: { "10000": tenK === null ? null : new Date(Date.parse(START) + tenK * DAY).toISOString(), unlimited: null },
    messages: { attempted: 100, accepted: 100, delivered: 90, read: 50, failed: 10, deferred: 0, rejected: 0, inFlight: 0, held: 0, dropped: 0 },
    users: { reached: 80, replied: 5, blocked: 1, reported: 0, optedOut: 0 },
    failuresByCode: {},
    paralysis: { episodes: total > 0 ? 1 : 0, hours: total, byCause: hours },
    cost: { currency: "USD", total: 12.5, byCategory: { MARKETING: 12.5 } },
  };
}

/** A synthetic replication over two days, seeded as replication `index` of master seed `master`. */
export function record(index: number, tenK: number | null, hours: Partial<Record<"messaging-limit" | "template-paused", number>> = {}, master = 7): ReplicationRecord {
  return {
    index,
    seed: runSeed(master, "synthetic", index),
    summary: summary(tenK, hours),
    daily: { limit: [2000, tenK === null ? 2000 : 10000], reach: [40 + index, 40], firstReach: [40 + index, 10], delivered: [45, 45], cost: [6, 6.5] },
  };
}

export function header(runs: number, seed = 7): ProjectionHeader {
  return {
    tool: { name: "tiersim", version: "0.1.0" },
    scenario: { name: "synthetic", rules: "meta-2025-10", overrides: {}, timezone: "Europe/Madrid" },
    seed,
    runs,
    start: START,
    end: new Date(Date.parse(START) + 2 * DAY).toISOString(),
    dates: ["2026-03-02", "2026-03-03"],
  };
}
