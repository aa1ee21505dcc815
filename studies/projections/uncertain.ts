// Uncertain parameters per replication: each replication draws every uncertain value from a
// key of its own seed and the parameter's scenario path. The replication seed is a hash of
// (master seed, scenario key, index), the same on every worker and shard and across the
// variants of a sweep, so the draws are too: common random numbers, byte-identical results.
import { distQuantile } from "../../models/uncertain.js";
import { keyedUniform, normalQuantile, streamKey } from "../../sim/engine/index.js";
import type { SimConfig } from "../../sim/config.js";
import { betaQuantile } from "../stats/beta.js";

/**
 * The value of uncertain parameter `path` in the replication with `seed`.
 *
 * @example
 * ```ts
 * drawParameter({ uniform: [0.1, 0.3] }, "audience.segments.all.read", seed); // same on every machine
 * ```
 */
export function drawParameter(dist: Parameters<typeof distQuantile>[0], path: string, seed: number): number {
  const u = keyedUniform(streamKey(seed, `uncertain:${path}`), 0, 0, 0);
  return distQuantile(dist, Math.min(1 - 1e-12, Math.max(1e-12, u)), { normal: normalQuantile, beta: betaQuantile });
}

/**
 * The configuration of the replication with `seed`: every uncertain parameter drawn (the
 * configuration itself when it has none), and the values drawn by path.
 *
 * @example
 * ```ts
 * const { config: drawn, values } = withDrawnParameters(config, seed);
 * simulate(drawn, { seed });
 * ```
 */
export function withDrawnParameters(config: SimConfig, seed: number): { config: SimConfig; values: Record<string, number> } {
  const params = config.uncertain;
  if (params === undefined || params.length === 0) return { config, values: {} };
  const segments = config.audience.segments.map((s) => ({ ...s }));
  const fatigue = { ...config.audience.fatigue };
  const latency = { ...config.audience.latency };
  const ruleSet = params.some((p) => p.kind === "scale" || p.kind === "set") ? (structuredClone(config.ruleSet) as SimConfig["ruleSet"]) : config.ruleSet;
  const values: Record<string, number> = {};
  let growthPerDay = config.audience.growthPerDay;
  let templates = config.templates;
  for (const p of params) {
    const v = drawParameter(p.dist, p.path, seed);
    values[p.path] = v;
    if (p.kind === "segment") segments[p.segment][p.field] = v;
    else if (p.kind === "latency") latency[p.field] = v;
    else if (p.kind === "growth") growthPerDay = v;
    else if (p.kind === "review") {
      if (templates === config.templates) templates = config.templates.map((t) => ({ ...t, review: { ...t.review } }));
      templates[p.template].review[p.field] = v;
    }
    else if (p.kind === "fatigue") fatigue.blockMultiplierPerMessage = v;
    else for (const t of p.targets) setPath(ruleSet, t, p.kind === "scale" ? getPath(ruleSet, t) * v : v);
  }
  // A review's p95 drawn below its median counts as the median (log-normal needs p95 ≥ median).
  if (templates !== config.templates) for (const t of templates) if (t.review.p95 < t.review.median) t.review.p95 = t.review.median;
  return { config: { ...config, templates, ruleSet, audience: { ...config.audience, growthPerDay, segments, fatigue, latency } }, values };
}

/**
 * The configuration with every uncertain parameter at its mean (`--uncertainty none`): what a
 * single run uses, for every replication of a projection — the point-value twin of a scenario.
 *
 * @example
 * ```ts
 * const point = await project(atMeans(config), { runs: 40 }); // bands from sampling noise alone
 * ```
 */
export function atMeans(config: SimConfig): SimConfig {
  const { uncertain: _drawn, ...rest } = config;
  return rest;
}

function getPath(o: unknown, path: string): number {
  const v = path.split(".").reduce<unknown>((x, k) => (x as Record<string, unknown>)[k], o);
  if (typeof v !== "number") throw new RangeError(`rule-set parameter ${path} is not a number`);
  return v;
}

function setPath(o: unknown, path: string, v: number): void {
  const keys = path.split(".");
  const last = keys.pop()!;
  const parent = keys.reduce<unknown>((x, k) => (x as Record<string, unknown>)[k], o) as Record<string, unknown>;
  parent[last] = v;
}
