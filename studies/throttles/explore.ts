// Property-based search for scenarios that break a throttle's assertions. fast-check draws
// small scenarios — audience size, era and starting rung, throughput, cadence, template
// troubles, marketing or utility — runs the throttle on each, and shrinks the first violation
// to a minimal one. Each case is written as a scenario file would be (the scenario schema's
// input shape) and compiled through the scenario loader, so the counter-example is a scenario
// that `tiersim check-throttle` replays as it stands.
import type * as FastCheck from "fast-check";
import { RULE_SETS } from "../../models/rules/index.js";
import type { RuleSetId, TemplateCategory } from "../../models/rules/types.js";
import { compileScenario } from "../../scenarios/compile.js";
import { formatIssue, loadScenarioText } from "../../scenarios/load.js";
import type { ScenarioInput } from "../../scenarios/schema.js";
import type { SimConfig } from "../../sim/config.js";
import { checkThrottle, type AssertionFailure, type ThrottleSource } from "./check.js";

/** One generated scenario, as parameters. */
export interface ExploreCase {
  rules: RuleSetId;
  /** Index of the starting limit in the era's ladder (0 = its lowest rung). */
  rung: number;
  /** Opted-in users, all targeted. */
  audience: number;
  days: number;
  cadence: "once" | "daily";
  /** A number shared with the WhatsApp Business app: 20 messages per second instead of 80. */
  coexistence: boolean;
  /** `pending`: the template is in review at the start; `complaints`: users block and report enough to pause it. */
  trouble: "none" | "pending" | "complaints";
  marketing: boolean;
  seed: number;
}

/** Options of {@link exploreThrottle}. */
export interface ExploreOptions {
  /** The fast-check module (`await import("fast-check")`): explore runs on the caller's copy. */
  fc: typeof FastCheck;
  /** Horizon in days of every generated scenario; default: each case's own (1 to 3 days). */
  days?: number;
  /** The throttle for one generated scenario: a factory, or a fresh object per call. */
  makeSource: () => ThrottleSource | Promise<ThrottleSource>;
  /** Assertions every generated scenario must satisfy (default: no overshoot of the limit, throughput or pair rate). */
  assertions?: readonly string[];
  /** Scenarios to try before shrinking (default 100). */
  numRuns?: number;
  /** fast-check seed (default 0): the same seed explores the same scenarios. */
  seed?: number;
}

/** What {@link exploreThrottle} found. */
export type ExploreResult =
  | { ok: true; numRuns: number; seed: number; assertions: string[] }
  | {
      ok: false;
      numRuns: number;
      seed: number;
      assertions: string[];
      /** fast-check's replay path of the shrunk case. */
      path: string;
      /** Scenarios tried, and shrink steps taken. */
      tried: number;
      shrinks: number;
      /** The shrunk case, the scenario file that reproduces it (with `days` applied), and what failed. */
      counterExample: { case: ExploreCase; scenario: ScenarioInput; failures: AssertionFailure[] };
    };

/** Assertions explore checks when given none: the three ways to overshoot. */
export const DEFAULT_EXPLORE_ASSERTIONS: readonly string[] = ["limit.overshoot == 0", "errors.130429 == 0", "errors.131056 == 0"];

// The current era first: fast-check shrinks a constantFrom towards its first value.
const ERAS: readonly RuleSetId[] = ["meta-2025-10", "meta-2023-11", "seed-2023-02", "meta-2021-09"];
const ERA_START: Record<RuleSetId, string> = {
  "meta-2021-09": "2022-03-07T00:00:00Z",
  "seed-2023-02": "2023-03-06T00:00:00Z",
  "meta-2023-11": "2024-03-04T00:00:00Z",
  "meta-2025-10": "2026-03-02T00:00:00Z",
};

/**
 * The fast-check arbitrary of generated scenarios. Every field shrinks towards the simplest
 * scenario: few users, the lowest rung, one day, one send, no trouble.
 *
 * @example
 * ```ts
 * const fc = await import("fast-check");
 * fc.sample(exploreCases(fc), 1)[0]; // { rules: "meta-2025-10", rung: 0, audience: 1234, … }
 * ```
 */
export function exploreCases(fc: typeof FastCheck): FastCheck.Arbitrary<ExploreCase> {
  return fc.record({
    rules: fc.constantFrom(...ERAS),
    rung: fc.integer({ min: 0, max: 2 }),
    audience: fc.integer({ min: 10, max: 5000 }),
    days: fc.integer({ min: 1, max: 3 }),
    cadence: fc.constantFrom("once" as const, "daily" as const),
    coexistence: fc.boolean(),
    trouble: fc.constantFrom("none" as const, "pending" as const, "complaints" as const),
    marketing: fc.boolean(),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
  });
}

