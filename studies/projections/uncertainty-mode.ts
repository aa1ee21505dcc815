// `--uncertainty` on run and sweep: what a projection draws per replication beyond what the
// scenario file says (the unpublished rule-set parameters), or nothing at all (every
// distribution at its mean, the point-value twin to compare bands with).
import { compileScenario } from "../../scenarios/compile.js";
import type { LoadedScenario } from "../../scenarios/load.js";
import type { Scenario } from "../../scenarios/schema.js";
import type { SimConfig } from "../../sim/config.js";
import { atMeans } from "./uncertain.js";

/**
 * `--uncertainty`: `rules` also draws the unpublished rule-set parameters (as
 * `uncertainty: { rules: true }`); `none` puts every distribution of the scenario at its mean.
 */
export type UncertaintyMode = "rules" | "none";

/**
 * A scenario compiled with `--uncertainty` applied; without it, as its file says.
 *
 * @example
 * ```ts
 * const point = compileWith(loaded.scenario, loaded.ruleSet, {}, "none"); // every distribution at its mean
 * ```
 */
export function compileWith(scenario: Scenario, ruleSet: LoadedScenario["ruleSet"], opts: { days?: number; seed?: number }, uncertainty: UncertaintyMode | undefined): SimConfig {
  const s = uncertainty === "rules" ? { ...scenario, uncertainty: { ...scenario.uncertainty, rules: true } } : scenario;
  const config = compileScenario(s, ruleSet, opts);
  return uncertainty === "none" ? atMeans(config) : config;
}
