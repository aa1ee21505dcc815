// One simulated run: the platform (sim/platform/) and the business side (sim/sender/) on one
// discrete-event engine, from the scenario's start to its horizon. Each feature claims its own
// event kinds by name; this file only wires them, fixes the order in which the start schedules
// things (equal times run first-in first-out, so that order is part of the result), runs the
// engine and assembles the result.
import type { SimConfig } from "./config.js";
import { EventKinds, Simulation } from "./engine/index.js";
import { assembleResult } from "./assemble.js";
import { Platform } from "./platform/index.js";
import { Recorder } from "./recorder.js";
import type { RunResult, TraceRow } from "./result.js";
import { Sender } from "./sender/index.js";
import { WebhookLog } from "./webhook-log.js";
import type { Throttle } from "./sender/throttle.js";

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /**
   * Runs the antithetic twin of the run with this seed: every random draw is complemented
   * (u → 1 − u), so a pair of runs, plain and twin, tends to err in opposite directions.
   */
  antithetic?: boolean;
  /** Called once per send attempt, in time order (the `--trace` JSONL rows). */
  trace?: (row: TraceRow) => void;
  /**
   * Called with each webhook body Meta would have sent, one JSON line (no newline) at a time,
   * in time order (`--webhooks`). Without it the run builds none.
   */
  webhooks?: (line: string) => void;
  /** Throttle per campaign index; default: the campaign's declarative `throttle`. */
  throttles?: ReadonlyArray<Throttle | undefined>;
}

/**
 * Runs one scenario once and returns its result (`tiersim/run@1`). Pure: no IO, no clock; the
 * same configuration and seed give the same result, byte for byte once serialised.
 *
 * @example
 * ```ts
 * const loaded = loadScenarioFile("scenarios/quickstart.yaml");
 * if (loaded.ok) {
 *   const result = simulate(compileScenario(loaded.scenario, loaded.ruleSet));
 *   console.log(result.summary.reachedAt.unlimited);
 * }
 * ```
 */
export function simulate(config: SimConfig, options: SimulateOptions = {}): RunResult {
  const seed = options.seed ?? config.seed;
  const engine = new Simulation();
  const kinds = new EventKinds(engine);
  const iso = (t: number): string => new Date(config.startEpoch + t).toISOString();
  const rec = new Recorder(config.dayStarts, config.dayLabels, config.horizon, iso);
  const antithetic = options.antithetic === true;
  const platform = new Platform(config, { seed, antithetic, engine, kinds, rec });
  const sender = new Sender(config, { seed, antithetic, engine, kinds, rec, platform, iso, trace: options.trace, throttles: options.throttles });
  platform.listen(sender);
  const log = options.webhooks ? new WebhookLog(config, { templateName: (t) => platform.templateName(t), limitOf: (p) => platform.limitOf(p), iso }, options.webhooks) : null;
  if (log !== null) {
    const pop = platform.rooms.audience.pop;
    log.marketOf = (user) => pop.market[user];
    platform.tapWire(log);
    rec.onEvent = (t, e) => log.event(t, e);
  }

  // The start's order: the audience and the platform's own timers, then the campaigns, then
  // the limits' timers.
  platform.start();
  sender.start();
  platform.arm();

  engine.runUntil(config.horizon);

  platform.finish();
  log?.finish();
  sender.finish(config.horizon);
  rec.sampleState(config.horizon, platform.headlineLimit, platform.headlineQuality);
  const limits = platform.rooms.limits;
  const result = assembleResult(config, seed, rec, { initialLimit: limits.initialLimit, finalLimit: platform.headlineLimit, reachedAt: limits.reachedAt }, iso);
  if (!antithetic) return result;
  const { schema, tool, scenario, seed: s, ...rest } = result;
  return { schema, tool, scenario, seed: s, antithetic: true, ...rest };
}