/**
 * The scenario-file form of a generated case.
 *
 * @example
 * ```ts
 * caseScenario({ rules: "meta-2025-10", rung: 0, audience: 1001, days: 1, cadence: "once", coexistence: false, trouble: "none", marketing: false, seed: 0 }).business.limit; // 250
 * ```
 */
export function caseScenario(c: ExploreCase): ScenarioInput {
  const ladder = RULE_SETS[c.rules].limit.ladder.filter((l): l is number => l !== null);
  const limit = ladder[Math.min(c.rung, ladder.length - 1)];
  const start = ERA_START[c.rules];
  const complaints = c.trouble === "complaints";
  const template = c.marketing ? "promo" : "notice";
  // The era's own non-marketing category: UTILITY, or a legacy one (SHIPPING_UPDATE…) before 2023.
  const categories = RULE_SETS[c.rules].templates.categories;
  const category: TemplateCategory = c.marketing ? "MARKETING" : categories.includes("UTILITY") ? "UTILITY" : categories.find((k) => k !== "MARKETING")!;
  return {
    name: `explore: ${c.audience} users, limit ${limit}, ${c.rules}`,
    description: `Generated by check-throttle --explore: ${c.audience} users on a ${limit}-user limit (${c.rules}), ${c.coexistence ? "20" : "80"} messages/s, cadence ${c.cadence}, template trouble: ${c.trouble}.`,
    rules: c.rules,
    start,
    days: c.days,
    timezone: "UTC",
    seed: c.seed,
    business: { verification: "verified", limit, quality: "GREEN", phoneNumbers: [{ id: "main", coexistence: c.coexistence }] },
    templates: [
      {
        name: template,
        category,
        status: c.trouble === "pending" ? "PENDING" : "APPROVED",
        ...(c.trouble === "pending" ? { review: { median: "2h", p95: "8h" } } : {}),
      },
    ],
    audience: {
      optedIn: c.audience,
      markets: { ES: 1 },
      segments: [
        {
          name: "all",
          share: 1,
          read: 0.6,
          reply: 0.03,
          block: complaints ? 0.08 : 0.002,
          report: complaints ? 0.02 : 0.0002,
          optOut: 0.002,
          inboundPerDay: 0.002,
        },
      ],
    },
    campaigns: [{ name: "send", template, audience: { segments: ["all"], share: 1 }, start: start.slice(0, 10), cadence: c.cadence, throttle: { policy: "none" } }],
  };
}

/**
 * The configuration of a generated case, compiled through the scenario loader exactly as a file
 * holding {@link caseScenario}'s output would be. A case the loader refuses is a bug in the
 * generator, not a finding: it throws.
 *
 * @example
 * ```ts
 * const config = compileCase(fc.sample(exploreCases(fc), 1)[0], 2);
 * ```
 */
export function compileCase(c: ExploreCase, days?: number): SimConfig {
  const loaded = loadScenarioText(JSON.stringify(caseScenario(c)), "<explore>");
  if (!loaded.ok) throw new Error(`explore generated an invalid scenario:\n${loaded.issues.map((i) => `  ${formatIssue(i)}`).join("\n")}`);
  return compileScenario(loaded.scenario, loaded.ruleSet, { days });
}

/**
 * Searches generated scenarios for one where an assertion fails, and shrinks it.
 *
 * @example
 * ```ts
 * const fc = await import("fast-check");
 * const found = await exploreThrottle({
 *   fc,
 *   makeSource: () => createThrottle, // a factory: fresh state per scenario
 *   numRuns: 50,
 * });
 * if (!found.ok) console.log(stringify(found.counterExample.scenario)); // scenario YAML that replays it
 * ```
 */
export async function exploreThrottle(options: ExploreOptions): Promise<ExploreResult> {
  const { fc, makeSource, days } = options;
  const assertions = [...(options.assertions?.length ? options.assertions : DEFAULT_EXPLORE_ASSERTIONS)];
  const numRuns = options.numRuns ?? 100;
  const seed = options.seed ?? 0;
  const run = async (c: ExploreCase) => checkThrottle(compileCase(c, days), await makeSource(), { assertions });
  const details = await fc.check(
    fc.asyncProperty(exploreCases(fc), async (c) => (await run(c)).ok),
    { numRuns, seed, endOnFailure: false },
  );
  if (!details.failed || details.counterexample === null) return { ok: true, numRuns, seed, assertions };
  const [c] = details.counterexample;
  const check = await run(c);
  const scenario = caseScenario(c);
  return {
    ok: false,
    numRuns,
    seed,
    assertions,
    path: details.counterexamplePath ?? "",
    tried: details.numRuns,
    shrinks: details.numShrinks,
    counterExample: { case: c, scenario: days === undefined ? scenario : { ...scenario, days }, failures: check.failures },
  };
}
